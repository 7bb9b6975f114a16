package planar

import (
	"math"

	"github.com/paulmach/orb"
)

// Circle is a circle in the plane.
type Circle struct {
	Center orb.Point
	Radius float64
}

// Area is the area of the circle.
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
