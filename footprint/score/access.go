package score

import (
	"cmp"
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
)

// Atlas returns the atlas the plan is scored on.
func (s *Scorer) Atlas() *footprint.Atlas { return s.a }

// Footprints returns the ids of the plan's footprints, in id order.
func (s *Scorer) Footprints() []string {
	order := s.footprintOrder()
	ids := make([]string, len(order))
	for i, f := range order {
		ids[i] = s.ids[f]
	}
	return ids
}

// FootprintOf returns the id of the footprint unit u is in, or "" if it is
// unassigned.
func (s *Scorer) FootprintOf(u int32) string {
	if f := s.assign[u]; f >= 0 {
		return s.ids[f]
	}
	return ""
}

// Members returns the units of footprint id, sorted. The slice is shared:
// callers must not change it, and it is valid until the next move.
func (s *Scorer) Members(id string) []int32 {
	if f, ok := s.index[id]; ok {
		return s.members[f]
	}
	return nil
}

// Totals are a footprint's residents, need-weighted residents and
// registered residents, the last two in micro-residents (see
// footprint.Micro).
type Totals struct {
	Residents       int64
	NeedMicro       int64
	RegisteredMicro int64
}

// Totals returns the totals of footprint id, zero if there is none.
func (s *Scorer) Totals(id string) Totals {
	f, ok := s.index[id]
	if !ok {
		return Totals{}
	}
	return Totals{Residents: s.pop[f], NeedMicro: s.need[f], RegisteredMicro: s.reg[f]}
}

// PCN returns the score of PCN p, by index.
func (s *Scorer) PCN(p int32) footprint.PCNScore { return s.pcnScore(p) }

// PCNShares lists the footprints holding PCN p's patients, by index, most
// first (ties by id), with their share of all its patients.
func (s *Scorer) PCNShares(p int32) []footprint.FootprintShare {
	R := float64(s.a.PCNRegistered(p))
	out := make([]footprint.FootprintShare, 0, len(s.nz[p]))
	for _, f := range s.nz[p] {
		n := float64(s.pr[p][f])
		out = append(out, footprint.FootprintShare{ID: s.ids[f], Name: s.name(f), Patients: n / footprint.Micro, Share: n / max(R, 1)})
	}
	slices.SortFunc(out, func(x, y footprint.FootprintShare) int {
		return cmp.Or(cmp.Compare(y.Patients, x.Patients), cmp.Compare(x.ID, y.ID))
	})
	return out
}
