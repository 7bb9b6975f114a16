package footprint

import (
	"cmp"
	"math"
	"slices"

	"github.com/nhs-footprint/footprint/geo/graph"
)

// Micro is the fixed-point scale of patient counts in the indexes and the
// scorer: sums of int64 micro-patients are exact and independent of order,
// so an incremental update gives the same figures as a full rescore.
const Micro = 1e6

// ToMicro converts a count of patients to micro-patients.
func ToMicro(n float64) int64 { return int64(math.Round(n * Micro)) }

// PCNCount is the patients of one PCN, in micro-patients.
type PCNCount struct {
	PCN int32
	N   int64
}

// index is what scoring, design and reports need from the atlas,
// computed once when the atlas is built or read.
type index struct {
	unitReg []int64      // registered residents of each unit, all practices
	unitPCN [][]PCNCount // per unit, patients per PCN, by PCN index
	pcnR    []int64      // R(p): all patients of each PCN, wherever they live
	pcnOut  []int64      // patients of each PCN outside the region or with no LSOA
	touch   *graph.Graph // pairs sharing 1 m or less
	sites   [][]int32    // per PCN, its practices that have a site unit
	leader  []int32      // per unit, the PCN with most patients there (ties to the lower code), -1 if none
	need    []int64      // per unit, need-weighted residents in micro-residents
	sitesIn [][]int32    // per unit, the current practices sited in it
}

// UnitRegistered is the residents of unit u registered with any
// practice, in micro-patients.
func (a *Atlas) UnitRegistered(u int32) int64 { return a.ix.unitReg[u] }

// UnitPCNs is the patients of each PCN living in unit u, in PCN order.
// The slice is shared: callers must not change it.
func (a *Atlas) UnitPCNs(u int32) []PCNCount { return a.ix.unitPCN[u] }

// PCNRegistered is R(p): all patients of PCN p, wherever they live, in
// micro-patients.
func (a *Atlas) PCNRegistered(p int32) int64 { return a.ix.pcnR[p] }

// PCNOutside is the patients of PCN p living outside the region or with
// no usable LSOA, in micro-patients.
func (a *Atlas) PCNOutside(p int32) int64 { return a.ix.pcnOut[p] }

// PCNSites is the practices of PCN p that have a site in a unit. The
// slice is shared: callers must not change it.
func (a *Atlas) PCNSites(p int32) []int32 { return a.ix.sites[p] }

// Leader is the PCN with most patients in unit u, ties to the lower code,
// or -1 if none.
func (a *Atlas) Leader(u int32) int32 { return a.ix.leader[u] }

// Need is unit u's need-weighted residents, in micro-residents (see
// NeedWeightBeta).
func (a *Atlas) Need(u int32) int64 { return a.ix.need[u] }

// SitesIn is the current practices sited in unit u. The slice is shared:
// callers must not change it.
func (a *Atlas) SitesIn(u int32) []int32 { return a.ix.sitesIn[u] }

// TouchGraph joins the units that share 1 m of boundary or less: not
// neighbours, but their boundary is not perimeter either.
func (a *Atlas) TouchGraph() *graph.Graph { return a.ix.touch }

func (a *Atlas) buildScoreIndex() {
	ix := &index{unitReg: make([]int64, len(a.Units)), unitPCN: make([][]PCNCount, len(a.Units)),
		pcnR: make([]int64, len(a.PCNs)), pcnOut: make([]int64, len(a.PCNs)), sites: make([][]int32, len(a.PCNs))}
	for u := range a.Units {
		ix.unitReg[u], ix.unitPCN[u] = a.unitCounts(int32(u))
	}
	for q := range a.Practices {
		pr := &a.Practices[q]
		if pr.PCN < 0 {
			continue
		}
		in := int64(0)
		a.PracticePatients(int32(q), func(_ int32, n float64) { in += ToMicro(n) })
		out := ToMicro(pr.OutsideRegion) + ToMicro(pr.NoLSOA)
		ix.pcnR[pr.PCN] += in + out
		ix.pcnOut[pr.PCN] += out
		if pr.Unit >= 0 {
			ix.sites[pr.PCN] = append(ix.sites[pr.PCN], int32(q))
		}
	}
	ix.touch = graph.NewGraph(len(a.Units), a.Touches)
	ix.need = a.needWeights()
	ix.sitesIn = make([][]int32, len(a.Units))
	for q := range a.Practices {
		if pr := &a.Practices[q]; pr.Current && pr.Unit >= 0 {
			ix.sitesIn[pr.Unit] = append(ix.sitesIn[pr.Unit], int32(q))
		}
	}
	ix.leader = make([]int32, len(a.Units))
	for u := range a.Units {
		ix.leader[u] = a.leaderOf(ix.unitPCN[u])
	}
	a.ix = ix
}

