// Package gpkg writes GeoPackage 1.3 files of polygon and attribute tables
// and reads polygon feature tables back, for exchange with desktop GIS.
//
// A GeoPackage is an SQLite database, so the package uses cgo through
// github.com/mattn/go-sqlite3 and needs a C compiler to build.
package gpkg
