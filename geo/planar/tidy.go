package planar

import (
	"math"

	"github.com/paulmach/orb"
)

// Tidy prepares polygons for RFC 7946 output: coordinates rounded to
// decimals places, repeated points dropped, rings of fewer than four
// points dropped, exterior rings counter-clockwise and holes clockwise.
// Rounding the same input vertex always gives the same output, so
// polygons that shared an edge still share it.
func Tidy(mp orb.MultiPolygon, decimals int) orb.MultiPolygon {
	scale := math.Pow(10, float64(decimals))
	round := func(x float64) float64 { return math.Round(x*scale) / scale }
	out := make(orb.MultiPolygon, 0, len(mp))
	for _, p := range mp {
		var np orb.Polygon
		for ri, r := range p {
			nr := make(orb.Ring, 0, len(r))
			for _, pt := range r {
				q := orb.Point{round(pt[0]), round(pt[1])}
				if len(nr) == 0 || nr[len(nr)-1] != q {
					nr = append(nr, q)
				}
			}
			if len(nr) > 1 && nr[0] != nr[len(nr)-1] {
				nr = append(nr, nr[0])
			}
			if len(nr) < 4 || ringArea(nr) == 0 {
				if ri == 0 {
					break // no exterior, no polygon
				}
				continue
			}
			ccw := ringArea(nr) > 0
			if (ri == 0) != ccw {
				nr.Reverse()
			}
			np = append(np, nr)
		}
		if len(np) > 0 {
			out = append(out, np)
		}
	}
	return out
}
