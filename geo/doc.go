// Package geo holds the geographic toolkit Footprint is built on, split
// into small packages by concern; this root package keeps only the error
// type they share.
//
// The subpackages are:
//
//   - planar: areas, perimeters, convex hulls, bounding circles and
//     interior points of polygons in projected coordinates.
//   - graph: an undirected weighted graph with breadth-first search and
//     connected components.
//   - rook: the rook adjacency of a polygon coverage, as graph edges.
//   - table: a CSV reader that reports errors by file, line and column.
//   - encoding/geojson: reading and writing polygon GeoJSON.
//   - encoding/mvt: encoding Mapbox vector tiles.
//   - proj: projection between WGS84 and British National Grid with PROJ
//     (cgo).
//   - geos: validity repair, union and prepared-geometry tests with GEOS
//     (cgo).
//   - gpkg: reading and writing GeoPackage files with SQLite (cgo).
//
// Everything here is independent of the NHS domain: it deals in files,
// columns, coordinates and polygons. The pure-Go packages build with
// CGO_ENABLED=0; only proj, geos and gpkg need C libraries.
package geo
