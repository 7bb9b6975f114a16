// Package mvt encodes polygons as Mapbox vector tiles, for serving a map
// of the coverage tile by tile.
//
// The encoding is done by github.com/paulmach/orb/encoding/mvt, imported
// here as orbmvt.
package mvt
