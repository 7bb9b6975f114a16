package mvt

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"
	orbmvt "github.com/paulmach/orb/encoding/mvt"
	orbgeojson "github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// charingCross is the z12 tile around Charing Cross.
var charingCross = maptile.At(orb.Point{-0.125, 51.505}, 12)

// at is the WGS84 point that projects to the middle of tile unit (x, y) of
// t, so that the encoder's rounding down puts it exactly at (x, y).
func at(t maptile.Tile, x, y float64) orb.Point {
	n := math.Exp2(float64(t.Z))
	fx := (float64(t.X) + (x+0.5)/Extent) / n
	fy := (float64(t.Y) + (y+0.5)/Extent) / n
	return orb.Point{fx*360 - 180, math.Atan(math.Sinh(math.Pi*(1-2*fy))) * 180 / math.Pi}
}

// ring makes a WGS84 ring from tile units of t.
func ring(t maptile.Tile, xy ...float64) orb.Ring {
	var r orb.Ring
	for i := 0; i+1 < len(xy); i += 2 {
		r = append(r, at(t, xy[i], xy[i+1]))
	}
	return append(r, r[0])
}

func decode(t *testing.T, data []byte) []*orbgeojson.Feature {
	t.Helper()
	layers, err := orbmvt.Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(layers) != 1 || layers[0].Name != "units" || layers[0].Version != 2 || layers[0].Extent != Extent {
		t.Fatalf("layers %+v", layers)
	}
	return layers[0].Features
}

func TestEncodeTile(t *testing.T) {
	// a square around Charing Cross and one far outside the tile
	in := orb.MultiPolygon{{{{-0.13, 51.50}, {-0.12, 51.50}, {-0.12, 51.51}, {-0.13, 51.51}, {-0.13, 51.50}}}}
	out := orb.MultiPolygon{{{{10, 10}, {11, 10}, {11, 11}, {10, 11}, {10, 10}}}}
	data, st, err := EncodeTile(context.Background(), charingCross, "units", []TileFeature{{ID: 7, Geom: in, Props: map[string]any{"code": "A"}}, {ID: 8, Geom: out}}, Detail, nil)
	if err != nil {
		t.Fatal(err)
	}
	fs := decode(t, data)
	if len(fs) != 1 || fmt.Sprint(fs[0].ID) != "7" || fs[0].Properties["code"] != "A" {
		t.Fatalf("%d features; want only the one in the tile, with its id and properties", len(fs))
	}
	if st != (Stats{Features: 1}) {
		t.Errorf("stats %+v", st)
	}
}

