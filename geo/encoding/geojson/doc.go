// Package geojson reads and writes the polygon GeoJSON Footprint exchanges:
// it reads FeatureCollections of Polygon and MultiPolygon features with
// errors naming the feature, and writes MultiPolygon features compactly
// as RFC 7946 asks.
//
// Parsing is done by github.com/paulmach/orb/geojson, imported here as
// orbgeojson.
package geojson
