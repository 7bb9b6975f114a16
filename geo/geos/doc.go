// Package geos does the polygon operations that need GEOS: repairing
// invalid geometry, dissolving a coverage, prepared-geometry overlap
// tests, and finding the polygons that face each other across a barrier
// such as a river.
//
// It uses cgo (github.com/twpayne/go-geos, imported here as gogeos) and
// needs the GEOS library. Geometries go in and come out as orb types.
package geos
