package planfile_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/planfile"
	"github.com/nhs-footprint/footprint/footprint/score"
	"github.com/nhs-footprint/footprint/geo/gdal"
	"github.com/nhs-footprint/footprint/geo/gpkg"
	"github.com/paulmach/orb"
)

// checkRead holds a plan reader's promise: a plan that scores, or an
// EInvalid *Error with a one-line message.
func checkRead(t *testing.T, a *footprint.Atlas, p *footprint.Plan, err error) {
	t.Helper()
	if err != nil {
		var fe *footprint.Error
		if !errors.As(err, &fe) || fe.Code != footprint.EInvalid || err.Error() == "" || strings.Contains(err.Error(), "\n") {
			t.Fatalf("error %T (code %s) is not a one-line EInvalid *Error: %q", err, footprint.Code(err), err)
		}
		return
	}
	if _, err := score.NewScorer(a, p); err != nil {
		t.Fatalf("read plan does not score: %v", err)
	}
}

// FuzzReadPlanJSON: arbitrary bytes give a plan or an EInvalid error.
func FuzzReadPlanJSON(f *testing.F) {
	a := footprinttest.Grid(f)
	f.Add(`{"name":"x","assignments":{"E01000001":"a","E01000002":"b"}}`)
	f.Add(`{"name":"x"} {"name":"y"}`) // trailing JSON
	f.Add(`{"name":"x"}` + "\n\ngarbage")
	f.Add(`{"settings":{"band_min":3000000000,"band_max":-1}}`)
	f.Add(`{"footprints":[{"id":"a"},{"id":"a"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := planfile.ReadJSON(a, "f.json", strings.NewReader(s))
		checkRead(t, a, p, err)
	})
}

// geometrySeeds are the bad geometries every polygon reader is seeded
// with, in British National Grid over the grid atlas.
var geometrySeeds = []string{
	poly(westSquare),
	poly(bowtie),
	poly(`[[[530000,180000],[531000,180000],[531000,182000],[530000,182000]]]`), // unclosed
	poly(`[]`),   // empty
	poly(`[[]]`), // empty ring
	poly(`[[[530000,180000,5],[531000,180000,5],[531000,182000,6],[530000,180000,5]]]`),      // 3D
	poly(`[[[530000,180000],[531000,1e20],[531000,182000],[530000,180000]]]`),                // out of range
	poly(`[[[530000,180000],[531000,180000],[532000,180000],[530000,180000]]]`),              // collinear
	poly(`[[[530000],[531000,180000],[531000,182000],[530000,180000]]]`),                     // one number
	`{"type":"MultiPolygon","coordinates":[` + westSquare + `,[[[1,1],[1,1],[1,1],[1,1]]]]}`, // collapsed part
}

// FuzzReadPolygonsGeoJSON: arbitrary GeoJSON gives a plan or an EInvalid
// error, never a panic.
func FuzzReadPolygonsGeoJSON(f *testing.F) {
	a := footprinttest.Grid(f)
	for _, g := range geometrySeeds {
		f.Add([]byte(bngCollection(g)))
	}
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"A"},"geometry":` + poly(`[[[-0.1,51.5],[500,51.5],[500,51.6],[-0.1,51.5]]]`) + `}]}`))
	f.Add([]byte(bngCollection(poly(westSquare)) + " {}")) // trailing data
	f.Fuzz(func(t *testing.T, b []byte) {
		p, _, err := planfile.Read(context.Background(), a, "f.geojson", b, planfile.Options{})
		checkRead(t, a, p, err)
	})
}

// FuzzReadPolygonsGeoPackage: arbitrary bytes read as a GeoPackage give
// a plan or an EInvalid error, never a panic. Seeds are GeoPackages of
// a bowtie, an unclosed ring and a longitude of 500.
func FuzzReadPolygonsGeoPackage(f *testing.F) {
	a := footprinttest.Grid(f)
	dir := f.TempDir()
	for i, s := range []struct {
		srs int
		mp  orb.MultiPolygon
	}{
		{27700, orb.MultiPolygon{{{{529000, 179000}, {533500, 183500}, {533500, 179000}, {529000, 183500}, {529000, 179000}}}}},
		{27700, orb.MultiPolygon{{{{530000, 180000}, {531000, 180000}, {531000, 182000}, {530000, 182000}}}}},
		{4326, orb.MultiPolygon{{{{-0.1, 51.5}, {500, 51.5}, {500, 51.6}, {-0.1, 51.5}}}}},
	} {
		p := filepath.Join(dir, strings.Repeat("s", i+1)+".gpkg")
		if err := gpkg.Write(p, []gpkg.Table{{Name: "f", SRS: s.srs, Fields: []gpkg.Field{{Name: "id", Type: "TEXT"}}, Rows: [][]any{{"A"}}, Geoms: []orb.MultiPolygon{s.mp}}}); err != nil {
			f.Fatal(err)
		}
		f.Add(readFile(f, p))
	}
	for _, p := range polygonSeeds(f) {
		f.Add(readFile(f, p))
	}
	f.Add([]byte("PK not sqlite"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, _, err := planfile.Read(context.Background(), a, "f.gpkg", b, planfile.Options{})
		checkRead(t, a, p, err)
	})
}

