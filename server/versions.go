package server

import (
	"context"
	"fmt"
	"reflect"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/compare"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// CardedVersions is how many of the newest versions the versions list
// scores, so a user sees at a glance when the plan got better or worse.
const CardedVersions = 60

// withCards fills in the scorecard of the newest versions of plan id
// (vs is newest first). It replays the edits on one scorer from the
// oldest of them, so each version costs one edit and one score, and keeps
// the cards with the open plan: versions never change.
func (s *Server) withCards(ctx context.Context, id string, vs []footprint.Version) error {
	n := min(len(vs), CardedVersions)
	ss, err := s.lockSession(ctx, id)
	if err != nil {
		return err
	}
	have := ss.cards
	ss.mu.Unlock()
	missing := 0
	for i := range n {
		if c, ok := have[vs[i].Version]; ok {
			vs[i].Card = &c
		} else {
			missing = i + 1
		}
	}
	if missing == 0 {
		return nil
	}
	made, err := s.replayCards(ctx, id, vs[:missing])
	if err != nil {
		return err
	}
	ss.mu.Lock()
	if ss.cards == nil {
		ss.cards = map[int]footprint.Scorecard{}
	}
	for v, c := range made {
		ss.cards[v] = c
	}
	ss.mu.Unlock()
	for i := range missing {
		c := made[vs[i].Version]
		vs[i].Card = &c
	}
	return nil
}

// replayCards scores each of vs (newest first), loading the oldest and
// applying the later edits in turn.
func (s *Server) replayCards(ctx context.Context, id string, vs []footprint.Version) (map[int]footprint.Scorecard, error) {
	cards := map[int]footprint.Scorecard{}
	var sc *score.Scorer
	for i := len(vs) - 1; i >= 0; i-- {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v := vs[i]
		if sc == nil || !replay(sc, v.Edit) {
			p, _, err := s.store.LoadPlan(ctx, id, v.Version)
			if err != nil {
				return nil, err
			}
			p.Repair()
			if sc, err = score.NewScorer(s.atlas, p); err != nil {
				return nil, fmt.Errorf("score plan %s version %d: %w", id, v.Version, err)
			}
		}
		cards[v.Version] = compare.Scorecard(fmt.Sprintf("v%d", v.Version), sc.Score(false))
	}
	return cards, nil
}

// replay applies a stored edit to the scorer, reporting false when it
// cannot (a restored version, or an edit the scorer refuses), in which
// case the caller loads that version whole.
func replay(sc *score.Scorer, e footprint.Edit) bool {
	// Only the kinds of edit replayed here; any other is loaded whole.
	known := footprint.Edit{Assign: e.Assign, Footprints: e.Footprints, Name: e.Name, Settings: e.Settings}
	if !reflect.DeepEqual(known, e) {
		return false
	}
	if e.Name != nil || e.Settings != nil || len(e.Footprints) > 0 {
		if sc.Update(e.Name, e.Settings, e.Footprints) != nil {
			return false
		}
	}
	if len(e.Assign) > 0 {
		changes := make([]footprint.Change, len(e.Assign))
		for i, a := range e.Assign {
			changes[i].LSOA = a.LSOA
			if a.To != "" {
				changes[i].Footprint = &a.To
			}
		}
		if _, _, err := sc.Apply(changes); err != nil {
			return false
		}
	}
	return true
}
