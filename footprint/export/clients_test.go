package export_test

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/export"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

// debianPython is the interpreter Debian's python3-qgis installs for;
// a python3 earlier on PATH (pyenv, say) does not see it.
const debianPython = "/usr/bin/python3"

// TestExportRounded: exported numbers carry sensible precision (km² and
// ratios to 4 decimals, people and metres whole), in GeoJSON, the
// profiles CSV and the GeoPackage as GDAL reads it; known answers on the
// grid's PCN plan.
func TestExportRounded(t *testing.T) {
	a := footprinttest.Grid(t)
	s := footprinttest.Scorer(t, a, footprinttest.Plan(t, a, footprinttest.GridPlanT))
	data, err := os.ReadFile(exportPlan(t, s, export.GeoJSON, ""))
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct{ Properties map[string]any }
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	for _, f := range fc.Features {
		for k, v := range f.Properties {
			x, ok := v.(float64)
			if !ok {
				continue
			}
			places := 4
			if strings.Contains("population need_weighted_population registered list_size mean_distance_m", k) || strings.HasPrefix(k, "age_") || strings.HasPrefix(k, "older_") || strings.HasPrefix(k, "cyp_") || strings.HasPrefix(k, "working_") || strings.HasPrefix(k, "flags_") || k == "lsoas" || k == "components" {
				places = 0
			}
			if got := decimals(x); got > places {
				t.Errorf("%s %v = %v has %d decimals, want at most %d", f.Properties["id"], k, x, got, places)
			}
		}
		if _, ok := f.Properties["band_status"].(string); !ok || f.Properties["footprint"] != f.Properties["id"] {
			t.Errorf("%v: band_status %v, footprint %v", f.Properties["id"], f.Properties["band_status"], f.Properties["footprint"])
		}
	}
	// Plan T's band is 1,000-5,000: a has 3,500 residents, b 5,200 and
	// c 800.
	for i, want := range []string{export.BandIn, export.BandAbove, export.BandBelow} {
		if got := fc.Features[i].Properties["band_status"]; got != want {
			t.Errorf("%v: band_status %v, want %s", fc.Features[i].Properties["id"], got, want)
		}
	}
	if alpha := fc.Features[0].Properties; alpha["id"] != "a" || alpha["area_km2"] != 3.0 {
		t.Errorf("alpha: area %v km², want 3", alpha["area_km2"])
	}
	var buf strings.Builder
	if err := export.ProfilesCSV(&buf, s); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		for k, v := range rec {
			if i := strings.IndexByte(v, '.'); i >= 0 && !strings.ContainsAny(v, " ;()") && len(v)-i-1 > 4 {
				t.Errorf("profiles CSV %s = %s: more than 4 decimals", recs[0][k], v)
			}
		}
	}
}

// decimals is how many decimal places the shortest form of x has.
func decimals(x float64) int {
	s := fmtFloat(x)
	if i := strings.IndexByte(s, '.'); i >= 0 && !strings.ContainsAny(s, "eE") {
		return len(s) - i - 1
	}
	return 0
}

// TestExportGeoJSONValidator: the npm validator @placemarkio/check-geojson
// (RFC 7946, winding included) accepts the GeoJSON export.
func TestExportGeoJSONValidator(t *testing.T) {
	root := footprinttest.Root(t)
	_, err := exec.LookPath("node")
	footprinttest.Need(t, err == nil, "node")
	_, err = os.Stat(filepath.Join(root, "node_modules", "@placemarkio", "check-geojson"))
	footprinttest.Need(t, err == nil, "@placemarkio/check-geojson (npm ci)")
	a := footprinttest.Grid(t)
	s := footprinttest.Scorer(t, a, footprinttest.Plan(t, a, footprinttest.GridPlanT))
	for _, crs := range []string{""} {
		p := exportPlan(t, s, export.GeoJSON, crs)
		cmd := exec.Command("node", "testdata/clients/geojson_file.mjs", p)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "3 features, valid GeoJSON") {
			t.Fatalf("check-geojson: %v\n%s", err, out)
		}
		t.Logf("%s", out)
	}
}

// TestExportGeoPackageQGIS: QGIS (its Python API, headless) opens the
// GeoPackage export with its default style from layer_styles applied:
// footprints categorized by band_status and labelled by name. GDAL lists
// the style table.
func TestExportGeoPackageQGIS(t *testing.T) {
	root := footprinttest.Root(t)
	_, err := os.Stat("/usr/lib/python3/dist-packages/qgis/core/__init__.py")
	footprinttest.Need(t, err == nil, "python3 module qgis (Debian python3-qgis)")
	a := footprinttest.Grid(t)
	s := footprinttest.Scorer(t, a, footprinttest.Plan(t, a, footprinttest.GridPlanT))
	p := exportPlan(t, s, export.GPKG, "")
	cmd := exec.Command(debianPython, "testdata/clients/qgis_gpkg.py", p)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR="+t.TempDir())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("qgis_gpkg.py: %v\n%s", err, out)
	}
	var found struct {
		Valid      bool
		Features   int
		Renderer   string
		Attribute  string
		Categories []string
		Labels     bool
		LabelField string `json:"label_field"`
	}
	if err := json.Unmarshal(out, &found); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !found.Valid || found.Features != 3 || found.Renderer != "categorizedSymbol" || found.Attribute != "band_status" || !found.Labels || found.LabelField != "name" ||
		strings.Join(found.Categories, ",") != "below,in_band,above,empty" {
		t.Errorf("QGIS found %+v", found)
	}
	t.Logf("QGIS: %s", out)
}

// TestLondonExportClients: on London's PCN plan (203 footprints) the npm
// validator accepts the GeoJSON export and QGIS opens the GeoPackage
// styled, as on the grid.
func TestLondonExportClients(t *testing.T) {
	root := footprinttest.Root(t)
	_, err := exec.LookPath("node")
	footprinttest.Need(t, err == nil, "node")
	_, err = os.Stat("/usr/lib/python3/dist-packages/qgis/core/__init__.py")
	footprinttest.Need(t, err == nil, "python3 module qgis (Debian python3-qgis)")
	a, p := footprinttest.LondonBaseline(t, baseline.PCN)
	s := footprinttest.Scorer(t, a, p)
	{
		cmd := exec.Command("node", "testdata/clients/geojson_file.mjs", exportPlan(t, s, export.GeoJSON, ""))
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "203 features, valid GeoJSON") {
			t.Errorf("check-geojson: %v\n%.2000s", err, out)
		}
	}
	{
		cmd := exec.Command(debianPython, "testdata/clients/qgis_gpkg.py", exportPlan(t, s, export.GPKG, ""))
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR="+t.TempDir())
		out, err := cmd.Output()
		if err != nil || !strings.Contains(string(out), `"features": 203`) || !strings.Contains(string(out), `"renderer": "categorizedSymbol"`) {
			t.Errorf("qgis_gpkg.py: %v\n%s", err, out)
		}
		t.Logf("QGIS: %s", out)
	}
}
