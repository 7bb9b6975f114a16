package planar_test

import (
	"fmt"

	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/paulmach/orb"
)

// A 10 × 10 square with a 2 × 2 hole, as
// MULTIPOLYGON(((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))),
// and a 3-4-5 right triangle.
func ExampleArea() {
	holed := orb.MultiPolygon{{
		{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},
		{{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}},
	}}
	triangle := orb.MultiPolygon{{{{0, 0}, {4, 0}, {0, 3}, {0, 0}}}}
	fmt.Println(planar.Area(holed), planar.Perimeter(holed))
	fmt.Println(planar.Area(triangle), planar.Perimeter(triangle))
	// Output:
	// 96 48
	// 6 12
}

func ExampleMinimumBoundingCircle() {
	c := planar.MinimumBoundingCircle([]orb.Point{{0, 0}, {6, 0}, {3, 1}})
	fmt.Printf("centre (%.0f, %.0f), radius %.0f, area %.2f\n", c.Center[0], c.Center[1], c.Radius, c.Area())
	// Output: centre (3, 0), radius 3, area 28.27
}

// Tidy rounds, drops the repeated vertex and turns the clockwise exterior
// ring counter-clockwise.
func ExampleTidy() {
	cw := orb.MultiPolygon{{{{0, 0}, {0, 1.0004}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}}}
	fmt.Println(planar.Tidy(cw, 2))
	// Output: [[[[0 0] [1 0] [1 1] [0 1] [0 0]]]]
}
