// Package gdal reads polygon layers from the vector formats councils hold
// (GeoPackage, zipped Shapefile and FlatGeobuf) and translates GeoPackages
// into them, through GDAL (github.com/airbusgeo/godal over Debian's
// libgdal-dev).
//
// It is the one package that links GDAL, so it uses cgo. Coordinate
// reference systems are recognised by their definition with GDAL's OSR,
// which compares them through PROJ, so British National Grid stored under
// any code (a GeoPackage's srs_id 100001, a Shapefile's .prj) is
// EPSG:27700.
package gdal
