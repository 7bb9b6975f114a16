package rook

import (
	"cmp"
	"math"
	"slices"

	"github.com/nhs-footprint/footprint/geo/graph"
	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// Stats describes how a rook adjacency was found.
type Stats struct {
	Segments        int          // boundary segments read
	ExactShared     int          // segments matched to an identical segment of another polygon
	TolerantShared  int          // unmatched segments found to overlap another polygon's within the tolerance
	SharedLength    float64      // total shared boundary, all pairs
	DroppedPairs    int          // touching pairs whose shared boundary was not more than MinShared
	DroppedLength   float64      // boundary those pairs share
	Dropped         []graph.Edge // those pairs, sorted
	UnmatchedLength float64      // boundary that borders no other polygon (coast, river, region edge)
}

// Options tunes Adjacency.
type Options struct {
	// MinShared is the shared boundary a pair needs, strictly exceeded, to
	// be an edge. Footprint uses 1 metre.
	MinShared float64
	// Tolerance is how far apart, in coordinate units, two collinear
	// segments may lie and still count as shared; it catches vertices that
	// one neighbour has and the other lacks. Zero turns the search off.
	Tolerance float64
}

// Adjacency computes the rook adjacency of a polygon coverage in projected
// coordinates: polygons are neighbours when they share boundary of more than
// opt.MinShared. Shared boundary is found first as identical segments, then,
// for segments left over, as collinear overlapping segments within
// opt.Tolerance. Edges come back sorted by (A, B).
func Adjacency(polys []orb.MultiPolygon, opt Options) ([]graph.Edge, Stats) {
	m := &matcher{pairs: make(map[uint64]float64)}
	m.exact(polys)
	if opt.Tolerance > 0 {
		m.tolerant(opt.Tolerance)
	} else {
		m.unmatched()
	}
	edges := m.edges(opt.MinShared)
	return edges, m.st
}

type segKey [4]float64

type segVal struct {
	owner int32
	seg   int32 // index into the unmatched candidate list, or -1 once matched
}

type seg struct {
	a, b  orb.Point
	owner int32
	open  bool
}

// matcher accumulates the boundary each pair of polygons shares.
type matcher struct {
	st    Stats
	segs  []seg              // segments, each once, open until matched exactly
	pairs map[uint64]float64 // shared length by pair A<<32 | B
}

func (m *matcher) add(a, b int32, l float64) {
	if a > b {
		a, b = b, a
	}
	m.pairs[uint64(a)<<32|uint64(uint32(b))] += l
}

// exact reads every boundary segment, matching those that two polygons
// share identically and keeping the rest open.
func (m *matcher) exact(polys []orb.MultiPolygon) {
	n := 0
	for _, mp := range polys {
		for _, p := range mp {
			for _, r := range p {
				n += len(r)
			}
		}
	}
	seen := make(map[segKey]segVal, n)
	m.segs = make([]seg, 0, n/4)
	for i, mp := range polys {
		owner := int32(i)
		for _, p := range mp {
			for _, r := range p {
				for k := 1; k < len(r); k++ {
					m.exactSegment(seen, owner, r[k-1], r[k])
				}
			}
		}
	}
}

func (m *matcher) exactSegment(seen map[segKey]segVal, owner int32, a, b orb.Point) {
	if a == b {
		return
	}
	m.st.Segments++
	key := segKey{a[0], a[1], b[0], b[1]}
	if b[0] < a[0] || (b[0] == a[0] && b[1] < a[1]) {
		key = segKey{b[0], b[1], a[0], a[1]}
	}
	v, ok := seen[key]
	if !ok {
		seen[key] = segVal{owner: owner, seg: int32(len(m.segs))}
		m.segs = append(m.segs, seg{a: a, b: b, owner: owner, open: true})
		return
	}
	if v.owner == owner || v.seg < 0 {
		return
	}
	m.segs[v.seg].open = false
	seen[key] = segVal{owner: v.owner, seg: -1}
	m.st.ExactShared += 2
	m.add(v.owner, owner, math.Hypot(b[0]-a[0], b[1]-a[1]))
}

// tolerant matches the open segments that run along another polygon's
// within tol, and measures those left over.
func (m *matcher) tolerant(tol float64) {
	segs := m.segs
	var tree rtree.RTreeG[int32]
	open := make([]int32, 0)
	for i, s := range segs {
		if s.open {
			open = append(open, int32(i))
			tree.Insert(segMin(s.a, s.b, tol), segMax(s.a, s.b, tol), int32(i))
		}
	}
	matched := make([]bool, len(segs))
	for _, i := range open {
		s := segs[i]
		tree.Search(segMin(s.a, s.b, 0), segMax(s.a, s.b, 0), func(_, _ [2]float64, j int32) bool {
			t := segs[j]
			if j <= i || t.owner == s.owner {
				return true
			}
			if l := overlap(s.a, s.b, t.a, t.b, tol); l > 0 {
				m.add(s.owner, t.owner, l)
				matched[i], matched[j] = true, true
			}
			return true
		})
	}
	for _, i := range open {
		if matched[i] {
			m.st.TolerantShared++
		} else {
			s := segs[i]
			m.st.UnmatchedLength += math.Hypot(s.b[0]-s.a[0], s.b[1]-s.a[1])
		}
	}
}

// unmatched measures the open segments when there is no tolerant search.
func (m *matcher) unmatched() {
	for _, s := range m.segs {
		if s.open {
			m.st.UnmatchedLength += math.Hypot(s.b[0]-s.a[0], s.b[1]-s.a[1])
		}
	}
}

// edges splits the pairs into edges, sharing more than minShared, and
// dropped pairs, both sorted.
func (m *matcher) edges(minShared float64) []graph.Edge {
	edges := make([]graph.Edge, 0, len(m.pairs))
	for k, l := range m.pairs {
		m.st.SharedLength += l
		if l > minShared {
			edges = append(edges, graph.Edge{A: int32(k >> 32), B: int32(uint32(k)), Length: l})
		} else {
			m.st.DroppedPairs++
			m.st.DroppedLength += l
			m.st.Dropped = append(m.st.Dropped, graph.Edge{A: int32(k >> 32), B: int32(uint32(k)), Length: l})
		}
	}
	sortEdges(m.st.Dropped)
	sortEdges(edges)
	return edges
}

func sortEdges(edges []graph.Edge) {
	slices.SortFunc(edges, func(x, y graph.Edge) int {
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
}
