package graph

import (
	"cmp"
	"slices"
)

// BFS searches the graph breadth-first from the start nodes, stepping only
// onto nodes for which in returns true (every node if in is nil). It calls
// visit once for each node reached, in breadth-first order, with the
// node's hop distance from the nearest start node; start nodes are visited
// at depth 0 whether or not in accepts them. The search stops as soon as
// visit returns false.
//
// seen marks visited nodes. Pass nil to search the whole graph afresh, or
// a slice as long as the graph to share marks between searches or to rule
// nodes out beforehand: nodes already marked are neither visited nor
// stepped through, and BFS marks every node it queues.
func (g *Graph) BFS(start []int32, in func(int32) bool, seen []bool, visit func(node int32, depth int) bool) {
	if seen == nil {
		seen = make([]bool, g.Len())
	}
	g.bfs(nil, start, in, seen, visit)
}

// bfs is BFS with a queue buffer that it returns for reuse.
func (g *Graph) bfs(queue, start []int32, in func(int32) bool, seen []bool, visit func(int32, int) bool) []int32 {
	queue = queue[:0]
	for _, s := range start {
		if !seen[s] {
			seen[s] = true
			queue = append(queue, s)
		}
	}
	for head, depth := 0, 0; head < len(queue); depth++ {
		for end := len(queue); head < end; head++ {
			v := queue[head]
			if !visit(v, depth) {
				return queue
			}
			for _, w := range g.Neighbours(v) {
				if !seen[w] && (in == nil || in(w)) {
					seen[w] = true
					queue = append(queue, w)
				}
			}
		}
	}
	return queue
}

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
	comps := g.ComponentsOf(nodes, in, make([]bool, g.Len()))
	slices.SortStableFunc(comps, func(a, b []int32) int { return cmp.Compare(len(b), len(a)) })
	return comps
}

// ComponentsOf returns the connected pieces reachable from nodes through
// nodes for which in is true (every node if in is nil), each sorted, in
// the order of the node that starts each piece. seen marks visited nodes;
// it must be all false and as long as the graph, and callers may reuse it
// once cleared.
func (g *Graph) ComponentsOf(nodes []int32, in func(int32) bool, seen []bool) [][]int32 {
	var comps [][]int32
	var queue []int32
	var comp []int32
	add := func(v int32, _ int) bool {
		comp = append(comp, v)
		return true
	}
	for i, s := range nodes {
		if seen[s] {
			continue
		}
		comp = nil
		queue = g.bfs(queue, nodes[i:i+1], in, seen, add)
		slices.Sort(comp)
		comps = append(comps, comp)
	}
	return comps
}

// Search is a breadth-first search that can be run again and again on one
// graph without allocating: it keeps its queue and its marks, and clears
// the marks after each search. It is not safe for concurrent use.
type Search struct {
	g     *Graph
	seen  []bool
	queue []int32
	start [1]int32
}

// NewSearch returns a reusable search of g.
func (g *Graph) NewSearch() *Search {
	return &Search{g: g, seen: make([]bool, g.Len())}
}

// From searches breadth-first from node start as BFS does, stepping only
// onto nodes for which in returns true (every node if in is nil), and
// returns the number of nodes visited.
func (s *Search) From(start int32, in func(int32) bool, visit func(node int32, depth int) bool) int {
	s.start[0] = start
	n := 0
	counted := func(v int32, d int) bool {
		n++
		return visit == nil || visit(v, d)
	}
	s.queue = s.g.bfs(s.queue, s.start[:], in, s.seen, counted)
	for _, v := range s.queue {
		s.seen[v] = false
	}
	return n
}
