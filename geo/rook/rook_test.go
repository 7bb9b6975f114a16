package rook

import (
	"fmt"
	"math"
	"testing"

	"github.com/nhs-footprint/footprint/geo/graph"
	"github.com/paulmach/orb"
)

// square returns the axis-aligned square [x, x+s] × [y, y+s], counter-clockwise.
func square(x, y, s float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestRook(t *testing.T) {
	// 0 | 1 share 10 m; 2 sits on 0's top edge sharing 0.5 m; 3 shares
	// 1.5 m with 1's top edge; 4 touches 1 only at a corner; 5 is alone.
	polys := []orb.MultiPolygon{
		{square(0, 0, 10)},
		{square(10, 0, 10)},
		{{{{9.5, 10}, {10.5, 10}, {10.5, 11}, {9.5, 11}, {9.5, 10}}}}, // overlaps 0's top by 0.5 m and 1's by 0.5 m
		{{{{18.5, 10}, {20, 10}, {20, 12}, {18.5, 12}, {18.5, 10}}}},
		{square(20, 10, 5)},
		{square(100, 100, 1)},
	}
	edges, st := Adjacency(polys, Options{MinShared: 1, Tolerance: 0.01})
	got := fmt.Sprint(edges)
	want := fmt.Sprint([]graph.Edge{{A: 0, B: 1, Length: 10}, {A: 1, B: 3, Length: 1.5}, {A: 3, B: 4, Length: 2}})
	if got != want {
		t.Fatalf("edges %s, want %s", got, want)
	}
	if st.DroppedPairs != 2 || !near(st.DroppedLength, 1, 1e-9) {
		t.Errorf("dropped %d pairs / %v m, want the two 0.5 m contacts of polygon 2", st.DroppedPairs, st.DroppedLength)
	}
	comps := graph.NewGraph(len(polys), edges).Components(nil)
	if fmt.Sprint(comps) != "[[0 1 3 4] [2] [5]]" {
		t.Errorf("components %v", comps)
	}
}

// A vertex that one neighbour has and the other lacks (a T-junction) is
// matched by the tolerant search, not by identical segments.
func TestRookTJunction(t *testing.T) {
	left := orb.MultiPolygon{square(0, 0, 10)}
	right := orb.MultiPolygon{{{{10, 0}, {20, 0}, {20, 10}, {10, 10}, {10, 4}, {10, 0}}}} // extra vertex at (10, 4)
	for _, tol := range []float64{0, 0.01} {
		edges, st := Adjacency([]orb.MultiPolygon{left, right}, Options{MinShared: 1, Tolerance: tol})
		if tol == 0 {
			if len(edges) != 0 {
				t.Errorf("exact matching found %v across a T-junction", edges)
			}
			continue
		}
		if len(edges) != 1 || !near(edges[0].Length, 10, 1e-9) || st.TolerantShared != 3 {
			t.Errorf("tolerant matching: edges %v, stats %+v; want one 10 m edge from 3 segments", edges, st)
		}
	}
}
