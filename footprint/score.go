package footprint

import (
	"cmp"
	"math"
	"slices"

	"github.com/nhs-footprint/footprint/geo/graph"
	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/paulmach/orb"
)

// micro is the fixed-point scale of patient counts in the scorer: sums of
// int64 micro-patients are exact and independent of order, so an
// incremental update gives the same figures as a full rescore.
const micro = 1e6

func toMicro(n float64) int64 { return int64(math.Round(n * micro)) }

// scoreIndex is what the scorer needs from the atlas, computed once.
type scoreIndex struct {
	unitReg []int64      // registered residents of each unit, all practices
	unitPCN [][]pcnCount // per unit, patients per PCN
	pcnR    []int64      // R(p): all patients of each PCN, wherever they live
	pcnOut  []int64      // patients of each PCN outside the region or with no LSOA
	touch   *graph.Graph // pairs sharing 1 m or less
	sites   [][]int32    // per PCN, its practices that have a site unit
	leader  []int32      // per unit, the PCN with most patients there (ties to the lower code), -1 if none
	need    []int64      // per unit, need-weighted residents in micro-residents
	sitesIn [][]int32    // per unit, the current practices sited in it
}

type pcnCount struct {
	pcn int32
	n   int64
}

func (a *Atlas) buildScoreIndex() {
	ix := &scoreIndex{unitReg: make([]int64, len(a.Units)), unitPCN: make([][]pcnCount, len(a.Units)),
		pcnR: make([]int64, len(a.PCNs)), pcnOut: make([]int64, len(a.PCNs)), sites: make([][]int32, len(a.PCNs))}
	for u := range a.Units {
		var counts []pcnCount
		a.UnitPatients(int32(u), func(q int32, n float64) {
			m := toMicro(n)
			ix.unitReg[u] += m
			if p := a.Practices[q].PCN; p >= 0 {
				i := slices.IndexFunc(counts, func(c pcnCount) bool { return c.pcn == p })
				if i < 0 {
					counts = append(counts, pcnCount{pcn: p})
					i = len(counts) - 1
				}
				counts[i].n += m
			}
		})
		slices.SortFunc(counts, func(x, y pcnCount) int { return cmp.Compare(x.pcn, y.pcn) })
		ix.unitPCN[u] = counts
	}
	for q := range a.Practices {
		pr := &a.Practices[q]
		if pr.PCN < 0 {
			continue
		}
		in := int64(0)
		a.PracticePatients(int32(q), func(_ int32, n float64) { in += toMicro(n) })
		out := toMicro(pr.OutsideRegion) + toMicro(pr.NoLSOA)
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
		best, bestN := int32(-1), int64(0)
		for _, c := range ix.unitPCN[u] {
			if c.n > bestN || (c.n == bestN && c.n > 0 && a.PCNs[c.pcn].Code < a.PCNs[best].Code) {
				best, bestN = c.pcn, c.n
			}
		}
		ix.leader[u] = best
	}
	a.score = ix
}

// areaKind indexes the boundary layers a footprint is scored against.
type areaKind int

const (
	kindWard areaKind = iota
	kindMSOA
	kindBorough
	kindICB
	kindPlace
	numKinds
)

func (a *Atlas) areaOf(k areaKind, u int32) int32 {
	switch k {
	case kindWard:
		return a.Units[u].Ward
	case kindMSOA:
		return a.Units[u].MSOA
	case kindBorough:
		return a.Units[u].Borough
	case kindICB:
		return a.Units[u].ICB
	}
	return a.Units[u].Place
}

// areaList returns the areas of a kind; places are viewed as areas.
func (a *Atlas) areaList(k areaKind) []Area {
	switch k {
	case kindWard:
		return a.Wards
	case kindMSOA:
		return a.MSOAs
	case kindBorough:
		return a.Boroughs
	case kindICB:
		return a.ICBs
	}
	return a.placeAreas
}

func (a *Atlas) areaCount(k areaKind) int { return len(a.areaList(k)) }

// areaCodeName returns an area's code and display name (MSOAs by their
// House of Commons Library name where there is one).
func (a *Atlas) areaCodeName(k areaKind, i int32) (string, string) {
	ar := &a.areaList(k)[i]
	if k == kindMSOA && ar.Alt != "" {
		return ar.Code, ar.Alt
	}
	return ar.Code, ar.Name
}

