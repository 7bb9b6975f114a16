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

func TestCheckBound(t *testing.T) {
	for _, tt := range []struct {
		crs  string
		b    orb.Bound
		want string
	}{
		{WGS84, orb.Bound{Min: orb.Point{-0.5, 51.3}, Max: orb.Point{0.3, 51.7}}, ""},
		{WGS84, orb.Bound{Min: orb.Point{-0.5, 51.3}, Max: orb.Point{500, 51.7}}, "longitude 500 is outside -180 to 180"},
		{WGS84, orb.Bound{Min: orb.Point{-0.5, -91}, Max: orb.Point{0, 51.7}}, "latitude -91 is outside -90 to 90"},
		{WGS84, orb.Bound{Min: orb.Point{math.NaN(), 0}, Max: orb.Point{0, 0}}, "longitude NaN is outside -180 to 180"},
		{BNG, orb.Bound{Min: orb.Point{530000, 180000}, Max: orb.Point{533000, 182100}}, ""},
		{BNG, orb.Bound{Min: orb.Point{530000, 180000}, Max: orb.Point{533000, 1e20}}, "northing 1e+20 is outside -100000 to 1400000"},
		{"EPSG:3857", orb.Bound{Max: orb.Point{1e9, 1e9}}, ""},
	} {
		err := CheckBound(tt.crs, tt.b)
		if (err == nil) != (tt.want == "") || err != nil && err.Error() != tt.want {
			t.Errorf("CheckBound(%s, %v) = %v, want %q", tt.crs, tt.b, err, tt.want)
		}
	}
}
