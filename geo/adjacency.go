package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// Edge joins two polygons A < B that share Length units of boundary.
type Edge struct {
	A, B   int32
	Length float64
}

// RookStats describes how a rook adjacency was found.
type RookStats struct {
	Segments        int     // boundary segments read
	ExactShared     int     // segments matched to an identical segment of another polygon
	TolerantShared  int     // unmatched segments found to overlap another polygon's within the tolerance
	SharedLength    float64 // total shared boundary, all pairs
	DroppedPairs    int     // touching pairs whose shared boundary was not more than MinShared
	DroppedLength   float64 // boundary those pairs share
	Dropped         []Edge  // those pairs, sorted
	UnmatchedLength float64 // boundary that borders no other polygon (coast, river, region edge)
}

// RookOptions tunes Rook.
type RookOptions struct {
	// MinShared is the shared boundary a pair needs, strictly exceeded, to
	// be an edge. Footprint uses 1 metre.
	MinShared float64
	// Tolerance is how far apart, in coordinate units, two collinear
	// segments may lie and still count as shared; it catches vertices that
	// one neighbour has and the other lacks. Zero turns the search off.
	Tolerance float64
}

type segKey [4]float64

type segVal struct {
	owner int32
	seg   int32 // index into the unmatched candidate list, or -1 once matched
}

// Rook computes the rook adjacency of a polygon coverage in projected
// coordinates: polygons are neighbours when they share boundary of more than
// opt.MinShared. Shared boundary is found first as identical segments, then,
// for segments left over, as collinear overlapping segments within
// opt.Tolerance. Edges come back sorted by (A, B).
func Rook(polys []orb.MultiPolygon, opt RookOptions) ([]Edge, RookStats) {
	var st RookStats
	n := 0
	for _, mp := range polys {
		for _, p := range mp {
			for _, r := range p {
				n += len(r)
			}
		}
	}
	seen := make(map[segKey]segVal, n)
	type seg struct {
		a, b  orb.Point
		owner int32
		open  bool
	}
	segs := make([]seg, 0, n/4)
	pairs := make(map[uint64]float64)
	add := func(a, b int32, l float64) {
		if a > b {
			a, b = b, a
		}
		pairs[uint64(a)<<32|uint64(uint32(b))] += l
	}
	for i, mp := range polys {
		owner := int32(i)
		for _, p := range mp {
			for _, r := range p {
				for k := 1; k < len(r); k++ {
					a, b := r[k-1], r[k]
					if a == b {
						continue
					}
					st.Segments++
					key := segKey{a[0], a[1], b[0], b[1]}
					if b[0] < a[0] || (b[0] == a[0] && b[1] < a[1]) {
						key = segKey{b[0], b[1], a[0], a[1]}
					}
					v, ok := seen[key]
					if !ok {
						seen[key] = segVal{owner: owner, seg: int32(len(segs))}
						segs = append(segs, seg{a: a, b: b, owner: owner, open: true})
						continue
					}
					if v.owner == owner || v.seg < 0 {
						continue
					}
					segs[v.seg].open = false
					seen[key] = segVal{owner: v.owner, seg: -1}
					st.ExactShared += 2
					add(v.owner, owner, math.Hypot(b[0]-a[0], b[1]-a[1]))
				}
			}
		}
	}
	if opt.Tolerance > 0 {
		var tree rtree.RTreeG[int32]
		open := make([]int32, 0)
		for i, s := range segs {
			if s.open {
				open = append(open, int32(i))
				tree.Insert(segMin(s.a, s.b, opt.Tolerance), segMax(s.a, s.b, opt.Tolerance), int32(i))
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
				if l := overlap(s.a, s.b, t.a, t.b, opt.Tolerance); l > 0 {
					add(s.owner, t.owner, l)
					matched[i], matched[j] = true, true
				}
				return true
			})
		}
		for _, i := range open {
			if matched[i] {
				st.TolerantShared++
			} else {
				s := segs[i]
				st.UnmatchedLength += math.Hypot(s.b[0]-s.a[0], s.b[1]-s.a[1])
			}
		}
	} else {
		for _, s := range segs {
			if s.open {
				st.UnmatchedLength += math.Hypot(s.b[0]-s.a[0], s.b[1]-s.a[1])
			}
		}
	}
	edges := make([]Edge, 0, len(pairs))
	for k, l := range pairs {
		st.SharedLength += l
		if l > opt.MinShared {
			edges = append(edges, Edge{A: int32(k >> 32), B: int32(uint32(k)), Length: l})
		} else {
			st.DroppedPairs++
			st.DroppedLength += l
			st.Dropped = append(st.Dropped, Edge{A: int32(k >> 32), B: int32(uint32(k)), Length: l})
		}
	}
	sortEdges(st.Dropped)
	sortEdges(edges)
	return edges, st
}