func (a *Atlas) areaPop(k areaKind, i int32) int64 { return a.areaList(k)[i].Pop }

func (a *Atlas) areaUnits(k areaKind, i int32) int { return len(a.areaList(k)[i].Units) }

// part is the piece of an area inside one footprint.
type part struct {
	f     int32
	pop   int64
	units int32
}

// Scorer holds a plan's assignment with the aggregates needed to score
// it, and keeps them up to date as LSOAs move, so that a move costs
// microseconds rather than a full rescore. It is not safe for concurrent
// use.
type Scorer struct {
	a     *Atlas
	ix    *scoreIndex
	plan  *Plan
	ids   []string // footprint index to id
	index map[string]int32

	assign  []int32   // unit to footprint index, -1 unassigned
	members [][]int32 // footprint to its units, sorted
	pop     []int64
	need    []int64   // need-weighted residents of each footprint, micro
	reg     []int64   // registered residents of each footprint
	pr      [][]int64 // pr[p][f] = r(p, f)
	nz      [][]int32 // per PCN, the footprints where r(p, f) > 0, unordered
	home    []int32   // h(p), -1 if p has no patients in any footprint
	parts   [numKinds][][]part
	cut     int // adjacency edges between two different footprints
	inScope []bool
	scope   []int32 // place indexes in scope

	order     []int32 // footprint indexes sorted by id; nil when stale
	cache     []FootprintScore
	dirty     []bool
	geomDirty []bool
	touched   []int32  // footprints a move has marked, for Move's answer
	infoAt    []int    // footprint to its position in plan.Footprints
	seen      []uint32 // scratch marks for searches, by unit
	stack     []int32  // scratch stack for searches
	gen       uint32   // the current mark in seen
}

// name is the display name of footprint f. Footprints keep their place
// in the plan's list while it is scored, so the position is cached.
func (s *Scorer) name(f int32) string {
	if i := s.infoAt[f]; i < len(s.plan.Footprints) && s.plan.Footprints[i].ID == s.ids[f] {
		return s.plan.Footprints[i].Name
	}
	return s.plan.Footprint(s.ids[f]).Name
}

// nextGen starts a new search over seen.
func (s *Scorer) nextGen() uint32 {
	s.gen++
	if s.gen == 0 {
		clear(s.seen)
		s.gen = 1
	}
	return s.gen
}

// markDirty records that f's score must be recomputed.
func (s *Scorer) markDirty(f int32, geometry bool) {
	s.dirty[f] = true
	if geometry {
		s.geomDirty[f] = true
	}
	s.touched = append(s.touched, f)
}

// NewScorer builds a scorer for a plan, which must pass Check. The plan's
// assignment is copied; later changes go through Move.
func NewScorer(a *Atlas, p *Plan) (*Scorer, error) {
	if err := p.Check(a); err != nil {
		return nil, err
	}
	s := &Scorer{a: a, ix: a.score, plan: p, index: map[string]int32{}, assign: make([]int32, len(a.Units)), seen: make([]uint32, len(a.Units))}
	s.home = make([]int32, len(a.PCNs))
	s.pr = make([][]int64, len(a.PCNs))
	s.nz = make([][]int32, len(a.PCNs))
	for k := range numKinds {
		s.parts[k] = make([][]part, a.areaCount(k))
	}
	for i := range s.assign {
		s.assign[i] = -1
	}
	for _, f := range p.Footprints {
		s.addFootprint(f.ID)
	}
	// Assign in unit order, so the aggregates are built the same way
	// whatever order the plan's map gives.
	for u := range a.Units {
		if id, ok := p.Assign[a.Units[u].Code]; ok {
			s.place(int32(u), s.addFootprint(id))
		}
	}
	s.setScope()
	for pcn := range s.home {
		s.home[pcn] = s.computeHome(int32(pcn))
	}
	return s, nil
}

func (s *Scorer) setScope() {
	a := s.a
	s.inScope = make([]bool, len(a.Units))
	s.scope = s.scope[:0]
	if len(s.plan.Places) == 0 {
		seen := map[int32]bool{}
		for u, f := range s.assign {
			if pl := a.Units[u].Place; f >= 0 && pl >= 0 && !seen[pl] {
				seen[pl] = true
				s.scope = append(s.scope, pl)
			}
		}
		slices.Sort(s.scope)
		// The inferred scope becomes the plan's, so it stays put as LSOAs move.
		for _, pl := range s.scope {
			s.plan.Places = append(s.plan.Places, a.Places[pl].Code)
		}
	} else {
		for _, code := range s.plan.Places {
			s.scope = append(s.scope, a.PlaceIndex(code))
		}
	}
	for _, pl := range s.scope {
		for _, u := range a.Places[pl].Units {
			s.inScope[u] = true
		}
	}
}

