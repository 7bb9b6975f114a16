package design

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
)

// edgeCost is how much cutting the edge u-v is worth: boundaries between
// PCN catchments, wards and MSOAs are where footprints should meet.
func (d *designer) edgeCost(u, v int32) float64 {
	a := d.a
	c := 0.0
	if a.Leader(u) != a.Leader(v) {
		c += 4 * d.cost.pcn
	}
	if a.Units[u].Ward != a.Units[v].Ward {
		c += 2 * d.cost.ward
	}
	if a.Units[u].MSOA != a.Units[v].MSOA {
		c += d.cost.msoa
	}
	if d.origin != nil && d.origin[u] != d.origin[v] {
		c += 16 // in repair, the old boundaries first: fewer LSOAs move
	}
	return c
}

// partition splits a connected component into footprints in band by
// recursive bisection of a spanning tree. It returns reasons when it
// cannot.
func (d *designer) partition(comp []int32, prefix string) []string {
	n := d.sizeOf(comp)
	lo, hi := d.feasibleK(n)
	if lo > hi || lo == 0 {
		f := d.newFootprint(prefix)
		for _, u := range comp {
			d.set(u, f)
		}
		return []string{d.why(comp, n)}
	}
	k := int(math.Round(float64(n) / float64((d.min+d.max)/2)))
	k = max(lo, min(hi, k))
	var parts [][]int32
	// Later tries weigh the edge costs less, so the trees grow more
	// varied, towards uniform random spanning trees.
	tries := max(40, min(300, 60000/max(1, len(comp))))
	for try := 0; try < tries && parts == nil && !d.cancelled(); try++ {
		kk := k
		if try >= 20 { // try the other feasible counts too
			kk = lo + try%(hi-lo+1)
		}
		d.costScale = max(0, 1-float64(try)/float64(tries/2))
		parts = d.bisect(comp, kk, 0)
	}
	d.costScale = 1
	if parts == nil {
		f := d.newFootprint(prefix)
		for _, u := range comp {
			d.set(u, f)
		}
		return []string{d.noSplit(n, k)}
	}
	for i, p := range parts {
		f := d.newFootprint(fmt.Sprintf("%s%s", prefix, partSuffix(i, len(parts))))
		for _, u := range p {
			d.set(u, f)
		}
	}
	return nil
}

// partSuffix is the suffix of part i of n in a footprint id: none for
// a single part, else "-01", "-02" and so on.
func partSuffix(i, n int) string {
	if n == 1 {
		return ""
	}
	return fmt.Sprintf("-%02d", i+1)
}

// bisect splits comp into k parts in band, recursively, cutting a
// minimum spanning tree (random tie-breaks) where the cut is worth most.
// It returns nil when it finds no valid cut.
func (d *designer) bisect(comp []int32, k, depth int) [][]int32 {
	if d.cancelledNow() {
		return nil
	}
	if k == 1 {
		n := d.sizeOf(comp)
		if n < d.min || n > d.max {
			return nil
		}
		return [][]int32{comp}
	}
	parent, order := d.spanningTree(comp)
	sub := map[int32]int64{}
	for i := len(order) - 1; i >= 0; i-- {
		u := order[i]
		sub[u] += d.size[u]
		if p := parent[u]; p >= 0 {
			sub[p] += sub[u]
		}
	}
	total := sub[order[0]]
	type cut struct {
		u     int32
		k1    int
		score float64
	}
	var cuts []cut
	for _, u := range order[1:] {
		s := sub[u]
		for k1 := 1; k1 < k; k1++ {
			if s < int64(k1)*d.min || s > int64(k1)*d.max || total-s < int64(k-k1)*d.min || total-s > int64(k-k1)*d.max {
				continue
			}
			// Prefer cuts on boundaries, then balanced ones.
			target := float64(total) * float64(k1) / float64(k)
			score := d.edgeCost(u, parent[u]) - 0.5*math.Abs(float64(s)-target)/float64(total) + 0.01*d.rng.Float64()
			cuts = append(cuts, cut{u, k1, score})
		}
	}
	slices.SortStableFunc(cuts, func(x, y cut) int { return cmp.Compare(y.score, x.score) })
	// The best cuts in turn, until one splits all the way down.
	for _, c := range cuts[:min(len(cuts), 6)] {
		if parts := d.cutAt(comp, parent, order, c.u, c.k1, k, depth); parts != nil {
			return parts
		}
	}
	return nil
}

// cutAt splits comp at the tree edge above unit at into k1 and k-k1
// parts, each bisected in turn. It returns nil when either side fails.
func (d *designer) cutAt(comp []int32, parent map[int32]int32, order []int32, at int32, k1, k, depth int) [][]int32 {
	best := struct {
		u  int32
		k1 int
	}{at, k1}
	// Split at best.u: its subtree against the rest.
	inSub := map[int32]bool{best.u: true}
	for _, u := range order {
		if p := parent[u]; p >= 0 && inSub[p] {
			inSub[u] = true
		}
	}
	var left, right []int32
	for _, u := range comp {
		if inSub[u] {
			left = append(left, u)
		} else {
			right = append(right, u)
		}
	}
	lp := d.bisect(left, best.k1, depth+1)
	if lp == nil {
		return nil
	}
	rp := d.bisect(right, k-best.k1, depth+1)
	if rp == nil {
		return nil
	}
	return append(lp, rp...)
}

// spanningTree builds a minimum spanning tree of comp with Kruskal over
// edge costs plus a random jitter, and returns parents and a BFS order
// from the root.
func (d *designer) spanningTree(comp []int32) (map[int32]int32, []int32) {
	in := make(map[int32]bool, len(comp))
	for _, u := range comp {
		in[u] = true
	}
	type edge struct {
		u, v int32
		w    float64
	}
	var edges []edge
	for _, u := range comp {
		for _, v := range d.a.Graph().Neighbours(u) {
			if v > u && in[v] {
				edges = append(edges, edge{u, v, d.costScale*d.edgeCost(u, v) + d.rng.Float64()})
			}
		}
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].w < edges[j].w })
	root := map[int32]int32{}
	for _, u := range comp {
		root[u] = u
	}
	find := func(x int32) int32 {
		for root[x] != x {
			root[x] = root[root[x]]
			x = root[x]
		}
		return x
	}
	adj := map[int32][]int32{}
	for _, e := range edges {
		ru, rv := find(e.u), find(e.v)
		if ru != rv {
			root[ru] = rv
			adj[e.u] = append(adj[e.u], e.v)
			adj[e.v] = append(adj[e.v], e.u)
		}
	}
	parent := map[int32]int32{comp[0]: -1}
	order := []int32{comp[0]}
	for i := 0; i < len(order); i++ {
		u := order[i]
		for _, v := range adj[u] {
			if _, seen := parent[v]; !seen {
				parent[v] = u
				order = append(order, v)
			}
		}
	}
	return parent, order
}
