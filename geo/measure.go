package geo

import (
	"math"
	"slices"

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

// ConvexHull returns the vertices of the convex hull of pts in
// counter-clockwise order, without repeating the first point. Collinear
// points on the hull are dropped. Fewer than three distinct points give
// those points.
func ConvexHull(pts []orb.Point) []orb.Point {
	ps := slices.Clone(pts)
	slices.SortFunc(ps, func(a, b orb.Point) int {
		if a[0] != b[0] {
			if a[0] < b[0] {
				return -1
			}
			return 1
		}
		switch {
		case a[1] < b[1]:
			return -1
		case a[1] > b[1]:
			return 1
		}
		return 0
	})
	ps = slices.Compact(ps)
	if len(ps) < 3 {
		return ps
	}
	cross := func(o, a, b orb.Point) float64 {
		return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])
	}
	h := make([]orb.Point, 0, 2*len(ps))
	for _, p := range ps {
		for len(h) >= 2 && cross(h[len(h)-2], h[len(h)-1], p) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, p)
	}
	lower := len(h) + 1
	for i := len(ps) - 2; i >= 0; i-- {
		p := ps[i]
		for len(h) >= lower && cross(h[len(h)-2], h[len(h)-1], p) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, p)
	}
	return h[:len(h)-1]
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

// Circle is a circle in the plane.
type Circle struct {
	Center orb.Point
	Radius float64
}

// Area of the circle.
func (c Circle) Area() float64 { return math.Pi * c.Radius * c.Radius }

func (c Circle) contains(p orb.Point) bool {
	return math.Hypot(p[0]-c.Center[0], p[1]-c.Center[1]) <= c.Radius*(1+1e-12)+1e-9
}

// MinimumBoundingCircle returns the smallest circle enclosing pts, by
// Welzl's algorithm in its iterative move-to-front form. The points are
// visited in the order given; pass hull vertices for speed. The result is
// exact up to floating-point rounding and does not depend on randomness.
func MinimumBoundingCircle(pts []orb.Point) Circle {
	if len(pts) == 0 {
		return Circle{}
	}
	c := Circle{Center: pts[0]}
	for i := 1; i < len(pts); i++ {
		if c.contains(pts[i]) {
			continue
		}
		c = Circle{Center: pts[i]}
		for j := 0; j < i; j++ {
			if c.contains(pts[j]) {
				continue
			}
			c = circle2(pts[i], pts[j])
			for k := 0; k < j; k++ {
				if !c.contains(pts[k]) {
					c = circle3(pts[i], pts[j], pts[k])
				}
			}
		}
	}
	return c
}

func circle2(a, b orb.Point) Circle {
	ctr := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
	return Circle{Center: ctr, Radius: math.Hypot(a[0]-ctr[0], a[1]-ctr[1])}
}

func circle3(a, b, c orb.Point) Circle {
	bx, by := b[0]-a[0], b[1]-a[1]
	cx, cy := c[0]-a[0], c[1]-a[1]
	d := 2 * (bx*cy - by*cx)
	if d == 0 { // collinear: the circle on the two farthest points
		best := circle2(a, b)
		for _, cc := range []Circle{circle2(a, c), circle2(b, c)} {
			if cc.Radius > best.Radius {
				best = cc
			}
		}
		return best
	}
	b2, c2 := bx*bx+by*by, cx*cx+cy*cy
	ux := (cy*b2 - by*c2) / d
	uy := (bx*c2 - cx*b2) / d
	return Circle{Center: orb.Point{a[0] + ux, a[1] + uy}, Radius: math.Hypot(ux, uy)}
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