// addFootprint returns the index of the footprint id, adding it if new.
func (s *Scorer) addFootprint(id string) int32 {
	if i, ok := s.index[id]; ok {
		return i
	}
	i := int32(len(s.ids))
	s.index[id] = i
	s.ids = append(s.ids, id)
	s.members = append(s.members, nil)
	s.pop = append(s.pop, 0)
	s.need = append(s.need, 0)
	s.reg = append(s.reg, 0)
	for p := range s.pr {
		s.pr[p] = append(s.pr[p], 0)
	}
	s.order = nil
	s.cache = append(s.cache, FootprintScore{})
	s.dirty = append(s.dirty, true)
	s.geomDirty = append(s.geomDirty, true)
	s.plan.Footprint(id)
	s.infoAt = append(s.infoAt, s.plan.index[id])
	return i
}

// place puts unassigned unit u in footprint f, updating every aggregate.
func (s *Scorer) place(u, f int32) {
	s.assign[u] = f
	m := s.members[f]
	i, _ := slices.BinarySearch(m, u)
	s.members[f] = slices.Insert(m, i, u)
	s.account(u, f, +1)
}

// remove takes unit u out of its footprint.
func (s *Scorer) remove(u int32) {
	f := s.assign[u]
	m := s.members[f]
	i, _ := slices.BinarySearch(m, u)
	s.members[f] = slices.Delete(m, i, i+1)
	s.account(u, f, -1)
	s.assign[u] = -1
}

// account adds (sign +1) or removes (-1) unit u's contribution to f.
func (s *Scorer) account(u, f int32, sign int64) {
	a := s.a
	pop := int64(a.Units[u].Pop)
	s.pop[f] += sign * pop
	s.need[f] += sign * s.ix.need[u]
	s.reg[f] += sign * s.ix.unitReg[u]
	for _, c := range s.ix.unitPCN[u] {
		before := s.pr[c.pcn][f]
		s.pr[c.pcn][f] += sign * c.n
		switch after := s.pr[c.pcn][f]; {
		case before == 0 && after != 0:
			s.nz[c.pcn] = append(s.nz[c.pcn], f)
		case before != 0 && after == 0:
			list := s.nz[c.pcn]
			i := slices.Index(list, f)
			list[i] = list[len(list)-1]
			s.nz[c.pcn] = list[:len(list)-1]
		}
	}
	for k := range numKinds {
		ar := a.areaOf(k, u)
		if ar < 0 {
			continue
		}
		ps := s.parts[k][ar]
		i := slices.IndexFunc(ps, func(p part) bool { return p.f == f })
		if i < 0 {
			ps = append(ps, part{f: f})
			i = len(ps) - 1
		}
		ps[i].pop += sign * pop
		ps[i].units += int32(sign)
		if ps[i].units == 0 {
			ps = slices.Delete(ps, i, i+1)
		}
		s.parts[k][ar] = ps
	}
	// Cut edges: with u in f (after adding, before removing), an edge to
	// an assigned neighbour in another footprint is cut.
	for _, v := range a.graph.Neighbours(u) {
		if g := s.assign[v]; g >= 0 && g != f {
			s.cut += int(sign)
		}
	}
	s.markDirty(f, true)
	// A neighbouring footprint may now be (or no longer be) enclosed.
	for _, list := range [][]int32{a.graph.Neighbours(u), s.ix.touch.Neighbours(u)} {
		for _, v := range list {
			if g := s.assign[v]; g >= 0 && g != f && !s.dirty[g] {
				if e := s.enclosedBy(g); e != s.cache[g].EnclosedBy {
					s.cache[g].EnclosedBy = e
					s.touched = append(s.touched, g)
				}
			}
		}
	}
}

// computeHome is h(p): the footprint with the most of p's patients, ties
// to the lower footprint id.
func (s *Scorer) computeHome(p int32) int32 {
	best, bestN := int32(-1), int64(0)
	for _, f := range s.nz[p] {
		n := s.pr[p][f]
		if n > bestN || (n == bestN && n > 0 && s.ids[f] < s.ids[best]) {
			best, bestN = f, n
		}
	}
	return best
}

