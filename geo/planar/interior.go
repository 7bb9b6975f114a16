package planar

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// InteriorPoint returns a point inside a polygon: the area centroid if it
// lies inside, else the middle of the longest stretch of the horizontal
// line through the centroid that lies inside the largest polygon.
func InteriorPoint(mp orb.MultiPolygon) orb.Point {
	if len(mp) == 0 {
		return orb.Point{}
	}
	best := 0
	for i, p := range mp {
		if math.Abs(ringArea(p[0])) > math.Abs(ringArea(mp[best][0])) {
			best = i
		}
	}
	poly := mp[best]
	c := ringCentroid(poly[0])
	if polygonContains(poly, c) {
		return c
	}
	// Crossings of the line y = c.y with every ring of the polygon.
	y := c[1]
	var xs []float64
	for _, r := range poly {
		for i := 1; i < len(r); i++ {
			a, b := r[i-1], r[i]
			if (a[1] <= y) != (b[1] <= y) {
				xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
	}
	slices.Sort(xs)
	bestLen := -1.0
	for i := 0; i+1 < len(xs); i += 2 {
		if l := xs[i+1] - xs[i]; l > bestLen {
			bestLen = l
			c = orb.Point{(xs[i] + xs[i+1]) / 2, y}
		}
	}
	return c
}

func ringCentroid(r orb.Ring) orb.Point {
	var cx, cy, a float64
	for i := 1; i < len(r); i++ {
		f := r[i-1][0]*r[i][1] - r[i][0]*r[i-1][1]
		cx += (r[i-1][0] + r[i][0]) * f
		cy += (r[i-1][1] + r[i][1]) * f
		a += f
	}
	if a == 0 {
		return r[0]
	}
	return orb.Point{cx / (3 * a), cy / (3 * a)}
}

// polygonContains tests a point against a polygon with holes (even-odd).
func polygonContains(p orb.Polygon, pt orb.Point) bool {
	in := false
	for _, r := range p {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a[1] > pt[1]) != (b[1] > pt[1]) && pt[0] < (b[0]-a[0])*(pt[1]-a[1])/(b[1]-a[1])+a[0] {
				in = !in
			}
		}
	}
	return in
}
