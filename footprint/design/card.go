package design

import (
	"math"

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
	// Kept counts the start's footprints unchanged: all their LSOAs in one
	// footprint, with no others but LSOAs the start left unassigned.
	Kept int `json:"kept"`
	// KeptWhole counts the start's footprints whose LSOAs all lie in one
	// footprint they make up at least nine tenths of, by residents: kept,
	// perhaps with a pocket no other footprint could hold.
	KeptWhole int `json:"kept_whole"`
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
	card.KeptWhole = keptWhole(a, from, p)
	return card, nil
}

// unchanged counts the footprints of from whose LSOAs all lie in one
// footprint of p that holds nothing else but LSOAs from left unassigned.
func unchanged(from, p *footprint.Plan) int {
	whole := map[string]string{} // from id to the one p id holding it, or "" if split
	for code, id := range from.Assign {
		to := p.Assign[code]
		if prev, ok := whole[id]; ok && prev != to {
			to = ""
		}
		whole[id] = to
	}
	holds := map[string]map[string]bool{} // p id to the from ids in it
	for code, to := range p.Assign {
		if id, ok := from.Assign[code]; ok {
			if holds[to] == nil {
				holds[to] = map[string]bool{}
			}
			holds[to][id] = true
		}
	}
	n := 0
	for id, to := range whole {
		if to != "" && len(holds[to]) == 1 && holds[to][id] {
			n++
		}
	}
	return n
}

// keptWhole counts the footprints of from whose LSOAs all lie in one
// footprint of p and make up at least nine tenths of its residents.
func keptWhole(a *footprint.Atlas, from, p *footprint.Plan) int {
	whole := map[string]string{}
	pop := map[string]int64{}
	for code, id := range from.Assign {
		to := p.Assign[code]
		if prev, ok := whole[id]; ok && prev != to {
			to = ""
		}
		whole[id] = to
		u, _ := a.UnitIndex(code)
		pop[id] += int64(a.Units[u].Pop)
	}
	total := map[string]int64{}
	for code, to := range p.Assign {
		u, _ := a.UnitIndex(code)
		total[to] += int64(a.Units[u].Pop)
	}
	n := 0
	for id, to := range whole {
		if to != "" && 10*pop[id] >= 9*total[to] {
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