// Move assigns unit u to the footprint id, creating the footprint if the
// plan has none of that id; an empty id unassigns u. It returns the ids
// of the footprints whose scores changed.
func (s *Scorer) Move(code, id string) ([]string, error) {
	u, ok := s.a.UnitIndex(code)
	if !ok {
		return nil, Errorf(EInvalid, "unknown LSOA code %q", code)
	}
	old := s.assign[u]
	to := int32(-1)
	if id != "" {
		to = s.addFootprint(id)
	}
	if old == to {
		return nil, nil
	}
	s.touched = s.touched[:0]
	if old >= 0 {
		s.remove(u)
		delete(s.plan.Assign, code)
	}
	if to >= 0 {
		s.place(u, to)
		s.plan.Assign[code] = id
	}
	// A PCN whose home moves changes the containment of both homes; other
	// footprints' containment does not depend on this LSOA.
	for _, c := range s.ix.unitPCN[u] {
		h := s.computeHome(c.pcn)
		if was := s.home[c.pcn]; h != was {
			s.home[c.pcn] = h
			for _, g := range [2]int32{was, h} {
				if g >= 0 {
					s.markDirty(g, false)
				}
			}
		}
	}
	var changed []string
	for _, f := range s.touched {
		changed = append(changed, s.ids[f])
	}
	slices.Sort(changed)
	return slices.Compact(changed), nil
}

// Plan returns the plan as it now stands.
func (s *Scorer) Plan() *Plan { return s.plan }

// Footprint returns the score of one footprint, recomputing it if a move
// changed it. With geometry, compactness is computed too.
func (s *Scorer) Footprint(id string, geometry bool) (FootprintScore, bool) {
	f, ok := s.index[id]
	if !ok {
		return FootprintScore{}, false
	}
	return s.footprint(f, geometry), true
}

func (s *Scorer) footprint(f int32, geometry bool) FootprintScore {
	if s.dirty[f] {
		keep := s.cache[f]
		s.cache[f] = s.computeFootprint(f)
		if !s.geomDirty[f] {
			s.cache[f].Compactness = keep.Compactness
		}
		s.dirty[f] = false
	}
	if geometry && s.geomDirty[f] {
		s.cache[f].Compactness = s.compactness(f)
		s.geomDirty[f] = false
	}
	fs := s.cache[f]
	if !geometry {
		fs.Compactness = nil // report only what was asked for, whatever is cached
	}
	if c := fs.Compactness; c != nil {
		fs.PolsbyPopper, fs.Reock, fs.HullRatio, fs.AreaKm2 = &c.PolsbyPopper, &c.Reock, &c.HullRatio, &c.AreaKm2
	}
	return fs
}

// AreaShare is an area touched by a footprint, with the residents of the
// area inside the footprint and their share of the area's residents.
type AreaShare struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	Population int64   `json:"population"`
	Share      float64 `json:"share"`
	Whole      bool    `json:"whole"`
}

// Compactness of a dissolved footprint, on British National Grid.
type Compactness struct {
	AreaKm2      float64 `json:"area_km2"`
	PerimeterKm  float64 `json:"perimeter_km"`
	PolsbyPopper float64 `json:"polsby_popper"`
	Reock        float64 `json:"reock"`
	HullRatio    float64 `json:"hull_ratio"`
}

// FootprintScore is everything measured of one footprint.
type FootprintScore struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	LSOAs      int    `json:"lsoas"`
	Population int64  `json:"population"`
	// NeedWeightedPopulation is residents weighted by health need; with
	// the need_weighted setting the band applies to it.
	NeedWeightedPopulation float64 `json:"need_weighted_population"`
	InBand                 bool    `json:"in_band"`
	Components             int     `json:"components"`
	// Detached lists the LSOAs outside the most populous component.
	Detached []string `json:"detached,omitempty"`
	// EnclosedBy is the one footprint that wholly surrounds this one.
	EnclosedBy  string       `json:"enclosed_by,omitempty"`
	Compactness *Compactness `json:"-"`
	// PolsbyPopper, Reock and HullRatio are null until geometry is scored.
	PolsbyPopper  *float64    `json:"polsby_popper"`
	Reock         *float64    `json:"reock"`
	HullRatio     *float64    `json:"hull_ratio"`
	AreaKm2       *float64    `json:"area_km2"`
	WardIntegrity *float64    `json:"ward_integrity"`
	MSOAIntegrity *float64    `json:"msoa_integrity"`
	Wards         []AreaShare `json:"wards"`
	MSOAs         []AreaShare `json:"msoas"`
	Boroughs      []AreaShare `json:"boroughs"`
	ICBs          []AreaShare `json:"icbs"`
	Places        []AreaShare `json:"places"`
	// Registered residents of the footprint, with any practice; of them,
	// those with practices in no current PCN.
	Registered        float64  `json:"registered"`
	RegisteredNoPCN   float64  `json:"registered_no_pcn"`
	HomePCNs          []string `json:"home_pcns"`
	DemandContainment *float64 `json:"demand_containment"`
	SupplyContainment *float64 `json:"supply_containment"`
	IMDMean           *float64 `json:"imd_mean"`
	IMDD12Share       *float64 `json:"imd_d12_share"`
	Flags             int      `json:"flags"`
}

