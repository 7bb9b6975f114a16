package planfile_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/planfile"
	"github.com/nhs-footprint/footprint/footprint/score"
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
		p, _, err := planfile.Read(a, "f.geojson", b, planfile.Options{})
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
	f.Add([]byte("PK not sqlite"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, _, err := planfile.Read(a, "f.gpkg", b, planfile.Options{})
		checkRead(t, a, p, err)
	})
}
