package server

import (
	"testing"

	"github.com/nhs-footprint/footprint/geo/geos"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
)

// TestRFC7946: served geometry is on the 5-decimal grid, valid there and
// wound as RFC 7946 asks, whatever its winding and however rounding
// would break it.
func TestRFC7946(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"anticlockwise kept", "POLYGON((0 0,0.0004 0,0.0004 0.0004,0 0.0004,0 0))",
			"MULTIPOLYGON(((0 0,0.0004 0,0.0004 0.0004,0 0.0004,0 0)))"},
		{"clockwise reversed, hole too", "POLYGON((0 0,0 0.0009,0.0009 0.0009,0.0009 0,0 0),(0.0003 0.0003,0.0006 0.0003,0.0006 0.0006,0.0003 0.0006,0.0003 0.0003))",
			"MULTIPOLYGON(((0 0,0.0009 0,0.0009 0.0009,0 0.0009,0 0),(0.0003 0.0003,0.0003 0.0006,0.0006 0.0006,0.0006 0.0003,0.0003 0.0003)))"},
		{"rounded to 5 places", "POLYGON((0.000001 0.000004,0.000402 0,0.0004 0.000398,0 0.0004,0.000001 0.000004))",
			"MULTIPOLYGON(((0 0,0.0004 0,0.0004 0.0004,0 0.0004,0 0)))"},
	}
	g := geos.NewContext()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := wkt.Unmarshal(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			got := wkt.MarshalString(rfc7946(g, orb.MultiPolygon{in.(orb.Polygon)}))
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
	// (0.00002, 0.000004) rounds onto the edge from (0, 0) to (0.00004, 0):
	// rounded alone, the ring would touch itself.
	pinch := orb.MultiPolygon{{{{0, 0}, {0.00004, 0}, {0.00004, 0.00002}, {0.00002, 0.000004}, {0, 0.00002}, {0, 0}}}}
	if _, reason, _ := g.Repair(roundGrid(pinch)); reason == "" {
		t.Fatal("the pinched ring is valid once rounded: the test proves nothing")
	}
	out := rfc7946(g, pinch)
	if _, reason, err := g.Repair(out); reason != "" || err != nil {
		t.Errorf("served pinched ring invalid: %s %v: %v", reason, err, out)
	}
	for _, p := range out {
		if p[0].Orientation() != orb.CCW {
			t.Errorf("exterior %v not anticlockwise", p[0])
		}
	}
}
