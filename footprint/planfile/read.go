package planfile

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/gdal"
)

// Kind is the kind of a plan file.
type Kind string

// The kinds of plan file Read reads.
const (
	KindCSV        Kind = "csv"
	KindJSON       Kind = "json"
	KindGeoJSON    Kind = "geojson"
	KindGeoPackage Kind = "gpkg"
	KindShapefile  Kind = "shp"
	KindFlatGeobuf Kind = "fgb"
)

// Expected names the files Read reads, for messages about others.
const Expected = "a block assignment CSV (.csv: lsoa21cd,footprint; GEOID20,District; id,assignment; or two columns without a header), plan JSON (.json), or footprint polygons as GeoJSON (.geojson), GeoPackage (.gpkg), zipped Shapefile (.shp.zip or .zip) or FlatGeobuf (.fgb)"

// Limits on what a client controls in a polygon import.
const (
	// MaxOption is the longest layer or column name an option may give.
	MaxOption = 128
	// MaxUnzipped is the most a zipped Shapefile may hold unzipped.
	MaxUnzipped = 512 << 20
	// MaxZipEntries is the most files a zipped Shapefile may hold.
	MaxZipEntries = 1000
)

// Options say how to read a polygon plan file. Each is optional; they
// are ignored for CSV and plan JSON.
type Options struct {
	// Layer names the layer of a GeoPackage, zipped Shapefile or
	// FlatGeobuf to read; by default, the only polygon layer.
	Layer string
	// IDColumn names the property footprint ids come from; by default
	// the first of footprint, District, assignment, name and id.
	IDColumn string
	// NameColumn names the property footprint names come from; by
	// default name, if that is not the id column.
	NameColumn string
}

// Check reports the first option that is too long or not one line.
func (o Options) Check() error {
	for _, f := range []struct{ name, v string }{{"layer", o.Layer}, {"id column", o.IDColumn}, {"name column", o.NameColumn}} {
		if len(f.v) > MaxOption || strings.ContainsAny(f.v, "\r\n\x00") {
			return footprint.Errorf(footprint.EInvalid, "%s: want one line of at most %d bytes", f.name, MaxOption)
		}
	}
	return nil
}

// magic are the first bytes of the binary kinds.
var magic = []struct {
	prefix string
	kind   Kind
}{{"SQLite format 3\x00", KindGeoPackage}, {"PK\x03\x04", KindShapefile}, {"fgb\x03", KindFlatGeobuf}}

// KindOf says what kind of plan file name is, from its first bytes for
// the binary kinds (whatever its name) and else from its extension. An
// unknown kind is an EInvalid error naming what was expected.
func KindOf(name string, data []byte) (Kind, error) {
	for _, m := range magic {
		if bytes.HasPrefix(data, []byte(m.prefix)) {
			return m.kind, nil
		}
	}
	lower := strings.ToLower(name)
	for _, e := range []struct {
		ext  string
		kind Kind
	}{{".csv", KindCSV}, {".txt", KindCSV}, {".json", KindJSON}, {".geojson", KindGeoJSON}, {".gpkg", KindGeoPackage}, {".zip", KindShapefile}, {".shz", KindShapefile}, {".fgb", KindFlatGeobuf}} {
		if strings.HasSuffix(lower, e.ext) {
			return e.kind, nil
		}
	}
	return "", footprint.Errorf(footprint.EInvalid, "%s: unknown kind of plan file: want %s", name, Expected)
}

// Read reads a plan from a file's bytes, of the kind KindOf finds.
// Polygons are turned into a plan by the population-weighted centroid of
// each LSOA, and the report says which LSOAs fell in no polygon and which
// were cut. On any error nothing is returned but the error; a cancelled
// ctx stops a polygon import between features or LSOAs with an error
// wrapping the context's.
func Read(ctx context.Context, a *footprint.Atlas, name string, data []byte, opt Options) (*footprint.Plan, *PolygonImport, error) {
	if err := opt.Check(); err != nil {
		return nil, nil, err
	}
	kind, err := KindOf(name, data)
	if err != nil {
		return nil, nil, err
	}
	switch kind {
	case KindCSV:
		p, err := ReadCSV(a, name, bytes.NewReader(data))
		return p, nil, err
	case KindJSON:
		if looksGeoJSON(data) {
			break
		}
		p, err := ReadJSON(a, name, bytes.NewReader(data))
		return p, nil, err
	case KindGeoPackage, KindShapefile, KindFlatGeobuf:
		c, err := readGDAL(ctx, name, data, kind, opt)
		if err != nil {
			return nil, nil, err
		}
		return planFromPolygons(ctx, a, c, opt)
	}
	c, err := geojson.ParsePolygons(name, data, idOrder(opt)...)
	if err != nil {
		return nil, nil, footprint.Invalid(err)
	}
	return planFromPolygons(ctx, a, c, opt)
}

