// Package geojson reads and writes the polygon GeoJSON Footprint exchanges:
// it reads FeatureCollections of Polygon and MultiPolygon features with
// errors naming the feature, and writes MultiPolygon features compactly
// as RFC 7946 asks.
//
// The reader decodes with encoding/json and parses coordinates itself, so
// that it can close unclosed rings, drop Z and M values and say so, and
// refuse positions that are not two finite numbers.
package geojson
