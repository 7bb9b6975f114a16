package geos

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
)

// TestRepair: each geometry, given as WKT or (for what WKT cannot say)
// as orb literals, repairs to known parts and area, or to a known error.
func TestRepair(t *testing.T) {
	tests := []struct {
		name   string
		wkt    string
		mp     orb.MultiPolygon
		parts  int
		area   float64
		reason string // prefix of the reason; "" for valid input
		err    string // prefix of the error
	}{
		{name: "valid square", wkt: "MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0)))", parts: 1, area: 4},
		{name: "bowtie", wkt: "POLYGON((0 0,2 2,2 0,0 2,0 0))", parts: 2, area: 2, reason: "Self-intersection"},
		{name: "unclosed square", mp: orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}}, parts: 1, area: 1, reason: "Ring not closed"},
		{name: "unclosed triangle", mp: orb.MultiPolygon{{{{0, 0}, {2, 0}, {0, 2}}}}, parts: 1, area: 2, reason: "Ring not closed"},
		{name: "unclosed bowtie", mp: orb.MultiPolygon{{{{0, 0}, {2, 2}, {2, 0}, {0, 2}}}}, parts: 2, area: 2, reason: "Self-intersection"},
		{name: "spike", wkt: "POLYGON((0 0,4 0,4 4,2 4,2 6,2 4,0 4,0 0))", parts: 1, area: 16, reason: "Ring Self-intersection"},
		{name: "collapsed part", wkt: "MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((5 5,5 5,5 5,5 5)))", parts: 1, area: 1, reason: "Too few points"},
		{name: "hole outside shell", wkt: "POLYGON((0 0,1 0,1 1,0 1,0 0),(2 2,3 2,3 3,2 3,2 2))", parts: 2, area: 2, reason: "Hole lies outside shell"},
		{name: "overlapping parts unioned", wkt: "MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0)),((1 1,3 1,3 3,1 3,1 1)))", parts: 1, area: 7, reason: "Self-intersection"},
		{name: "empty", wkt: "MULTIPOLYGON EMPTY", err: "empty geometry"},
		{name: "empty polygon", mp: orb.MultiPolygon{{}}, err: "polygon 1 is empty"},
		{name: "collinear", wkt: "POLYGON((0 0,1 0,2 0,0 0))", err: "invalid geometry (Self-intersection[1 0]) has no area once made valid"},
		{name: "two points", mp: orb.MultiPolygon{{{{0, 0}, {1, 1}}}}, err: "ring has 3 points once closed"},
		{name: "empty ring", mp: orb.MultiPolygon{{{}}}, err: "ring has 0 points"},
		{name: "NaN", mp: orb.MultiPolygon{{{{0, 0}, {math.NaN(), 0}, {1, 1}, {0, 0}}}}, err: "non-finite coordinate"},
	}
	g := NewContext()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mp := tt.mp
			if tt.wkt != "" {
				mp = fromWKT(t, tt.wkt)
			}
			out, reason, err := g.Repair(mp)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("got %v (%q), want error %q", out, reason, tt.err)
				}
				return
			}
			if err != nil || !strings.HasPrefix(reason, tt.reason) || (tt.reason == "") != (reason == "") {
				t.Fatalf("reason %q error %v, want reason %q", reason, err, tt.reason)
			}
			if len(out) != tt.parts || !near(planar.Area(out), tt.area, 1e-12) {
				t.Fatalf("repaired to %v: %d parts of area %v, want %d of %v", out, len(out), planar.Area(out), tt.parts, tt.area)
			}
			if again, r, err := g.Repair(out); err != nil || r != "" || len(again) != len(out) {
				t.Fatalf("repaired geometry is not valid: %q %v", r, err)
			}
		})
	}
}

// fromWKT parses a Polygon or MultiPolygon in WKT.
func fromWKT(t *testing.T, s string) orb.MultiPolygon {
	t.Helper()
	g, err := wkt.Unmarshal(s)
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	switch g := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{g}
	case orb.MultiPolygon:
		return g
	}
	t.Fatalf("%s is a %T", s, g)
	return nil
}

// TestShareInside checks the share of a unit square inside a prepared
// polygon.
func TestShareInside(t *testing.T) {
	g := NewContext()
	p := g.Prepare(orb.MultiPolygon{square(0, 0, 2)})
	for _, tt := range []struct {
		mp   orb.MultiPolygon
		want float64
	}{
		{orb.MultiPolygon{square(0, 0, 1)}, 1},
		{orb.MultiPolygon{square(1.5, 0, 1)}, 0.5},
		{orb.MultiPolygon{square(5, 5, 1)}, 0},
	} {
		got, err := p.ShareInside(tt.mp)
		if err != nil || !near(got, tt.want, 1e-12) {
			t.Errorf("ShareInside(%v) = %v, %v; want %v", tt.mp, got, err, tt.want)
		}
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