func ptr(v float64) *float64 { return &v }

func (s *Scorer) computeFootprint(f int32) FootprintScore {
	a := s.a
	m := s.members[f]
	shares := make([]AreaShare, 0, 24)
	fs := FootprintScore{ID: s.ids[f], Name: s.name(f), LSOAs: len(m), Population: s.pop[f], NeedWeightedPopulation: float64(s.need[f]) / micro,
		Wards: shares[0:0:8], MSOAs: shares[8:8:16], Boroughs: shares[16:16:19], ICBs: shares[19:19:21], Places: shares[21:21:24], HomePCNs: []string{}}
	sized := float64(fs.Population)
	if s.plan.Settings.NeedWeighted {
		sized = fs.NeedWeightedPopulation
	}
	fs.InBand = sized >= float64(s.plan.Settings.BandMin) && sized <= float64(s.plan.Settings.BandMax)
	if len(m) == 0 {
		return fs
	}
	// Contiguity on the rook graph restricted to f: one search settles the
	// usual case of a single piece.
	in := func(u int32) bool { return s.assign[u] == f }
	if s.reach(m[0], f) == len(m) {
		fs.Components = 1
	} else {
		comps := s.componentsOf(m, in)
		fs.Components = len(comps)
		best := 0
		pops := make([]int64, len(comps))
		for i, c := range comps {
			for _, u := range c {
				pops[i] += int64(a.Units[u].Pop)
			}
			if pops[i] > pops[best] {
				best = i
			}
		}
		for i, c := range comps {
			if i != best {
				for _, u := range c {
					fs.Detached = append(fs.Detached, a.Units[u].Code)
				}
			}
		}
		slices.Sort(fs.Detached)
	}
	fs.EnclosedBy = s.enclosedBy(f)
	// Natural communities.
	lists := [numKinds]*[]AreaShare{&fs.Wards, &fs.MSOAs, &fs.Boroughs, &fs.ICBs, &fs.Places}
	var wholePop [numKinds]int64
	var seen []int32
	for k := range numKinds {
		seen = seen[:0]
		for _, u := range m {
			ar := a.areaOf(k, u)
			if ar < 0 || slices.Contains(seen, ar) {
				continue
			}
			seen = append(seen, ar)
			for _, p := range s.parts[k][ar] {
				if p.f != f {
					continue
				}
				code, name := a.areaCodeName(k, ar)
				whole := int(p.units) == a.areaUnits(k, ar)
				share := 0.0
				if tot := a.areaPop(k, ar); tot > 0 {
					share = float64(p.pop) / float64(tot)
				}
				*lists[k] = append(*lists[k], AreaShare{Code: code, Name: name, Population: p.pop, Share: share, Whole: whole})
				if whole {
					wholePop[k] += p.pop
				}
			}
		}
		sortShares(*lists[k])
	}
	// Integrity is undefined where the atlas has no such layer.
	if fs.Population > 0 && len(a.Wards) > 0 {
		fs.WardIntegrity = ptr(float64(wholePop[kindWard]) / float64(fs.Population))
	}
	if fs.Population > 0 && len(a.MSOAs) > 0 {
		fs.MSOAIntegrity = ptr(float64(wholePop[kindMSOA]) / float64(fs.Population))
	}
	// PCN alignment.
	var homed, homedR, noPCN int64
	noPCN = s.reg[f]
	for p := range s.pr {
		noPCN -= s.pr[p][f]
		if s.home[p] == f {
			homed += s.pr[p][f]
			homedR += s.ix.pcnR[p]
			fs.HomePCNs = append(fs.HomePCNs, a.PCNs[p].Code)
		}
	}
	fs.Registered = float64(s.reg[f]) / micro
	fs.RegisteredNoPCN = float64(noPCN) / micro
	if s.reg[f] > 0 {
		fs.DemandContainment = ptr(float64(homed) / float64(s.reg[f]))
	}
	if homedR > 0 {
		fs.SupplyContainment = ptr(float64(homed) / float64(homedR))
	}
	// Deprivation.
	var wsum float64
	var d12, known int64
	for _, u := range m {
		un := &a.Units[u]
		if !un.IMD.Known {
			continue
		}
		known += int64(un.Pop)
		wsum += float64(un.Pop) * un.IMD.Score
		if un.IMD.Decile <= 2 {
			d12 += int64(un.Pop)
		}
	}
	if known > 0 {
		fs.IMDMean = ptr(wsum / float64(known))
		fs.IMDD12Share = ptr(float64(d12) / float64(known))
	}
	return fs
}