// looksGeoJSON reports whether a .json file is a GeoJSON FeatureCollection
// rather than plan JSON, from its first 4 kB.
func looksGeoJSON(data []byte) bool {
	head := data[:min(len(data), 4096)]
	return bytes.Contains(head, []byte(`"FeatureCollection"`))
}

// drivers are the GDAL drivers of the binary kinds, with the file name
// GDAL is given.
var drivers = map[Kind]struct {
	driver gdal.Driver
	file   string
}{
	KindGeoPackage: {gdal.GeoPackage, "upload.gpkg"},
	KindShapefile:  {gdal.Shapefile, "upload.zip"},
	KindFlatGeobuf: {gdal.FlatGeobuf, "upload.fgb"},
}

// readGDAL reads a GeoPackage, zipped Shapefile or FlatGeobuf through a
// temporary file, with the file's own name in errors.
func readGDAL(ctx context.Context, name string, data []byte, kind Kind, opt Options) (*geojson.Collection, error) {
	if kind == KindShapefile {
		if err := checkZip(name, data); err != nil {
			return nil, err
		}
	}
	dir, err := os.MkdirTemp("", "footprint-import-")
	if err != nil {
		return nil, &footprint.Error{Code: footprint.EInternal, Message: "read " + name + ": " + err.Error(), Err: err}
	}
	defer os.RemoveAll(dir)
	d := drivers[kind]
	tmp := filepath.Join(dir, d.file)
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return nil, &footprint.Error{Code: footprint.EInternal, Message: "read " + name + ": " + err.Error(), Err: err}
	}
	c, err := gdal.ReadPolygons(ctx, tmp, gdal.Options{Driver: d.driver, Layer: opt.Layer, IDProps: idOrder(opt)})
	if errors.Is(err, ctx.Err()) && ctx.Err() != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if err != nil {
		return nil, footprint.Invalid(renamed(err, tmp, name))
	}
	c.File = name
	return c, nil
}

// renamed is a reader's error with the temporary file's path replaced by
// the file's own name, keeping its type (*gdal.LayerError or
// *geo.RowError) for callers that match on it.
func renamed(err error, tmp, name string) error {
	fix := func(s string) string {
		return strings.ReplaceAll(strings.ReplaceAll(s, "/vsizip/"+tmp, name), tmp, name)
	}
	var le *gdal.LayerError
	if errors.As(err, &le) {
		return &gdal.LayerError{File: name, Named: le.Named, Layers: le.Layers}
	}
	var re *geo.RowError
	if errors.As(err, &re) {
		fixed := *re
		fixed.File, fixed.Problem = fix(re.File), fix(re.Problem)
		return &fixed
	}
	return errors.New(fix(err.Error()))
}

// checkZip checks a zipped Shapefile is a zip with a .shp in it, within
// the limits, before GDAL unzips anything.
func checkZip(name string, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return footprint.Invalid(&geo.RowError{File: name, Problem: "not a zip file: " + err.Error()})
	}
	if len(zr.File) > MaxZipEntries {
		return footprint.Invalid(&geo.RowError{File: name, Problem: fmt.Sprintf("%d files in the zip, more than %d", len(zr.File), MaxZipEntries)})
	}
	var total uint64
	shp := false
	for _, f := range zr.File {
		total += f.UncompressedSize64
		shp = shp || strings.HasSuffix(strings.ToLower(f.Name), ".shp")
	}
	if total > MaxUnzipped {
		return footprint.Invalid(&geo.RowError{File: name, Problem: fmt.Sprintf("unzips to %d MB, more than %d MB", total>>20, MaxUnzipped>>20)})
	}
	if !shp {
		return footprint.Invalid(&geo.RowError{File: name, Problem: "a zip without a .shp file: want a zipped Shapefile (.shp with its .shx, .dbf and .prj)"})
	}
	return nil
}
