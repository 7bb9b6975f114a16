package score

import (
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo/graph"
)

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
	a     *footprint.Atlas
	plan  *footprint.Plan
	ids   []string // footprint index to id
	index map[string]int32

	assign  []int32   // unit to footprint index, -1 unassigned
	members [][]int32 // footprint to its units, sorted
	pop     []int64
	need    []int64   // need-weighted residents of each footprint, footprint.Micro
	reg     []int64   // registered residents of each footprint
	pr      [][]int64 // pr[p][f] = r(p, f)
	nz      [][]int32 // per PCN, the footprints where r(p, f) > 0, unordered
	home    []int32   // h(p), -1 if p has no patients in any footprint
	parts   [footprint.NumAreaKinds][][]part
	cut     int // adjacency edges between two different footprints
	inScope []bool
	scope   []int32 // place indexes in scope

	order     []int32 // footprint indexes sorted by id; nil when stale
	cache     []footprint.FootprintScore
	dirty     []bool
	geomDirty []bool
	touched   []int32       // footprints a move has marked, for Move's answer
	infoAt    []int         // footprint to its position in plan.Footprints
	search    *graph.Search // reused for contiguity
}

// name is the display name of footprint f. Footprints keep their place
// in the plan's list while it is scored, so the position is cached.
func (s *Scorer) name(f int32) string {
	if i := s.infoAt[f]; i < len(s.plan.Footprints) && s.plan.Footprints[i].ID == s.ids[f] {
		return s.plan.Footprints[i].Name
	}
	return s.plan.FootprintName(s.ids[f])
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
func NewScorer(a *footprint.Atlas, p *footprint.Plan) (*Scorer, error) {
	if err := p.Check(a); err != nil {
		return nil, err
	}
	s := &Scorer{a: a, plan: p, index: map[string]int32{}, assign: make([]int32, len(a.Units)), search: a.Graph().NewSearch()}
	s.home = make([]int32, len(a.PCNs))
	s.pr = make([][]int64, len(a.PCNs))
	s.nz = make([][]int32, len(a.PCNs))
	for k := range footprint.NumAreaKinds {
		s.parts[k] = make([][]part, len(a.AreaList(k)))
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
	s.cache = append(s.cache, footprint.FootprintScore{})
	s.dirty = append(s.dirty, true)
	s.geomDirty = append(s.geomDirty, true)
	s.plan.Ensure(id)
	s.infoAt = append(s.infoAt, s.plan.Position(id))
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
	s.need[f] += sign * s.a.Need(u)
	s.reg[f] += sign * s.a.UnitRegistered(u)
	for _, c := range s.a.UnitPCNs(u) {
		before := s.pr[c.PCN][f]
		s.pr[c.PCN][f] += sign * c.N
		switch after := s.pr[c.PCN][f]; {
		case before == 0 && after != 0:
			s.nz[c.PCN] = append(s.nz[c.PCN], f)
		case before != 0 && after == 0:
			list := s.nz[c.PCN]
			i := slices.Index(list, f)
			list[i] = list[len(list)-1]
			s.nz[c.PCN] = list[:len(list)-1]
		}
	}
	for k := range footprint.NumAreaKinds {
		ar := a.AreaOf(k, u)
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
	for _, v := range a.Graph().Neighbours(u) {
		if g := s.assign[v]; g >= 0 && g != f {
			s.cut += int(sign)
		}
	}
	s.markDirty(f, true)
	// A neighbouring footprint may now be (or no longer be) enclosed.
	for _, list := range [][]int32{a.Graph().Neighbours(u), s.a.TouchGraph().Neighbours(u)} {
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
		return nil, footprint.Errorf(footprint.EInvalid, "unknown LSOA code %q", code)
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
	for _, c := range s.a.UnitPCNs(u) {
		h := s.computeHome(c.PCN)
		if was := s.home[c.PCN]; h != was {
			s.home[c.PCN] = h
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
func (s *Scorer) Plan() *footprint.Plan { return s.plan }