// sortShares orders area shares by residents, most first, then by code.
// The lists are short, so insertion sort.
func sortShares(list []AreaShare) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0; j-- {
			x, y := &list[j-1], &list[j]
			if x.Population > y.Population || (x.Population == y.Population && x.Code <= y.Code) {
				break
			}
			*x, *y = *y, *x
		}
	}
}

// reach counts the units of footprint f reachable from start.
func (s *Scorer) reach(start, f int32) int {
	g := s.nextGen()
	s.seen[start] = g
	stack := append(s.stack[:0], start)
	n := 0
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n++
		for _, w := range s.a.graph.Neighbours(v) {
			if s.seen[w] != g && s.assign[w] == f {
				s.seen[w] = g
				stack = append(stack, w)
			}
		}
	}
	s.stack = stack
	return n
}

// componentsOf returns the connected pieces of the units m (sorted) under
// the membership test in, each sorted, in order of their first unit.
func (s *Scorer) componentsOf(m []int32, in func(int32) bool) [][]int32 {
	seen := make([]bool, len(s.assign))
	return s.a.graph.ComponentsOf(m, in, seen)
}

// enclosedBy returns the id of the single footprint surrounding f: every
// neighbour of f outside it belongs to that footprint and no unit of f
// lies on the region's edge or a river bank.
func (s *Scorer) enclosedBy(f int32) string {
	g := int32(-1)
	for _, u := range s.members[f] {
		if s.a.Units[u].ExteriorM > MinSharedBoundary {
			return ""
		}
		for _, list := range [][]int32{s.a.graph.Neighbours(u), s.ix.touch.Neighbours(u)} {
			for _, v := range list {
				h := s.assign[v]
				switch {
				case h == f:
				case h < 0:
					return ""
				case g < 0:
					g = h
				case g != h:
					return ""
				}
			}
		}
	}
	if g < 0 {
		return ""
	}
	return s.ids[g]
}

// compactness measures the dissolved footprint without dissolving: its
// area is the sum of its units', its perimeter theirs less twice the
// boundary they share, and its hull and bounding circle those of the
// units' hull vertices.
func (s *Scorer) compactness(f int32) *Compactness {
	m := s.members[f]
	if len(m) == 0 {
		return nil
	}
	a := s.a
	var area, perim, inner float64
	var pts []orb.Point
	for _, u := range m {
		un := &a.Units[u]
		area += un.AreaM2
		perim += un.PerimeterM
		pts = append(pts, un.Hull...)
		for _, g := range []*graph.Graph{a.graph, s.ix.touch} {
			ws := g.Weights(u)
			for k, v := range g.Neighbours(u) {
				if v > u && s.assign[v] == f {
					inner += ws[k]
				}
			}
		}
	}
	perim -= 2 * inner
	hull := planar.ConvexHull(pts)
	c := &Compactness{AreaKm2: area / 1e6, PerimeterKm: perim / 1e3}
	if perim > 0 {
		c.PolsbyPopper = 4 * math.Pi * area / (perim * perim)
	}
	if ha := planar.PolygonArea(hull); ha > 0 {
		c.HullRatio = area / ha
	}
	if ca := planar.MinimumBoundingCircle(hull).Area(); ca > 0 {
		c.Reock = area / ca
	}
	return c
}