// TestEncodeTileWinding checks the rings' winding in tile coordinates
// (y down) whichever way the input was wound: exteriors positive by the
// surveyor's formula, holes negative.
func TestEncodeTileWinding(t *testing.T) {
	tl := charingCross
	outer := ring(tl, 100, 100, 100, 900, 900, 900, 900, 100) // anticlockwise on a map (RFC 7946)
	hole := ring(tl, 300, 300, 600, 300, 600, 600, 300, 600)  // clockwise on a map
	rev := func(r orb.Ring) orb.Ring { r = r.Clone(); r.Reverse(); return r }
	tests := []struct {
		name string
		geom orb.MultiPolygon
	}{
		{"RFC 7946 winding", orb.MultiPolygon{{outer, hole}}},
		{"reversed winding", orb.MultiPolygon{{rev(outer), rev(hole)}}},
		{"two polygons", orb.MultiPolygon{{outer}, {ring(tl, 1000, 1000, 2000, 1000, 2000, 2000, 1000, 2000)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, _, err := EncodeTile(context.Background(), tl, "units", []TileFeature{{ID: 1, Geom: tc.geom}}, Detail, nil)
			if err != nil {
				t.Fatal(err)
			}
			fs := decode(t, data)
			if len(fs) != 1 {
				t.Fatalf("%d features", len(fs))
			}
			mp, ok := fs[0].Geometry.(orb.MultiPolygon)
			if p, isPoly := fs[0].Geometry.(orb.Polygon); isPoly {
				mp, ok = orb.MultiPolygon{p}, true
			}
			if !ok || len(mp) != len(tc.geom) {
				t.Fatalf("decoded %T %v; want %d polygons", fs[0].Geometry, fs[0].Geometry, len(tc.geom))
			}
			for i, p := range mp {
				if len(p) != len(tc.geom[i]) {
					t.Fatalf("polygon %d has %d rings, want %d", i, len(p), len(tc.geom[i]))
				}
				for k, r := range p {
					if a := SignedArea(r); (k == 0) != (a > 0) {
						t.Errorf("polygon %d ring %d has area %g", i, k, a)
					}
				}
			}
			if a := SignedArea(mp[0][0]); a != 800*800 {
				t.Errorf("exterior area %g, want 640000 square units", a)
			}
			if len(mp[0]) == 2 {
				if a := SignedArea(mp[0][1]); a != -300*300 {
					t.Errorf("hole area %g, want -90000 square units", a)
				}
			}
		})
	}
}

// TestEncodeTileBuffer checks that a polygon across the edge of two tiles
// reaches Buffer units into each, so fills overlap and leave no seam.
func TestEncodeTileBuffer(t *testing.T) {
	left := charingCross
	right := maptile.New(left.X+1, left.Y, left.Z)
	geom := orb.MultiPolygon{{ring(left, 3000, 1000, 3000, 2000, 5000, 2000, 5000, 1000)}}
	for _, tc := range []struct {
		tile       maptile.Tile
		minX, maxX float64
	}{{left, 3000, Extent + Buffer}, {right, -Buffer, 5000 - Extent}} {
		data, _, err := EncodeTile(context.Background(), tc.tile, "units", []TileFeature{{ID: 1, Geom: geom}}, Detail, nil)
		if err != nil {
			t.Fatal(err)
		}
		fs := decode(t, data)
		if len(fs) != 1 {
			t.Fatalf("tile %v: %d features", tc.tile, len(fs))
		}
		b := fs[0].Geometry.Bound()
		if b.Min[0] != tc.minX || b.Max[0] != tc.maxX || b.Min[1] != 1000 || b.Max[1] != 2000 {
			t.Errorf("tile %v: bound %v, want x from %g to %g, y from 1000 to 2000", tc.tile, b, tc.minX, tc.maxX)
		}
	}
}

// stubRepair is a Repairer with fixed answers: the first check finds the
// reason, and OnGrid answers out or err.
type stubRepair struct {
	reason string
	out    orb.MultiPolygon
	err    error
	calls  int
}

func (s *stubRepair) Repair(mp orb.MultiPolygon) (orb.MultiPolygon, string, error) {
	s.calls++
	if s.calls > 1 {
		return mp, "", nil // valid once on the grid
	}
	return mp, s.reason, nil
}

func (s *stubRepair) OnGrid(mp orb.MultiPolygon, grid float64) (orb.MultiPolygon, error) {
	return s.out, s.err
}

// TestEncodeTileRepair checks the counts of repaired and dropped features
// and that a repaired geometry is rounded back to the grid.
func TestEncodeTileRepair(t *testing.T) {
	sq := orb.MultiPolygon{{ring(charingCross, 100, 100, 100, 900, 900, 900, 900, 100)}}
	offGrid := orb.MultiPolygon{{{{100.4, 100.2}, {500.6, 100}, {500, 500}, {100, 500}, {100.4, 100.2}}}}
	tests := []struct {
		name string
		fix  *stubRepair
		want Stats
	}{
		{"valid", &stubRepair{out: nil}, Stats{Features: 1}},
		{"repaired", &stubRepair{reason: "Self-intersection", out: offGrid}, Stats{Features: 1, Repaired: 1}},
		{"cannot repair", &stubRepair{reason: "Self-intersection", err: errors.New("no area")}, Stats{Dropped: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.fix.out == nil {
				tc.fix.out = sq
			}
			data, st, err := EncodeTile(context.Background(), charingCross, "units", []TileFeature{{ID: 1, Geom: sq}}, Detail, tc.fix)
			if err != nil {
				t.Fatal(err)
			}
			if st != tc.want {
				t.Errorf("stats %+v, want %+v", st, tc.want)
			}
			fs := decode(t, data)
			if len(fs) != tc.want.Features {
				t.Fatalf("%d features", len(fs))
			}
			if tc.want.Repaired == 1 {
				want := "[[[[100 100] [501 100] [500 500] [100 500] [100 100]]]]"
				if got := fmt.Sprint(fs[0].Geometry); got != want && got != want[1:len(want)-1] {
					t.Errorf("repaired geometry %s, want %s", got, want)
				}
			}
		})
	}
}

func TestEncodeTileCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sq := orb.MultiPolygon{{ring(charingCross, 100, 100, 100, 900, 900, 900, 900, 100)}}
	if _, _, err := EncodeTile(ctx, charingCross, "units", []TileFeature{{ID: 1, Geom: sq}}, Detail, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
}

func TestSignedArea(t *testing.T) {
	// clockwise on the screen, y down: positive
	cw := orb.Ring{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}
	if a := SignedArea(cw); a != 100 {
		t.Errorf("area %g, want 100", a)
	}
	mp := orb.MultiPolygon{{cw.Clone(), cw.Clone()}}
	Orient(mp)
	if a, b := SignedArea(mp[0][0]), SignedArea(mp[0][1]); a != 100 || b != -100 {
		t.Errorf("oriented areas %g, %g; want 100, -100", a, b)
	}
}

// TestEncodeTileTolerance checks the two tolerances on a square whose
// left edge bulges 4 units out at its middle: Detail keeps the bulge,
// Screen, at a pixel of a 512-pixel tile (8 units), straightens it. A
// sliver 4 units wide, which Screen would thin to nothing, keeps Detail's
// shape.
func TestEncodeTileTolerance(t *testing.T) {
	sq := orb.MultiPolygon{{ring(charingCross, 1024, 1024, 1020, 2048, 1024, 3072, 3072, 3072, 3072, 1024)}}
	sliver := orb.MultiPolygon{{ring(charingCross, 1024, 1024, 3072, 1024, 3072, 1028)}}
	for _, tc := range []struct {
		name      string
		geom      orb.MultiPolygon
		tolerance float64
		want      string
	}{
		{"detail", sq, Detail, "[[[1024 1024] [3072 1024] [3072 3072] [1024 3072] [1020 2048] [1024 1024]]]"},
		{"screen", sq, Screen, "[[[1024 1024] [3072 1024] [3072 3072] [1024 3072] [1024 1024]]]"},
		{"sliver", sliver, Screen, "[[[1024 1024] [3072 1024] [3072 1028] [1024 1024]]]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, _, err := EncodeTile(context.Background(), charingCross, "units", []TileFeature{{ID: 1, Geom: tc.geom}}, tc.tolerance, nil)
			if err != nil {
				t.Fatal(err)
			}
			layers, err := orbmvt.Unmarshal(data)
			if err != nil || len(layers) != 1 || len(layers[0].Features) != 1 {
				t.Fatalf("want the one feature: %d layers, %v", len(layers), err)
			}
			got := layers[0].Features[0].Geometry
			if fmt.Sprint(got) != tc.want {
				t.Errorf("got %v, want %s", got, tc.want)
			}
		})
	}
}
