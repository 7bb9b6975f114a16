package geos

import (
	"testing"

	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/paulmach/orb"
)

// decodeShape turns fuzz bytes into a MultiPolygon on a small grid, so
// that points coincide and edges cross often: 0xFF ends a ring, 0xFE a
// polygon, and any other byte pair is a point (x, y) from 0 to 15.
func decodeShape(b []byte) orb.MultiPolygon {
	var mp orb.MultiPolygon
	var poly orb.Polygon
	var ring orb.Ring
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case 0xFF:
			poly, ring = append(poly, ring), nil
		case 0xFE:
			if ring != nil {
				poly, ring = append(poly, ring), nil
			}
			mp, poly = append(mp, poly), nil
		default:
			if i+1 < len(b) {
				ring = append(ring, orb.Point{float64(b[i] % 16), float64(b[i+1] % 16)})
				i++
			}
		}
	}
	if ring != nil {
		poly = append(poly, ring)
	}
	if poly != nil {
		mp = append(mp, poly)
	}
	return mp
}

// FuzzRepair: any MultiPolygon repairs without panicking to a valid
// geometry with area, or fails with an error.
func FuzzRepair(f *testing.F) {
	f.Add([]byte{0, 0, 2, 2, 2, 0, 0, 2, 0, 0})                         // bowtie
	f.Add([]byte{0, 0, 1, 0, 1, 1, 0, 1})                               // unclosed square
	f.Add([]byte{0, 0, 1, 0, 2, 0, 0, 0})                               // collinear
	f.Add([]byte{})                                                     // empty
	f.Add([]byte{0xFE, 0xFF})                                           // empty polygon and ring
	f.Add([]byte{0, 0, 4, 0, 4, 4, 0, 4, 0, 0, 0xFF, 1, 1, 5, 1, 5, 5}) // hole across the shell
	f.Add([]byte{0, 0, 2, 0, 2, 2, 0, 2, 0xFE, 1, 1, 3, 1, 3, 3, 1, 3}) // overlapping parts
	g := NewContext()
	f.Fuzz(func(t *testing.T, b []byte) {
		out, _, err := g.Repair(decodeShape(b))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("error without a message")
			}
			return
		}
		if len(out) == 0 || planar.Area(out) <= 0 {
			t.Fatalf("repaired to %v with no area", out)
		}
		if _, reason, err := g.Repair(out); err != nil || reason != "" {
			t.Fatalf("repair of %v is not valid: %q %v", out, reason, err)
		}
		p := g.Prepare(out)
		if _, err := p.ShareInside(orb.MultiPolygon{{{{0, 0}, {8, 0}, {8, 8}, {0, 8}, {0, 0}}}}); err != nil {
			t.Fatal(err)
		}
	})
}
