package geos

import (
	"fmt"
	"math"
	"testing"

	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/paulmach/orb"
)

func TestRepair(t *testing.T) {
	g := NewContext()
	ok := orb.MultiPolygon{square(0, 0, 2)}
	if out, reason, err := g.Repair(ok); err != nil || reason != "" || planar.Area(out) != 4 {
		t.Fatalf("valid square: %v %q %v", out, reason, err)
	}
	bowtie := orb.MultiPolygon{{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}}}
	out, reason, err := g.Repair(bowtie)
	if err != nil || reason == "" {
		t.Fatalf("bow-tie not reported invalid: %q %v", reason, err)
	}
	if len(out) != 2 || !near(planar.Area(out), 2, 1e-12) {
		t.Fatalf("bow-tie repaired to %v (area %v), want two triangles of area 1", out, planar.Area(out))
	}
}

func TestUnion(t *testing.T) {
	g := NewContext()
	out, err := g.Union([]orb.MultiPolygon{{square(0, 0, 1)}, {square(1, 0, 1)}, {square(5, 5, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || !near(planar.Area(out), 3, 1e-12) || !near(planar.Perimeter(out), 10, 1e-12) {
		t.Fatalf("union %v: area %v perimeter %v, want a 2x1 rectangle and a unit square", out, planar.Area(out), planar.Perimeter(out))
	}
}

// square returns the axis-aligned square [x, x+s] × [y, y+s], counter-clockwise.
func square(x, y, s float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestFacingAcross(t *testing.T) {
	// two squares either side of a 2 m river, and one far away
	polys := []orb.MultiPolygon{{square(0, 0, 10)}, {square(12, 0, 10)}, {square(100, 0, 10)}}
	river := orb.MultiPolygon{{{{10, 0}, {12, 0}, {12, 10}, {10, 10}, {10, 0}}}}
	f := NewContext().FacingAcross(polys, river, 1, 5)
	if fmt.Sprint(f.Bank) != "[0 1]" || fmt.Sprint(f.Pairs) != "[[0 1]]" {
		t.Fatalf("bank %v pairs %v, want bank [0 1] facing across", f.Bank, f.Pairs)
	}
	if f := NewContext().FacingAcross(polys, nil, 1, 5); f.Bank != nil || f.Pairs != nil {
		t.Fatalf("no barrier gave %+v", f)
	}
}
