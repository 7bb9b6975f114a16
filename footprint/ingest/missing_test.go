package ingest_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/geo"
)

// catchmentsLayer adds a PCN catchments layer on file to the grid's
// manifest, optional or not.
func catchmentsLayer(file string, optional bool) func(string) string {
	layer := `"pcn_catchments": {"file": "` + file + `", "format": "geojson", "crs": "EPSG:27700", "key": "PCN_CODE", "optional": ` + map[bool]string{true: "true", false: "false"}[optional] +
		`, "vintage": "fixture", "licence": "CC0", "attribution": "test", "source": {"publisher": "Footprint tests"}},`
	return func(s string) string {
		if !strings.Contains(s, `"layers": {`) {
			panic("fixture manifest has no layers")
		}
		return strings.Replace(s, `"layers": {`, `"layers": {`+layer, 1)
	}
}

// A missing file is recognised by the error's type, not its text: an
// optional layer whose file is missing is a warning; a missing required
// file is an error that matches fs.ErrNotExist and *geo.RowError; and an
// optional file that exists but is broken is an error, even when its
// message happens to say "cannot open".
func TestImportMissingFile(t *testing.T) {
	square := `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"PCN_CODE": "U00001"},
		"geometry": {"type": "Polygon", "coordinates": [[[530000,180000],[531000,180000],[531000,181000],[530000,181000],[530000,180000]]]}}]}`
	t.Run("optional and missing", func(t *testing.T) {
		dir := footprinttest.CopyGrid(t, map[string]func(string) string{"manifest.json": catchmentsLayer("catchments.geojson", true)})
		a, err := footprinttest.Import(t, dir)
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, w := range a.Report.Warnings {
			if w.Layer == "pcn_catchments" && w.Kind == "missing_file" {
				found = w.Count == 1 && strings.Contains(w.Message, "optional layer catchments.geojson is missing: ") &&
					strings.HasSuffix(w.Message, "catchments.geojson: cannot open: no such file or directory")
			}
		}
		if !found {
			t.Errorf("no missing_file warning: %+v", a.Report.Warnings)
		}
	})
	t.Run("optional and present", func(t *testing.T) {
		dir := footprinttest.CopyGrid(t, map[string]func(string) string{"manifest.json": catchmentsLayer("catchments.geojson", true)})
		if err := os.WriteFile(filepath.Join(dir, "catchments.geojson"), []byte(square), 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := footprinttest.Import(t, dir)
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := a.PCNIndex("U00001"); !ok || len(a.PCNs[p].Catchment) != 1 {
			t.Errorf("catchment of U00001 not loaded")
		}
	})
	t.Run("required and missing", func(t *testing.T) {
		dir := footprinttest.CopyGrid(t, map[string]func(string) string{"manifest.json": catchmentsLayer("catchments.geojson", false)})
		_, err := footprinttest.Import(t, dir)
		var re *geo.RowError
		if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &re) || footprint.Code(err) != footprint.EInvalid {
			t.Fatalf("error %v (%T): want EInvalid wrapping fs.ErrNotExist and *geo.RowError", err, err)
		}
		if want := filepath.Join(dir, "catchments.geojson") + ": cannot open: no such file or directory"; err.Error() != want {
			t.Errorf("error %q, want %q", err, want)
		}
	})
	t.Run("required CSV missing", func(t *testing.T) {
		dir := footprinttest.CopyGrid(t, map[string]func(string) string{"imd.csv": func(string) string { return footprinttest.Delete }})
		if _, err := footprinttest.Import(t, dir); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("error %v: want it to wrap fs.ErrNotExist", err)
		}
	})
	t.Run("optional and broken", func(t *testing.T) {
		dir := footprinttest.CopyGrid(t, map[string]func(string) string{"manifest.json": catchmentsLayer("cannot open.geojson", true)})
		if err := os.WriteFile(filepath.Join(dir, "cannot open.geojson"), []byte("{"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := footprinttest.Import(t, dir)
		if err == nil || errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "not valid JSON") {
			t.Fatalf("error %v: want a broken file to fail import", err)
		}
	})
}
