package geos

import (
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
)

// TestOnGrid: each geometry snaps to a grid of cell size 1 with a known
// area, valid, every vertex on the grid; or gives a known error.
func TestOnGrid(t *testing.T) {
	tests := []struct {
		name string
		wkt  string
		area float64
		err  string
	}{
		{name: "on the grid already", wkt: "POLYGON((0 0,4 0,4 4,0 4,0 0))", area: 16},
		{name: "off the grid", wkt: "POLYGON((0.2 0.1,3.9 0,4.1 4.2,0 3.8,0.2 0.1))", area: 16},
		// Rounding (2, 0.4) alone to (2, 0) puts it on the edge from
		// (0, 0) to (4, 0): a ring that touches itself.
		{name: "rounding would self-touch", wkt: "POLYGON((0 0,4 0,4 2,2 0.4,0 2,0 0))", area: 4},
		{name: "bowtie", wkt: "POLYGON((0 0,10 10,10 0,0 10,0 0))", area: 50},
		{name: "sliver vanishes", wkt: "POLYGON((0 0,10 0,10 0.2,0 0.2,0 0))", err: "no area is left"},
		{name: "empty", wkt: "MULTIPOLYGON EMPTY", err: "empty geometry"},
	}
	g := NewContext()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			geom, err := wkt.Unmarshal(tc.wkt)
			if err != nil {
				t.Fatal(err)
			}
			mp, ok := geom.(orb.MultiPolygon)
			if !ok {
				mp = orb.MultiPolygon{geom.(orb.Polygon)}
			}
			out, err := g.OnGrid(mp, 1)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a := planar.Area(out); a != tc.area {
				t.Errorf("area %g, want %g: %v", a, tc.area, out)
			}
			if _, reason, err := g.Repair(out); reason != "" || err != nil {
				t.Errorf("invalid: %s %v", reason, err)
			}
			for _, p := range out {
				for _, r := range p {
					for _, pt := range r {
						if pt[0] != float64(int(pt[0])) || pt[1] != float64(int(pt[1])) {
							t.Errorf("vertex %v is off the grid", pt)
						}
					}
				}
			}
		})
	}
	if _, err := g.OnGrid(orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}, 0); err == nil {
		t.Error("grid 0 accepted")
	}
}
