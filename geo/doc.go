// Package geo reads geographic datasets and does the geometry Footprint
// needs: CSV and GeoJSON readers with row-level errors, projection between
// WGS84 and British National Grid, planar measures, convex hulls, validity
// repair with GEOS, and the rook adjacency graph of a polygon coverage.
//
// Everything here is independent of the NHS domain: it deals in files,
// columns, coordinates and polygons.
package geo
