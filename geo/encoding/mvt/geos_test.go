//go:build cgo

package mvt

import (
	"context"
	"encoding/binary"
	"math"
	"testing"

	"github.com/nhs-footprint/footprint/geo/geos"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// TestEncodeTileMakeValid repairs a bow tie with GEOS: it becomes two
// triangles meeting at the crossing, both wound as exteriors.
func TestEncodeTileMakeValid(t *testing.T) {
	bowtie := orb.MultiPolygon{{ring(charingCross, 100, 100, 900, 900, 900, 100, 100, 900)}}
	data, st, err := EncodeTile(context.Background(), charingCross, "units", []TileFeature{{ID: 1, Geom: bowtie}}, Detail, geos.NewContext())
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Features: 1, Repaired: 1}) {
		t.Errorf("stats %+v, want one feature, repaired", st)
	}
	fs := decode(t, data)
	mp, ok := fs[0].Geometry.(orb.MultiPolygon)
	if !ok || len(mp) != 2 {
		t.Fatalf("decoded %v; want two triangles", fs[0].Geometry)
	}
	var total float64
	for _, p := range mp {
		if a := SignedArea(p[0]); a <= 0 {
			t.Errorf("triangle %v has area %g, want positive", p[0], a)
		}
		total += SignedArea(p[0])
	}
	if total != 320000 {
		t.Errorf("area %g square units, want 320000", total)
	}
	if _, reason, err := geos.NewContext().Repair(mp); err != nil || reason != "" {
		t.Errorf("decoded geometry invalid: %q %v", reason, err)
	}
}

// FuzzEncodeTile encodes a polygon made of the fuzzer's bytes: it must not
// panic, and every feature written must be valid on the grid and wound as
// specification 2.1 asks.
func FuzzEncodeTile(f *testing.F) {
	f.Add([]byte{0, 0, 10, 0, 10, 10, 0, 10})
	f.Add([]byte{0, 0, 200, 200, 200, 0, 0, 200, 100, 100, 255, 3})
	g := geos.NewContext()
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 2000 {
			return
		}
		var r orb.Ring
		for i := 0; i+1 < len(b); i += 2 {
			x := float64(int8(b[i])) * 40
			y := float64(int8(b[i+1])) * 40
			r = append(r, at(charingCross, 2048+x, 2048+y))
		}
		if len(r) < 3 {
			return
		}
		r = append(r, r[0])
		seed := binary.LittleEndian.Uint16(append(b, 0, 0))
		if seed%2 == 1 {
			r.Reverse()
		}
		data, st, err := EncodeTile(context.Background(), charingCross, "units", []TileFeature{{ID: 1, Geom: orb.MultiPolygon{{r}}}}, Detail, g)
		if err != nil {
			t.Fatal(err)
		}
		fs := decode(t, data)
		if len(fs) != st.Features {
			t.Fatalf("%d features decoded, stats %+v", len(fs), st)
		}
		for _, ft := range fs {
			mp, ok := ft.Geometry.(orb.MultiPolygon)
			if p, isPoly := ft.Geometry.(orb.Polygon); isPoly {
				mp, ok = orb.MultiPolygon{p}, true
			}
			if !ok {
				t.Fatalf("decoded %T", ft.Geometry)
			}
			if _, reason, err := g.Repair(mp); err != nil || reason != "" {
				t.Fatalf("invalid on the grid: %q %v: %v", reason, err, mp)
			}
			for _, p := range mp {
				if a := SignedArea(p[0]); a <= 0 || math.Abs(planar.Area(p)) == 0 {
					t.Fatalf("exterior area %g", a)
				}
			}
		}
	})
}
