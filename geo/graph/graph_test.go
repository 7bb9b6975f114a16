package graph

import (
	"fmt"
	"testing"
)

// rookEdges is the rook adjacency of six polygons (see the rook package's
// TestRook): 0-1-3-4 in a chain, 2 and 5 alone.
var rookEdges = []Edge{{0, 1, 10}, {1, 3, 1.5}, {3, 4, 2}}

func TestNewGraph(t *testing.T) {
	g := NewGraph(6, rookEdges)
	comps := g.Components(nil)
	if fmt.Sprint(comps) != "[[0 1 3 4] [2] [5]]" {
		t.Errorf("components %v", comps)
	}
	// symmetric by construction
	for i := int32(0); int(i) < g.Len(); i++ {
		for k, j := range g.Neighbours(i) {
			found := false
			for k2, b := range g.Neighbours(j) {
				found = found || (b == i && g.Weights(j)[k2] == g.Weights(i)[k])
			}
			if !found {
				t.Errorf("edge %d-%d not symmetric", i, j)
			}
		}
	}
}

func TestComponentsInduced(t *testing.T) {
	// a path 0-1-2-3: keeping {0, 1, 3} gives two pieces
	g := NewGraph(4, []Edge{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}})
	comps := g.Components(func(i int32) bool { return i != 2 })
	if fmt.Sprint(comps) != "[[0 1] [3]]" {
		t.Fatalf("components %v", comps)
	}
	if g.Edges() != 3 {
		t.Errorf("edges %d", g.Edges())
	}
}

func TestComponentsOf(t *testing.T) {
	// two triangles 0-1-2 and 3-4-5 joined by 2-3; 6 alone
	g := NewGraph(7, []Edge{{0, 1, 1}, {1, 2, 1}, {0, 2, 1}, {2, 3, 1}, {3, 4, 1}, {4, 5, 1}, {3, 5, 1}})
	seen := make([]bool, g.Len())
	notTwo := func(v int32) bool { return v != 2 }
	comps := g.ComponentsOf([]int32{6, 5, 0, 4}, notTwo, seen)
	if fmt.Sprint(comps) != "[[6] [3 4 5] [0 1]]" {
		t.Fatalf("components %v", comps)
	}
	// a start node is kept even when in rejects it
	clear(seen)
	if comps := g.ComponentsOf([]int32{2}, notTwo, seen); fmt.Sprint(comps) != "[[0 1 2 3 4 5]]" {
		t.Fatalf("from the rejected node 2: %v", comps)
	}
}

func TestBFS(t *testing.T) {
	// a path 0-1-2-3-4 with a spur 1-5
	g := NewGraph(6, []Edge{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 4, 1}, {1, 5, 1}})
	var order []string
	g.BFS([]int32{0}, nil, nil, func(v int32, d int) bool {
		order = append(order, fmt.Sprintf("%d@%d", v, d))
		return true
	})
	if got := fmt.Sprint(order); got != "[0@0 1@1 2@2 5@2 3@3 4@4]" {
		t.Errorf("order %s", got)
	}
	// two starts: depth is the distance to the nearer
	dist := make([]int, g.Len())
	g.BFS([]int32{0, 4}, nil, nil, func(v int32, d int) bool { dist[v] = d; return true })
	if got := fmt.Sprint(dist); got != "[0 1 2 1 0 2]" {
		t.Errorf("distances %s", got)
	}
	// in blocks node 2; seen rules out 5; visit stops the search
	seen := make([]bool, g.Len())
	seen[5] = true
	n := 0
	g.BFS([]int32{0}, func(v int32) bool { return v != 2 }, seen, func(int32, int) bool { n++; return true })
	if n != 2 {
		t.Errorf("visited %d nodes through the block, want 2", n)
	}
	n = 0
	g.BFS([]int32{0}, nil, nil, func(int32, int) bool { n++; return n < 3 })
	if n != 3 {
		t.Errorf("visited %d nodes, want the search to stop at 3", n)
	}
}

func TestSearchReuse(t *testing.T) {
	// A path 0-1-2-3 and an isolated 4.
	g := NewGraph(5, []Edge{{A: 0, B: 1, Length: 1}, {A: 1, B: 2, Length: 1}, {A: 2, B: 3, Length: 1}})
	s := g.NewSearch()
	tests := []struct {
		start int32
		in    func(int32) bool
		want  int
	}{
		{0, nil, 4},
		{0, func(v int32) bool { return v != 2 }, 2},
		{3, nil, 4}, // marks from the searches before are cleared
		{4, nil, 1},
		{1, func(v int32) bool { return v == 0 }, 2},
	}
	for _, tt := range tests {
		if got := s.From(tt.start, tt.in, nil); got != tt.want {
			t.Errorf("From(%d) visited %d, want %d", tt.start, got, tt.want)
		}
	}
	depth := map[int32]int{}
	s.From(0, nil, func(v int32, d int) bool { depth[v] = d; return true })
	if depth[3] != 3 || depth[1] != 1 {
		t.Errorf("depths %v", depth)
	}
	if n := testing.AllocsPerRun(100, func() { s.From(0, nil, nil) }); n > 1 {
		t.Errorf("From allocates %.0f times a search", n)
	}
}
