package ingest_test

import (
	"flag"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/ingest"
)

// update rewrites the committed grid atlas instead of checking it.
var update = flag.Bool("update", false, "rewrite testdata/grid/grid.atlas")

// TestGridAtlasFile checks the committed grid atlas, which footprinttest.Grid
// serves to other packages' tests, against a fresh import of the fixture.
// With -update it rewrites the file instead.
func TestGridAtlasFile(t *testing.T) {
	// Import with paths relative to the repository root, as
	// `footprint import` run there would, so the file is the same on
	// every machine.
	t.Chdir(footprinttest.Root(t))
	dir := filepath.Join("testdata", "grid")
	file := filepath.Join(dir, footprinttest.GridAtlasFile)
	m, err := ingest.ReadManifest(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := ingest.Import(m, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := footprint.WriteAtlas(fresh, file); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", file)
		return
	}
	// Compare as the file holds it: gob drops empty slices.
	tmp := filepath.Join(t.TempDir(), "fresh.atlas")
	if err := footprint.WriteAtlas(fresh, tmp); err != nil {
		t.Fatal(err)
	}
	got, err := footprint.ReadAtlas(tmp)
	if err != nil {
		t.Fatal(err)
	}
	want, err := footprint.ReadAtlas(file)
	if err != nil {
		t.Fatalf("%v (regenerate with go test ./footprint/ingest -run TestGridAtlasFile -update)", err)
	}
	for _, a := range []*footprint.Atlas{got, want} {
		a.Report.Built, a.Report.Seconds, a.Report.Adjacency.Millis = time.Time{}, 0, 0
	}
	// The file holds the exported fields; the rest is the index, rebuilt
	// on reading, and its spatial tree never compares equal.
	gv, wv := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
	stale := false
	for i := range gv.NumField() {
		if f := gv.Type().Field(i); f.IsExported() && !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			t.Errorf("%s differs from a fresh import", f.Name)
			stale = true
		}
	}
	if !stale {
		return
	}
	t.Errorf("%s is out of date: regenerate with go test ./footprint/ingest -run TestGridAtlasFile -update", file)
}
