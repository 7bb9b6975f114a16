package planar

import (
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// square returns the axis-aligned square [x, x+s] × [y, y+s], counter-clockwise.
func square(x, y, s float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestAreaPerimeter(t *testing.T) {
	holed := square(0, 0, 10)
	hole := orb.Ring{{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}} // clockwise
	holed = append(holed, hole)
	tests := []struct {
		name        string
		mp          orb.MultiPolygon
		area, perim float64
	}{
		{"unit square", orb.MultiPolygon{square(0, 0, 1)}, 1, 4},
		{"clockwise square", orb.MultiPolygon{{{{0, 0}, {0, 3}, {3, 3}, {3, 0}, {0, 0}}}}, 9, 12},
		{"square with hole", orb.MultiPolygon{holed}, 96, 48},
		{"two squares", orb.MultiPolygon{square(0, 0, 1), square(5, 5, 2)}, 5, 12},
		{"right triangle 3-4-5", orb.MultiPolygon{{{{0, 0}, {4, 0}, {0, 3}, {0, 0}}}}, 6, 12},
	}
	for _, tt := range tests {
		if got := Area(tt.mp); !near(got, tt.area, 1e-12) {
			t.Errorf("%s: area %v, want %v", tt.name, got, tt.area)
		}
		if got := Perimeter(tt.mp); !near(got, tt.perim, 1e-12) {
			t.Errorf("%s: perimeter %v, want %v", tt.name, got, tt.perim)
		}
	}
}

func TestConvexHull(t *testing.T) {
	pts := []orb.Point{{0, 0}, {2, 0}, {1, 1}, {2, 2}, {0, 2}, {1, 0}, {0, 0}, {1, 2}}
	h := ConvexHull(pts)
	want := []orb.Point{{0, 0}, {2, 0}, {2, 2}, {0, 2}}
	if fmt.Sprint(h) != fmt.Sprint(want) {
		t.Fatalf("hull %v, want %v (counter-clockwise, no collinear points)", h, want)
	}
	if a := PolygonArea(h); a != 4 {
		t.Errorf("hull area %v, want 4", a)
	}
	if got := ConvexHull([]orb.Point{{1, 1}, {1, 1}}); len(got) != 1 {
		t.Errorf("degenerate hull %v", got)
	}
}

func TestMinimumBoundingCircle(t *testing.T) {
	tests := []struct {
		name   string
		pts    []orb.Point
		center orb.Point
		radius float64
	}{
		{"one point", []orb.Point{{3, 4}}, orb.Point{3, 4}, 0},
		{"two points", []orb.Point{{0, 0}, {2, 0}}, orb.Point{1, 0}, 1},
		{"unit square", []orb.Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, orb.Point{0.5, 0.5}, math.Sqrt2 / 2},
		{"obtuse triangle uses its long side", []orb.Point{{0, 0}, {4, 0}, {2, 0.5}}, orb.Point{2, 0}, 2},
		{"equilateral triangle", []orb.Point{{0, 0}, {2, 0}, {1, math.Sqrt(3)}}, orb.Point{1, math.Sqrt(3) / 3}, 2 / math.Sqrt(3)},
		{"collinear", []orb.Point{{0, 0}, {1, 1}, {3, 3}}, orb.Point{1.5, 1.5}, 1.5 * math.Sqrt2},
		{"interior points do not matter", []orb.Point{{0.5, 0.5}, {0, 0}, {0.2, 0.9}, {1, 0}, {1, 1}, {0, 1}}, orb.Point{0.5, 0.5}, math.Sqrt2 / 2},
	}
	for _, tt := range tests {
		c := MinimumBoundingCircle(tt.pts)
		if !near(c.Center[0], tt.center[0], 1e-9) || !near(c.Center[1], tt.center[1], 1e-9) || !near(c.Radius, tt.radius, 1e-9) {
			t.Errorf("%s: circle %v r=%v, want %v r=%v", tt.name, c.Center, c.Radius, tt.center, tt.radius)
		}
		for _, p := range tt.pts {
			if d := math.Hypot(p[0]-c.Center[0], p[1]-c.Center[1]); d > c.Radius+1e-9 {
				t.Errorf("%s: point %v outside the circle", tt.name, p)
			}
		}
	}
}

func TestInteriorPoint(t *testing.T) {
	// A U shape: its centroid falls in the notch, outside.
	u := orb.MultiPolygon{{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}}
	p := InteriorPoint(u)
	if !polygonContains(u[0], p) {
		t.Fatalf("%v is not inside the U", p)
	}
	sq := orb.MultiPolygon{square(0, 0, 2)}
	if p := InteriorPoint(sq); p != (orb.Point{1, 1}) {
		t.Errorf("square: %v", p)
	}
}
