package graph

import (
	"cmp"
	"slices"
)

// Edge joins two nodes A < B with a weight, Length; for a polygon
// adjacency it is the boundary the two polygons share.
type Edge struct {
	A, B   int32
	Length float64
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

// Neighbours returns the neighbours of node i, sorted.
func (g *Graph) Neighbours(i int32) []int32 { return g.Nbr[g.Start[i]:g.Start[i+1]] }

// Weights returns the weights of the edges from node i, in the order of
// Neighbours.
func (g *Graph) Weights(i int32) []float64 { return g.Weight[g.Start[i]:g.Start[i+1]] }