// unitCounts sums unit u's registered residents, and its patients by PCN.
func (a *Atlas) unitCounts(u int32) (int64, []PCNCount) {
	var reg int64
	var counts []PCNCount
	a.UnitPatients(u, func(q int32, n float64) {
		m := ToMicro(n)
		reg += m
		if p := a.Practices[q].PCN; p >= 0 {
			i := slices.IndexFunc(counts, func(c PCNCount) bool { return c.PCN == p })
			if i < 0 {
				counts = append(counts, PCNCount{PCN: p})
				i = len(counts) - 1
			}
			counts[i].N += m
		}
	})
	slices.SortFunc(counts, func(x, y PCNCount) int { return cmp.Compare(x.PCN, y.PCN) })
	return reg, counts
}

// leaderOf is the PCN with the most patients among counts, ties to the
// lower code, or -1 if none.
func (a *Atlas) leaderOf(counts []PCNCount) int32 {
	best, bestN := int32(-1), int64(0)
	for _, c := range counts {
		if c.N > bestN || (c.N == bestN && c.N > 0 && a.PCNs[c.PCN].Code < a.PCNs[best].Code) {
			best, bestN = c.PCN, c.N
		}
	}
	return best
}

// NeedWeightBeta is the weight the IMD health deprivation and disability
// score carries in need-weighted population:
//
//	need(u) = k × residents(u) × exp(NeedWeightBeta × health(u))
//
// with one factor k for the whole atlas, chosen so that the atlas's
// need-weighted total equals its Census total. The health score is
// centred on 0 for England with a spread of about 1, so an LSOA one point
// more deprived counts about 28% more residents, and London's total is
// unchanged.
const NeedWeightBeta = 0.25

// needWeights computes every unit's need-weighted population in
// micro-residents.
func (a *Atlas) needWeights() []int64 {
	raw := make([]float64, len(a.Units))
	var pop, sum float64
	for i := range a.Units {
		u := &a.Units[i]
		w := 1.0
		if u.IMD.Known {
			w = math.Exp(NeedWeightBeta * u.IMD.Domains[3])
		}
		raw[i] = float64(u.Pop) * w
		pop += float64(u.Pop)
		sum += raw[i]
	}
	k := 1.0
	if sum > 0 {
		k = pop / sum
	}
	out := make([]int64, len(a.Units))
	for i := range raw {
		out[i] = ToMicro(k * raw[i])
	}
	return out
}

// AreaKind is a boundary layer footprints are scored against.
type AreaKind int

// The area kinds. Places are viewed as areas.
const (
	KindWard AreaKind = iota
	KindMSOA
	KindBorough
	KindICB
	KindPlace
	NumAreaKinds
)

// AreaOf is the index of unit u's area of kind k, or -1.
func (a *Atlas) AreaOf(k AreaKind, u int32) int32 {
	switch k {
	case KindWard:
		return a.Units[u].Ward
	case KindMSOA:
		return a.Units[u].MSOA
	case KindBorough:
		return a.Units[u].Borough
	case KindICB:
		return a.Units[u].ICB
	}
	return a.Units[u].Place
}

// AreaList returns the areas of a kind; places are viewed as areas. The
// slice is shared: callers must not change it.
func (a *Atlas) AreaList(k AreaKind) []Area {
	switch k {
	case KindWard:
		return a.Wards
	case KindMSOA:
		return a.MSOAs
	case KindBorough:
		return a.Boroughs
	case KindICB:
		return a.ICBs
	}
	return a.placeAreas
}

// AreaCodeName returns an area's code and display name (MSOAs by their
// House of Commons Library name where there is one).
func (a *Atlas) AreaCodeName(k AreaKind, i int32) (string, string) {
	ar := &a.AreaList(k)[i]
	if k == KindMSOA && ar.Alt != "" {
		return ar.Code, ar.Alt
	}
	return ar.Code, ar.Name
}