// polygonSeeds are GeoPackages of the cases, for the GDAL
// readers' seeds: a name-only layer, a District column, several layers,
// and an assignment column beside a bowtie.
func polygonSeeds(f *testing.F) []string {
	dir := f.TempDir()
	bow := orb.MultiPolygon{{{{529000, 179000}, {533500, 183500}, {533500, 179000}, {529000, 183500}, {529000, 179000}}}}
	bad := layer("bad", []string{"assignment"}, []any{"x"}, []any{"y"})
	bad.Geoms[1] = bow
	return []string{
		geoPackage(f, dir, "names.gpkg", layer("plan", []string{"name"}, []any{"West"}, []any{"East"})),
		geoPackage(f, dir, "dra.gpkg", layer("plan", []string{"District", "name"}, []any{"1", "West"}, []any{"2", "East"})),
		geoPackage(f, dir, "two.gpkg", layer("b", []string{"name"}, []any{"West"}, []any{"East"}), layer("a", []string{"name"}, []any{"W"}, []any{"E"})),
		geoPackage(f, dir, "bow.gpkg", bad),
	}
}

// fuzzGDAL fuzzes planfile.Read over files of one kind, seeded with the
// polygon seeds translated by GDAL and with the layer option both unset
// and set.
func fuzzGDAL(f *testing.F, driver gdal.Driver, ext string) {
	a := footprinttest.Grid(f)
	for i, src := range polygonSeeds(f) {
		dst := filepath.Join(f.TempDir(), strings.Repeat("s", i+1)+ext)
		var layers []string
		if driver == gdal.FlatGeobuf && strings.HasSuffix(src, "two.gpkg") {
			layers = []string{"b"} // a FlatGeobuf holds one layer
		}
		if err := gdal.Translate(src, dst, driver, layers...); err != nil {
			f.Fatal(err)
		}
		f.Add(readFile(f, dst), "")
		f.Add(readFile(f, dst), "b")
	}
	f.Fuzz(func(t *testing.T, b []byte, layer string) {
		p, _, err := planfile.Read(context.Background(), a, "f"+ext, b, planfile.Options{Layer: layer})
		checkRead(t, a, p, err)
	})
}

// FuzzReadPolygonsShapefile: arbitrary bytes read as a zipped Shapefile
// give a plan or an EInvalid error, never a panic or a crash in GDAL.
func FuzzReadPolygonsShapefile(f *testing.F) { fuzzGDAL(f, gdal.Shapefile, ".shp.zip") }

// FuzzReadPolygonsFlatGeobuf: arbitrary bytes read as FlatGeobuf give a
// plan or an EInvalid error, never a panic or a crash in GDAL.
func FuzzReadPolygonsFlatGeobuf(f *testing.F) { fuzzGDAL(f, gdal.FlatGeobuf, ".fgb") }

// FuzzReadCSV: arbitrary bytes read as a block assignment CSV, with or
// without a header, give a plan or an EInvalid error.
func FuzzReadCSV(f *testing.F) {
	a := footprinttest.Grid(f)
	for _, s := range []string{"lsoa21cd,footprint\nE01000001,a\n", "GEOID20,District\nE01000001,1\n", "id,assignment\nE01000001,1\nE01000002,\n",
		"E01000001,1\nE01000002,2\n", "\xEF\xBB\xBFE01000001,1\nE01999999,2", "E01000001,1,2\n", "E01000001,\"a\nb\"\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, _, err := planfile.Read(context.Background(), a, "f.csv", b, planfile.Options{})
		checkRead(t, a, p, err)
	})
}
