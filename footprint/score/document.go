package score

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/flags"
)

// Score scores the whole plan. Only footprints that moves have changed
// are recomputed; with geometry, compactness is included.
func (s *Scorer) Score(geometry bool) *footprint.Score {
	a := s.a
	set := s.plan.Settings
	sc := &footprint.Score{Footprints: make([]footprint.FootprintScore, 0, len(s.ids)), PCNs: make([]footprint.PCNScore, 0, len(a.PCNs)), Flags: []footprint.Flag{}}
	for _, f := range s.footprintOrder() {
		sc.Footprints = append(sc.Footprints, s.footprint(f, geometry))
	}
	for p := range a.PCNs {
		sc.PCNs = append(sc.PCNs, s.pcnScore(int32(p)))
	}
	// Flags, by subject.
	for i := range sc.Footprints {
		sc.Flags = append(sc.Flags, flags.Footprint(a, set, &sc.Footprints[i], s)...)
	}
	for i := range sc.PCNs {
		sc.Flags = append(sc.Flags, flags.PCN(set, &sc.PCNs[i], s)...)
	}
	ps := footprint.PlanScore{Name: s.plan.Name, BandMin: set.BandMin, BandMax: set.BandMax, Footprints: len(s.ids), CutEdges: s.cut,
		PCNStatus: map[footprint.PCNStatus]int{footprint.PCNAligned: 0, footprint.PCNCrossBoundary: 0, footprint.PCNRealign: 0, footprint.PCNExternal: 0},
		Flags:     map[footprint.Severity]int{footprint.SeverityError: 0, footprint.SeverityWarning: 0, footprint.SeverityInfo: 0}, Vintages: a.Vintages()}
	sc.Flags = append(sc.Flags, s.scopeFlags(&ps)...)
	for k, kind := range []footprint.AreaKind{footprint.KindWard, footprint.KindMSOA} {
		n, eff, fl := s.splits(kind)
		if k == 0 {
			ps.WardsSplit, ps.WardEffectiveSplits = n, eff
		} else {
			ps.MSOAsSplit, ps.MSOAEffectiveSplits = n, eff
		}
		sc.Flags = append(sc.Flags, fl...)
	}
	totals(sc, &ps)
	flags.Sort(sc.Flags)
	counts := map[string]int{}
	for _, fl := range sc.Flags {
		ps.Flags[fl.Severity]++
		if fl.Subject.Kind == footprint.SubjectFootprint {
			counts[fl.Subject.Code]++
		}
	}
	for i := range sc.Footprints {
		sc.Footprints[i].Flags = counts[sc.Footprints[i].ID]
	}
	sc.Plan = ps
	return sc
}

// scopeFlags records the plan's places and the LSOAs in scope, and flags
// those in no footprint.
func (s *Scorer) scopeFlags(ps *footprint.PlanScore) []footprint.Flag {
	a := s.a
	for _, pl := range s.scope {
		ps.Places = append(ps.Places, a.Places[pl].Code)
	}
	var unassigned []string
	for u, in := range s.inScope {
		if in {
			ps.ScopeLSOAs++
			if s.assign[u] < 0 {
				ps.Unassigned++
				ps.UnassignedPopulation += int64(a.Units[u].Pop)
				unassigned = append(unassigned, a.Units[u].Code)
			}
		}
	}
	if ps.Unassigned > 0 {
		return []footprint.Flag{flags.Unassigned(s.plan.Settings, s.plan.Name, unassigned, ps.UnassignedPopulation)}
	}
	return nil
}

// totals sums the footprint and PCN scores into the plan's: residents,
// footprints in band and contiguous, PCN statuses and containment.
func totals(sc *footprint.Score, ps *footprint.PlanScore) {
	ps.PCNContainmentMin, ps.FootprintContainmentMin = 1, 1
	var pcnSum, fSum float64
	var pcnN, fN int
	for _, p := range sc.PCNs {
		ps.PCNStatus[p.Status]++
		if p.Status != footprint.PCNExternal {
			pcnSum += p.Containment
			pcnN++
			ps.PCNContainmentMin = math.Min(ps.PCNContainmentMin, p.Containment)
		}
	}
	for _, f := range sc.Footprints {
		ps.Population += f.Population
		if f.InBand {
			ps.InBand++
		}
		if f.Components == 1 {
			ps.Contiguous++
		}
		if f.DemandContainment != nil {
			fSum += *f.DemandContainment
			fN++
			ps.FootprintContainmentMin = math.Min(ps.FootprintContainmentMin, *f.DemandContainment)
		}
	}
	if pcnN > 0 {
		ps.PCNContainmentMean = pcnSum / float64(pcnN)
	} else {
		ps.PCNContainmentMin = 0
	}
	if fN > 0 {
		ps.FootprintContainmentMean = fSum / float64(fN)
	} else {
		ps.FootprintContainmentMin = 0
	}
}

// footprintOrder is the footprint indexes sorted by id.
func (s *Scorer) footprintOrder() []int32 {
	if s.order == nil {
		s.order = make([]int32, len(s.ids))
		for i := range s.order {
			s.order[i] = int32(i)
		}
		slices.SortFunc(s.order, func(x, y int32) int { return strings.Compare(s.ids[x], s.ids[y]) })
	}
	return s.order
}

