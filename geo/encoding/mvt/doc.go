// Package mvt encodes polygons as Mapbox vector tiles (specification 2.1),
// for serving a map of the LSOAs tile by tile: exterior rings clockwise on
// the screen and holes anticlockwise, every polygon valid on the tile's
// integer grid, and features clipped a buffer beyond the tile's edges.
//
// The encoding is done by github.com/paulmach/orb/encoding/mvt, imported
// here as orbmvt; validity is checked and repaired through a Repairer,
// which package geo/geos implements with GEOS, so this package needs no
// cgo.
package mvt
