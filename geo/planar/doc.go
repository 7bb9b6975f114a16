// Package planar measures polygons in projected coordinates: area,
// perimeter, convex hull, minimum bounding circle and a point inside, and
// tidies rings for output.
//
// All functions treat coordinates as Cartesian, so they belong with a
// projected CRS such as British National Grid, not with longitude and
// latitude.
package planar