func (s *Scorer) pcnScore(p int32) footprint.PCNScore {
	a := s.a
	pcn := &a.PCNs[p]
	R := s.a.PCNRegistered(p)
	ps := footprint.PCNScore{Code: pcn.Code, Name: pcn.Name, Registered: float64(R) / footprint.Micro, OutsideRegion: float64(s.a.PCNOutside(p)) / footprint.Micro,
		SiteFootprints: make([]footprint.SiteFootprint, 0, len(s.a.PCNSites(p))), Significant: make([]footprint.FootprintShare, 0, 4)}
	threshold := s.plan.Settings.SignificantShare * float64(R)
	h := s.home[p]
	if h >= 0 {
		ps.Home = s.ids[h]
		if R > 0 {
			ps.Containment = float64(s.pr[p][h]) / float64(R)
		}
	}
	// Σ r(p,f)² is summed exactly in 128 bits, so it does not depend on
	// the order footprints are visited in.
	var hi, lo uint64
	for _, f := range s.nz[p] {
		n := uint64(s.pr[p][f])
		h, l := bits.Mul64(n, n)
		var carry uint64
		lo, carry = bits.Add64(lo, l, 0)
		hi += h + carry
		if float64(n) >= threshold {
			ps.Significant = append(ps.Significant, footprint.FootprintShare{ID: s.ids[f], Name: s.name(f), Patients: float64(n) / footprint.Micro, Share: float64(n) / float64(R)})
		}
	}
	// Few footprints hold 10% of a PCN's patients: insertion sort by share,
	// most first, then id.
	sig := ps.Significant
	for i := 1; i < len(sig); i++ {
		for j := i; j > 0 && (sig[j].Share > sig[j-1].Share || (sig[j].Share == sig[j-1].Share && sig[j].ID < sig[j-1].ID)); j-- {
			sig[j], sig[j-1] = sig[j-1], sig[j]
		}
	}
	if R > 0 && (hi > 0 || lo > 0) {
		sumSq := (float64(hi)*0x1p64 + float64(lo)) / (float64(R) * float64(R))
		ps.EffectiveSplits = ptr(1/sumSq - 1)
	}
	allHome, anyAssigned := true, false
	for _, q := range s.a.PCNSites(p) {
		pr := &a.Practices[q]
		f := s.assign[pr.Unit]
		sf := footprint.SiteFootprint{Practice: pr.Code, Name: pr.Name, LSOA: a.Units[pr.Unit].Code}
		if f >= 0 {
			sf.Footprint = s.ids[f]
			anyAssigned = true
		}
		if f < 0 || f != h {
			allHome = false
		}
		ps.SiteFootprints = append(ps.SiteFootprints, sf)
	}
	set := s.plan.Settings
	switch {
	case !anyAssigned:
		ps.Status = footprint.PCNExternal
	case allHome && ps.Containment >= set.PCNAligned:
		ps.Status = footprint.PCNAligned
	case allHome && ps.Containment >= set.PCNRealign:
		ps.Status = footprint.PCNCrossBoundary
	default:
		ps.Status = footprint.PCNRealign
	}
	return ps
}

// AffectedPCNs returns the scores of the PCNs with patients in an LSOA:
// those a move of it changes.
func (s *Scorer) AffectedPCNs(code string) []footprint.PCNScore {
	u, ok := s.a.UnitIndex(code)
	if !ok {
		return nil
	}
	var out []footprint.PCNScore
	for _, c := range s.a.UnitPCNs(u) {
		out = append(out, s.pcnScore(c.PCN))
	}
	return out
}

// splits counts the areas of a kind split across footprints, with their
// effective splits, and flags each.
func (s *Scorer) splits(k footprint.AreaKind) (int, float64, []footprint.Flag) {
	var n int
	var eff float64
	var out []footprint.Flag
	for ar, ps := range s.parts[k] {
		if len(ps) < 2 {
			continue
		}
		n++
		pieces := make([]footprint.Piece, len(ps))
		for i, p := range ps {
			pieces[i] = footprint.Piece{Footprint: s.ids[p.f], Name: s.name(p.f), Residents: p.pop}
		}
		code, name := s.a.AreaCodeName(k, int32(ar))
		fl, e := flags.Split(s.plan.Settings, k, code, name, pieces)
		eff += e
		out = append(out, fl)
	}
	return n, eff, out
}

// FootprintName is the name of the footprint with the id.
func (s *Scorer) FootprintName(id string) string { return s.plan.FootprintName(id) }

// Strangers lists up to n PCNs homed outside footprint id that register
// most of its residents, most first.
func (s *Scorer) Strangers(id string, n int) []footprint.Stranger {
	f, ok := s.index[id]
	if !ok {
		return nil
	}
	type pn struct {
		p int32
		n int64
	}
	var list []pn
	for p := range s.pr {
		if r := s.pr[p][f]; r > 0 && s.home[p] != f {
			list = append(list, pn{int32(p), r})
		}
	}
	slices.SortFunc(list, func(x, y pn) int {
		if c := cmp.Compare(y.n, x.n); c != 0 {
			return c
		}
		return cmp.Compare(x.p, y.p)
	})
	out := make([]footprint.Stranger, 0, min(n, len(list)))
	for _, x := range list[:min(n, len(list))] {
		st := footprint.Stranger{PCN: s.a.PCNs[x.p].Name, Residents: int64(math.Round(float64(x.n) / footprint.Micro))}
		if h := s.home[x.p]; h >= 0 {
			st.Home = s.name(h)
		}
		out = append(out, st)
	}
	return out
}
