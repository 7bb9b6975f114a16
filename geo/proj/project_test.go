package proj

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// The ONS population-weighted centroid of E01000001 is published in both
// CRSs; the WGS84 one was made with the same Helmert transform PROJ uses.
func TestProjectorKnownPoint(t *testing.T) {
	p, err := NewProjector(WGS84, BNG)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Point(orb.Point{-0.0962663, 51.5195916})
	if err != nil {
		t.Fatal(err)
	}
	if !near(got[0], 532181.764, 0.01) || !near(got[1], 181792.282, 0.01) {
		t.Fatalf("BNG %v, want 532181.764, 181792.282 within 1 cm", got)
	}
	inv, err := NewProjector(BNG, WGS84)
	if err != nil {
		t.Fatal(err)
	}
	back, _ := inv.Point(got)
	if !near(back[0], -0.0962663, 1e-7) || !near(back[1], 51.5195916, 1e-7) { // about 1 cm
		t.Fatalf("round trip %v", back)
	}
	mp, err := p.MultiPolygon(orb.MultiPolygon{{{{-0.1, 51.5}, {-0.09, 51.5}, {-0.09, 51.51}, {-0.1, 51.5}}}})
	if err != nil || len(mp[0][0]) != 4 || mp[0][0][0] != mp[0][0][3] {
		t.Fatalf("projected polygon %v, %v", mp, err)
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
