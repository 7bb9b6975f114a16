package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestRepair(t *testing.T) {
	g := NewGEOS()
	ok := orb.MultiPolygon{square(0, 0, 2)}
	if out, reason, err := g.Repair(ok); err != nil || reason != "" || Area(out) != 4 {
		t.Fatalf("valid square: %v %q %v", out, reason, err)
	}
	bowtie := orb.MultiPolygon{{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}}}
	out, reason, err := g.Repair(bowtie)
	if err != nil || reason == "" {
		t.Fatalf("bow-tie not reported invalid: %q %v", reason, err)
	}
	if len(out) != 2 || !near(Area(out), 2, 1e-12) {
		t.Fatalf("bow-tie repaired to %v (area %v), want two triangles of area 1", out, Area(out))
	}
}

func TestUnion(t *testing.T) {
	g := NewGEOS()
	out, err := g.Union([]orb.MultiPolygon{{square(0, 0, 1)}, {square(1, 0, 1)}, {square(5, 5, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || !near(Area(out), 3, 1e-12) || !near(Perimeter(out), 10, 1e-12) {
		t.Fatalf("union %v: area %v perimeter %v, want a 2x1 rectangle and a unit square", out, Area(out), Perimeter(out))
	}
}