func sortEdges(edges []Edge) {
	slices.SortFunc(edges, func(x, y Edge) int {
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
}

func segMin(a, b orb.Point, pad float64) [2]float64 {
	return [2]float64{math.Min(a[0], b[0]) - pad, math.Min(a[1], b[1]) - pad}
}

func segMax(a, b orb.Point, pad float64) [2]float64 {
	return [2]float64{math.Max(a[0], b[0]) + pad, math.Max(a[1], b[1]) + pad}
}

// overlap returns the length over which segment cd runs along segment ab,
// both endpoints of cd lying within tol of the line through ab (or the
// other way round), or 0.
func overlap(a, b, c, d orb.Point, tol float64) float64 {
	if l := collinearOverlap(a, b, c, d, tol); l > 0 {
		return l
	}
	return collinearOverlap(c, d, a, b, tol)
}

func collinearOverlap(a, b, c, d orb.Point, tol float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := math.Hypot(dx, dy)
	if l == 0 {
		return 0
	}
	ux, uy := dx/l, dy/l
	// perpendicular distances of c and d from the line ab
	if math.Abs((c[0]-a[0])*uy-(c[1]-a[1])*ux) > tol || math.Abs((d[0]-a[0])*uy-(d[1]-a[1])*ux) > tol {
		return 0
	}
	tc := (c[0]-a[0])*ux + (c[1]-a[1])*uy
	td := (d[0]-a[0])*ux + (d[1]-a[1])*uy
	lo, hi := math.Max(0, math.Min(tc, td)), math.Min(l, math.Max(tc, td))
	if hi-lo <= tol {
		return 0
	}
	return hi - lo
}

// Graph is an undirected weighted graph in compressed sparse row form:
// the neighbours of node i are Nbr[Start[i]:Start[i+1]], with edge weights
// in Weight at the same positions.
type Graph struct {
	Start  []int32
	Nbr    []int32
	Weight []float64
}

// NewGraph builds the graph of n nodes from edges. Each edge appears in the
// neighbour lists of both its ends, so the graph is symmetric by
// construction; neighbour lists are sorted.
func NewGraph(n int, edges []Edge) *Graph {
	g := &Graph{Start: make([]int32, n+1), Nbr: make([]int32, 2*len(edges)), Weight: make([]float64, 2*len(edges))}
	for _, e := range edges {
		g.Start[e.A+1]++
		g.Start[e.B+1]++
	}
	for i := 0; i < n; i++ {
		g.Start[i+1] += g.Start[i]
	}
	fill := slices.Clone(g.Start[:n])
	for _, e := range edges {
		g.Nbr[fill[e.A]], g.Weight[fill[e.A]] = e.B, e.Length
		fill[e.A]++
		g.Nbr[fill[e.B]], g.Weight[fill[e.B]] = e.A, e.Length
		fill[e.B]++
	}
	for i := 0; i < n; i++ {
		lo, hi := g.Start[i], g.Start[i+1]
		idx := make([]int, hi-lo)
		for k := range idx {
			idx[k] = int(lo) + k
		}
		slices.SortFunc(idx, func(x, y int) int { return cmp.Compare(g.Nbr[x], g.Nbr[y]) })
		nb := make([]int32, len(idx))
		w := make([]float64, len(idx))
		for k, x := range idx {
			nb[k], w[k] = g.Nbr[x], g.Weight[x]
		}
		copy(g.Nbr[lo:hi], nb)
		copy(g.Weight[lo:hi], w)
	}
	return g
}

// Len is the number of nodes.
func (g *Graph) Len() int { return len(g.Start) - 1 }

// Edges is the number of undirected edges.
func (g *Graph) Edges() int { return len(g.Nbr) / 2 }

// Neighbours of node i, sorted.
func (g *Graph) Neighbours(i int32) []int32 { return g.Nbr[g.Start[i]:g.Start[i+1]] }

// Weights of the edges from node i, in the order of Neighbours.
func (g *Graph) Weights(i int32) []float64 { return g.Weight[g.Start[i]:g.Start[i+1]] }

// Components returns the connected components of the subgraph induced by
// the nodes for which in returns true (all nodes if in is nil), each sorted,
// largest first (ties by smallest node).
func (g *Graph) Components(in func(int32) bool) [][]int32 {
	nodes := make([]int32, 0, g.Len())
	for i := int32(0); int(i) < g.Len(); i++ {
		if in == nil || in(i) {
			nodes = append(nodes, i)
		}
	}
	if in == nil {
		in = func(int32) bool { return true }
	}
	comps := g.ComponentsOf(nodes, in, make([]bool, g.Len()))
	slices.SortStableFunc(comps, func(a, b []int32) int { return cmp.Compare(len(b), len(a)) })
	return comps
}

// ComponentsOf returns the connected pieces reachable from nodes through
// nodes for which in is true, each sorted, in the order of the node that
// starts each piece. seen marks visited nodes; it must be all false and as
// long as the graph, and callers may reuse it once cleared.
func (g *Graph) ComponentsOf(nodes []int32, in func(int32) bool, seen []bool) [][]int32 {
	var comps [][]int32
	var stack []int32
	for _, s := range nodes {
		if seen[s] {
			continue
		}
		seen[s] = true
		stack = append(stack[:0], s)
		var comp []int32
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			comp = append(comp, v)
			for _, w := range g.Neighbours(v) {
				if !seen[w] && in(w) {
					seen[w] = true
					stack = append(stack, w)
				}
			}
		}
		slices.Sort(comp)
		comps = append(comps, comp)
	}
	return comps
}
