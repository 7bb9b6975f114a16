package planar

import (
	"math"

	"github.com/paulmach/orb"
)

// Area is the planar area of a MultiPolygon (holes subtracted), in the
// square units of its coordinates. Ring orientation does not matter.
func Area(mp orb.MultiPolygon) float64 {
	a := 0.0
	for _, p := range mp {
		for i, r := range p {
			ra := math.Abs(ringArea(r))
			if i == 0 {
				a += ra
			} else {
				a -= ra
			}
		}
	}
	return a
}

// ringArea is the signed shoelace area: positive for counter-clockwise.
func ringArea(r orb.Ring) float64 {
	if len(r) < 3 {
		return 0
	}
	s := 0.0
	x0, y0 := r[0][0], r[0][1]
	for i := 1; i+1 < len(r); i++ {
		s += (r[i][0]-x0)*(r[i+1][1]-y0) - (r[i+1][0]-x0)*(r[i][1]-y0)
	}
	return s / 2
}

// Perimeter is the total length of all rings, exterior and holes.
func Perimeter(mp orb.MultiPolygon) float64 {
	l := 0.0
	for _, p := range mp {
		for _, r := range p {
			for i := 1; i < len(r); i++ {
				l += math.Hypot(r[i][0]-r[i-1][0], r[i][1]-r[i-1][1])
			}
		}
	}
	return l
}

// PolygonArea is the area of a simple polygon given by its vertices in
// order (closed or not).
func PolygonArea(pts []orb.Point) float64 {
	if len(pts) < 3 {
		return 0
	}
	r := orb.Ring(pts)
	return math.Abs(ringArea(append(r[:len(r):len(r)], pts[0])))
}

// Points returns all ring vertices of mp.
func Points(mp orb.MultiPolygon) []orb.Point {
	var out []orb.Point
	for _, p := range mp {
		for _, r := range p {
			out = append(out, r...)
		}
	}
	return out
}
