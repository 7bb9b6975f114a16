package design

import (
	"math"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/compare"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// Scorecard is an option's plan-level scores, as `footprint score`
// gives them, with its compactness and what changed from the start.
type Scorecard struct {
	footprint.PlanScore
	// PolsbyPopperMean and PolsbyPopperMin are over the footprints, 0 to 1.
	PolsbyPopperMean float64 `json:"polsby_popper_mean"`
	PolsbyPopperMin  float64 `json:"polsby_popper_min"`
	// MovedLSOAs and MovedResidents are counted against the start (the
	// PCN catchments, or the draft in repair) by one-to-one matching of
	// old and new footprints on the residents they share.
	MovedLSOAs     int   `json:"moved_lsoas"`
	MovedResidents int64 `json:"moved_residents"`
	// Kept counts the start's footprints unchanged: the same LSOAs.
	Kept int `json:"kept"`
}

// KeepPolsbyPopper is the least Polsby-Popper score of a footprint that
// from-pcn and repair keep as valid: a thinner one is mended.
const KeepPolsbyPopper = 0.10

// scorecard scores a plan against the plan it started from.
func scorecard(a *footprint.Atlas, p, from *footprint.Plan) (Scorecard, error) {
	s, err := score.NewScorer(a, p)
	if err != nil {
		return Scorecard{}, err
	}
	sc := s.Score(true)
	card := Scorecard{PlanScore: sc.Plan, PolsbyPopperMin: math.Inf(1)}
	n := 0
	for _, f := range sc.Footprints {
		if f.LSOAs == 0 || f.PolsbyPopper == nil {
			continue
		}
		n++
		card.PolsbyPopperMean += *f.PolsbyPopper
		card.PolsbyPopperMin = min(card.PolsbyPopperMin, *f.PolsbyPopper)
	}
	if n > 0 {
		card.PolsbyPopperMean /= float64(n)
	} else {
		card.PolsbyPopperMin = 0
	}
	card.MovedLSOAs, card.MovedResidents = compare.Moved(a, from, p)
	card.Kept = unchanged(from, p)
	return card, nil
}

// unchanged counts the footprints of from with exactly the same LSOAs as
// a footprint of p.
func unchanged(from, p *footprint.Plan) int {
	sets := func(pl *footprint.Plan) map[string]string {
		by := map[string][]string{}
		for code, id := range pl.Assign {
			by[id] = append(by[id], code)
		}
		out := map[string]string{}
		for id, codes := range by {
			slices.Sort(codes)
			out[id] = strings.Join(codes, ",")
		}
		return out
	}
	now := map[string]bool{}
	for _, sig := range sets(p) {
		now[sig] = true
	}
	n := 0
	for _, sig := range sets(from) {
		if now[sig] {
			n++
		}
	}
	return n
}

// keepIDs is the footprints of the start that from-pcn and repair keep:
// those valid already (in band, in one piece, in one place, and no
// thinner than KeepPolsbyPopper), less those the options unlock. An
// unlocked id the start does not have is an EInvalid error.
func keepIDs(a *footprint.Atlas, opt Options, from *footprint.Plan) (map[string]bool, error) {
	p := from.Clone()
	p.Settings = opt.Settings
	s, err := score.NewScorer(a, p)
	if err != nil {
		return nil, err
	}
	unlock := map[string]bool{}
	for _, id := range opt.Unlock {
		if _, ok := p.Lookup(id); !ok {
			return nil, footprint.Errorf(footprint.EInvalid, "cannot unlock footprint %q: the plan the design starts from has none of that id", id)
		}
		unlock[id] = true
	}
	keep := map[string]bool{}
	for _, f := range s.Score(true).Footprints {
		if f.LSOAs > 0 && f.InBand && f.Components == 1 && len(f.Places) == 1 && f.PolsbyPopper != nil &&
			*f.PolsbyPopper >= KeepPolsbyPopper && !unlock[f.ID] {
			keep[f.ID] = true
		}
	}
	return keep, nil
}
