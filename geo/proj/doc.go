// Package proj transforms coordinates between coordinate reference
// systems with PROJ, chiefly between WGS84 longitude/latitude and British
// National Grid metres.
//
// It uses cgo (github.com/twpayne/go-proj, imported here as goproj) and
// needs the PROJ library.
package proj
