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
	// Valid counts the start's footprints that from-pcn and repair keep:
	// in band, in one piece, in one place, not too thin (see keepIDs);
	// in Propose, every footprint of the start.
	Valid int `json:"valid"`
	// Kept counts those none of whose residents moved: all their LSOAs
	// lie in the footprint matched to them, as MovedResidents counts.
	Kept int `json:"kept"`
	// KeptWhole counts those kept that also make up at least nine tenths
	// of that footprint's residents.
	KeptWhole int `json:"kept_whole"`
	// Unchanged counts those whose footprint holds exactly their LSOAs,
	// and perhaps LSOAs the start left unassigned.
	Unchanged int `json:"unchanged"`
}

// KeepPolsbyPopper is the least Polsby-Popper score of a footprint that
// from-pcn and repair keep as valid: a thinner one is mended.
const KeepPolsbyPopper = 0.10

// scorecard scores a plan against the plan it started from, counting
// what it kept of the start's valid footprints (all of them if valid is
// nil).
func scorecard(a *footprint.Atlas, p, from *footprint.Plan, valid map[string]bool) (Scorecard, error) {
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
	card.keptOf(a, from, p, valid)
	return card, nil
}

// keptOf counts the card's Valid, Kept, KeptWhole and Unchanged.
func (card *Scorecard) keptOf(a *footprint.Atlas, from, p *footprint.Plan, valid map[string]bool) {
	match := compare.Match(a, from, p)
	holder := map[string]string{} // from id to the one p id holding all of it, or ""
	pop := map[string]int64{}
	inPlan := map[string]bool{} // from ids with LSOAs in p: those of the places designed
	for code, id := range from.Assign {
		to, ok := p.Assign[code]
		inPlan[id] = inPlan[id] || ok
		if prev, seen := holder[id]; !ok || seen && prev != to {
			to = ""
		}
		holder[id] = to
		if u, ok := a.UnitIndex(code); ok {
			pop[id] += int64(a.Units[u].Pop)
		}
	}
	total := map[string]int64{}           // p id to its residents
	holds := map[string]map[string]bool{} // p id to the from ids in it
	for code, to := range p.Assign {
		if u, ok := a.UnitIndex(code); ok {
			total[to] += int64(a.Units[u].Pop)
		}
		if id, ok := from.Assign[code]; ok {
			if holds[to] == nil {
				holds[to] = map[string]bool{}
			}
			holds[to][id] = true
		}
	}
	for id, to := range holder {
		if !inPlan[id] || valid != nil && !valid[id] {
			continue
		}
		card.Valid++
		if to == "" || match[to] != id {
			continue
		}
		card.Kept++
		if 10*pop[id] >= 9*total[to] {
			card.KeptWhole++
		}
		if len(holds[to]) == 1 {
			card.Unchanged++
		}
	}
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
