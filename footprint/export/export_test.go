package export_test

import (
	"context"
	"encoding/json"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/export"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/planfile"
	"github.com/nhs-footprint/footprint/footprint/score"
	"github.com/nhs-footprint/footprint/geo/geos"
	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/nhs-footprint/footprint/geo/proj"

	"github.com/paulmach/orb"
)

// tool finds an external program for export checks: missing, the test
// skips, except under CI=true, where make test installs it.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		for _, c := range []string{"/usr/share/doc/python3-gdal/examples/" + name, "/usr/lib/python3/dist-packages/osgeo_utils/samples/" + name} {
			if _, err := os.Stat(c); err == nil {
				return c
			}
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing (CI=true: make test installs gdal-bin and python3-gdal)", name)
		}
		t.Skipf("%s is missing: skipping", name)
	}
	return p
}

func exportPlan(t *testing.T, s *score.Scorer, format export.Format, crs string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "plan"+format.Ext())
	if err := export.File(s, p, export.Options{Format: format, CRS: crs}); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExportRoundTrips(t *testing.T) {
	a := footprinttest.Grid(t)
	plan := footprinttest.Plan(t, a, footprinttest.GridPlanT)
	s := footprinttest.Scorer(t, a, plan)
	for _, tc := range []struct {
		format export.Format
		crs    string
	}{{export.CSV, ""}, {export.JSON, ""}, {export.GeoJSON, ""}, {export.GPKG, ""}, {export.GPKG, "EPSG:4326"},
		{export.SHP, ""}, {export.SHP, "EPSG:4326"}, {export.FGB, ""}, {export.FGB, "EPSG:4326"}} {
		t.Run(string(tc.format)+tc.crs, func(t *testing.T) {
			p := exportPlan(t, s, tc.format, tc.crs)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			back, rep, err := planfile.Read(context.Background(), a, p, data, planfile.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(back.Assign, plan.Assign) {
				t.Fatalf("round trip\n%v\nwant\n%v", back.Assign, plan.Assign)
			}
			if tc.format != export.CSV && back.FootprintName("a") != "Alpha" { // CSV carries no names
				t.Errorf("names lost: %+v", back.Footprints)
			}
			if rep != nil && (rep.Assigned != 7 || len(rep.Unmatched) != 0 || len(rep.Split) != 0) {
				t.Errorf("report %+v", rep)
			}
		})
	}
}

// The GeoJSON export follows RFC 7946: WGS84 lon/lat at most 6 decimals,
// exterior rings counter-clockwise, holes clockwise, one MultiPolygon per
// footprint with the scores as properties.
func TestExportGeoJSON(t *testing.T) {
	a := footprinttest.Grid(t)
	// A ring of footprint "o" round "i" gives a hole.
	s, _ := score.NewScorer(a, footprinttest.Plan(t, a, footprinttest.GridPlanT))
	p := exportPlan(t, s, export.GeoJSON, "")
	data, _ := os.ReadFile(p)
	var fc struct {
		Type     string
		Features []struct {
			Properties map[string]any
			Geometry   struct {
				Type        string
				Coordinates [][][][]float64
			}
		}
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 3 {
		t.Fatalf("%d features", len(fc.Features))
	}
	for _, f := range fc.Features {
		if f.Geometry.Type != "MultiPolygon" {
			t.Errorf("geometry %s", f.Geometry.Type)
		}
		for _, poly := range f.Geometry.Coordinates {
			for ri, r := range poly {
				ring := make(orb.Ring, len(r))
				for k, c := range r {
					ring[k] = orb.Point{c[0], c[1]}
					for _, v := range c {
						if s := strings.TrimLeft(fmtFloat(v), "-0123456789"); len(s) > 7 {
							t.Fatalf("coordinate %v has more than 6 decimals", v)
						}
					}
				}
				ccw := ring.Orientation() == orb.CCW
				if (ri == 0) != ccw {
					t.Errorf("footprint %v ring %d orientation: exterior must be counter-clockwise, holes clockwise", f.Properties["id"], ri)
				}
			}
		}
		for _, key := range []string{"id", "name", "population", "in_band", "polsby_popper", "reock", "hull_ratio", "ward_integrity", "msoa_integrity", "demand_containment", "supply_containment", "boroughs", "flags_error", "flags_warning", "flags_info", "vintage_population", "vintage_registrations"} {
			if _, ok := f.Properties[key]; !ok {
				t.Errorf("no property %q", key)
			}
		}
	}
	// Alpha is the L of E01000001, 04 and 05: one polygon, no hole, 3 km².
	alpha := fc.Features[0]
	if alpha.Properties["id"] != "a" || alpha.Properties["population"] != 3500.0 || alpha.Properties["boroughs"] != "City and Hackney; City" && alpha.Properties["boroughs"] != "Hackney; City" {
		t.Errorf("alpha properties %v", alpha.Properties)
	}
	if len(alpha.Geometry.Coordinates) != 1 || len(alpha.Geometry.Coordinates[0]) != 1 {
		t.Errorf("alpha is %d polygons, want one dissolved polygon", len(alpha.Geometry.Coordinates))
	}
	ogr := tool(t, "ogrinfo")
	if out, err := exec.Command(ogr, "-ro", "-al", "-so", p).CombinedOutput(); err != nil || !strings.Contains(string(out), "Feature Count: 3") {
		t.Errorf("ogrinfo: %v\n%s", err, out)
	}
}

func fmtFloat(v float64) string { b, _ := json.Marshal(v); return string(b) }

// The GeoPackage passes GDAL's validator with warnings as errors, and
// ogrinfo reads its three tables.
func TestExportGeoPackageValid(t *testing.T) {
	a := footprinttest.Grid(t)
	s, _ := score.NewScorer(a, footprinttest.Plan(t, a, footprinttest.GridPlanT))
	for _, crs := range []string{"", "EPSG:4326"} {
		p := exportPlan(t, s, export.GPKG, crs)
		validate := tool(t, "validate_gpkg.py")
		if out, err := exec.Command("python3", validate, "--warning-as-error", p).CombinedOutput(); err != nil {
			t.Fatalf("validate_gpkg.py %s: %v\n%s", crs, err, out)
		}
		out, err := exec.Command(tool(t, "ogrinfo"), "-ro", p).CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo: %v\n%s", err, out)
		}
		for _, layer := range []string{"footprints (Multi Polygon)", "lsoa_assignment (None)", "flags (None)", "layer_styles (None)"} {
			if !strings.Contains(string(out), layer) {
				t.Errorf("ogrinfo does not list %q:\n%s", layer, out)
			}
		}
		out, _ = exec.Command(tool(t, "ogrinfo"), "-ro", "-so", p, "footprints").CombinedOutput()
		want := map[string]string{"": "British National Grid", "EPSG:4326": "WGS 84"}[crs]
		if !strings.Contains(string(out), want) || !strings.Contains(string(out), "Feature Count: 3") {
			t.Errorf("footprints layer in %s:\n%s", crs, out)
		}
	}
}

func TestReadPlanPolygonsReport(t *testing.T) {
	a := footprinttest.Grid(t)
	// Polygon A covers E01000001 and E01000004 and 60% of E01000002 and
	// E01000005; B is a strip on the east edge of E01000003 that holds
	// no centroid.
	data := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[
	{"type":"Feature","properties":{"footprint":"A","name":"West"},"geometry":{"type":"Polygon","coordinates":[[[530000,180000],[531600,180000],[531600,182000],[530000,182000],[530000,180000]]]}},
	{"type":"Feature","properties":{"footprint":"B"},"geometry":{"type":"Polygon","coordinates":[[[532600,180000],[533000,180000],[533000,180900],[532600,180900],[532600,180000]]]}}]}`
	p, rep, err := planfile.Read(context.Background(), a, "drawn.geojson", []byte(data), planfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"E01000001": "A", "E01000002": "A", "E01000004": "A", "E01000005": "A"}
	if !maps.Equal(p.Assign, want) || p.FootprintName("A") != "West" {
		t.Fatalf("assignments %v", p.Assign)
	}
	if rep.CRS != proj.BNG || rep.IDProperty != "footprint" || rep.Assigned != 4 || strings.Join(rep.Unmatched, ",") != "E01000003" {
		t.Errorf("report %+v", rep)
	}
	if len(rep.Split) != 2 || rep.Split[0].LSOA != "E01000002" || math.Abs(rep.Split[0].Inside-0.6) > 1e-3 {
		t.Errorf("split %+v", rep.Split)
	}
}

func TestReadPlanPolygonsErrors(t *testing.T) {
	a := footprinttest.Grid(t)
	feature := func(geom string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"x"},"geometry":` + geom + `}]}`
	}
	sq := `{"type":"Polygon","coordinates":[[[-0.2,51.5],[-0.1,51.5],[-0.1,51.6],[-0.2,51.5]]]}`
	tests := []struct{ name, file, data, want string }{
		{"malformed", "x.geojson", `{"type": "FeatureCollection", "features": [`, "x.geojson: not valid JSON"},
		{"not polygons", "x.geojson", feature(`{"type":"LineString","coordinates":[[0,0],[1,1]]}`), "geometry is LineString, want Polygon or MultiPolygon"},
		{"unsupported CRS", "x.geojson", strings.Replace(feature(sq), `{"type":"FeatureCollection",`, `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"OGC:WEIRD"}},`, 1), "unsupported CRS OGC:WEIRD"},
		{"BNG without a CRS", "x.geojson", feature(`{"type":"Polygon","coordinates":[[[530000,180000],[531000,180000],[531000,181000],[530000,180000]]]}`), "coordinates are not longitude and latitude"},
		{"empty", "x.geojson", `{"type":"FeatureCollection","features":[]}`, "x.geojson: no features"},
		{"elsewhere", "x.geojson", feature(`{"type":"Polygon","coordinates":[[[2.3,48.8],[2.4,48.8],[2.4,48.9],[2.3,48.8]]]}`), "no LSOA's centroid falls in any of its 1 polygons"},
		{"not a geopackage", "x.gpkg", "PK not sqlite", "x.gpkg: not a GeoPackage file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := planfile.Read(context.Background(), a, tt.file, []byte(tt.data), planfile.Options{})
			if err == nil || footprint.Code(err) != footprint.EInvalid || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// The dissolved footprints of the London PCN plan tile the union of its
// LSOAs: their areas agree to within 0.01%, and they do not overlap.
func TestLondonDissolveTiles(t *testing.T) {
	a, p := footprinttest.LondonBaseline(t, baseline.PCN)
	s := footprinttest.Scorer(t, a, p)
	dis, err := export.Dissolve(s, 2)
	if err != nil {
		t.Fatal(err)
	}
	pr, _ := proj.NewProjector(proj.WGS84, proj.BNG)
	var fpArea, lsoaArea float64
	var all []orb.MultiPolygon
	for _, d := range dis {
		tidy := planar.Tidy(d.Geom, export.GeoJSONDecimals)
		b, err := pr.MultiPolygon(tidy)
		if err != nil {
			t.Fatal(err)
		}
		fpArea += planar.Area(b)
		all = append(all, b)
	}
	for u := range a.Units {
		lsoaArea += a.Units[u].AreaM2
	}
	if rel := math.Abs(fpArea-lsoaArea) / lsoaArea; rel > 1e-4 {
		t.Errorf("footprints cover %.0f m², LSOAs %.0f m²: %.4f%% apart", fpArea, lsoaArea, 100*rel)
	}
	union, err := geos.NewContext().Union(all)
	if err != nil {
		t.Fatal(err)
	}
	if rel := math.Abs(planar.Area(union)-fpArea) / fpArea; rel > 1e-4 {
		t.Errorf("footprints overlap or leave slivers: union %.0f m², sum %.0f m²", planar.Area(union), fpArea)
	}
	t.Logf("203 footprints: %.2f km² against the LSOAs' %.2f km²", fpArea/1e6, lsoaArea/1e6)
}

func benchExport(b *testing.B, format export.Format) {
	a, p := footprinttest.LondonBaseline(b, baseline.PCN)
	s := footprinttest.Scorer(b, a, p)
	out := filepath.Join(b.TempDir(), "plan"+format.Ext())
	for b.Loop() {
		if err := export.File(s, out, export.Options{Format: format}); err != nil {
			b.Fatal(err)
		}
	}
	st, _ := os.Stat(out)
	b.ReportMetric(float64(st.Size())/1e6, "MB")
}

// Export of the 203-footprint London PCN plan, dissolve included. Target:
// 300 ms or less in each format.
func BenchmarkExportGeoJSON(b *testing.B) { benchExport(b, export.GeoJSON) }
func BenchmarkExportGPKG(b *testing.B)    { benchExport(b, export.GPKG) }
func BenchmarkExportCSV(b *testing.B)     { benchExport(b, export.CSV) }
func BenchmarkExportSHP(b *testing.B)     { benchExport(b, export.SHP) }
func BenchmarkExportFGB(b *testing.B)     { benchExport(b, export.FGB) }

// gdalName is the name GDAL's command-line tools open a file by: a
// zipped Shapefile through /vsizip/.
func gdalName(path string) string {
	if strings.HasSuffix(path, ".zip") {
		return "/vsizip/" + path
	}
	return path
}

// London PCN plan: every export reads back to the same assignment
// (GeoJSON, GeoPackage, zipped Shapefile and FlatGeobuf), GDAL reads
// them, and the GeoPackage validates.
func TestLondonExportRoundTrip(t *testing.T) {
	a, p := footprinttest.LondonBaseline(t, baseline.PCN)
	s := footprinttest.Scorer(t, a, p)
	for _, tc := range []struct {
		format export.Format
		crs    string
	}{{export.GeoJSON, ""}, {export.GPKG, ""}, {export.GPKG, "EPSG:4326"}, {export.SHP, ""}, {export.FGB, ""}} {
		path := exportPlan(t, s, tc.format, tc.crs)
		data, _ := os.ReadFile(path)
		back, rep, err := planfile.Read(context.Background(), a, path, data, planfile.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(back.Assign, p.Assign) || rep.Assigned != 4994 || len(rep.Unmatched) != 0 || len(rep.Split) != 0 {
			t.Errorf("%s %s: round trip differs; report %d assigned, %d unmatched, %d split", tc.format, tc.crs, rep.Assigned, len(rep.Unmatched), len(rep.Split))
		}
		out, err := exec.Command(tool(t, "ogrinfo"), "-ro", "-so", "-al", gdalName(path)).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Feature Count: 203") {
			t.Errorf("ogrinfo %s: %v\n%.500s", path, err, out)
		}
		if tc.format == export.GPKG {
			if out, err := exec.Command("python3", tool(t, "validate_gpkg.py"), "--warning-as-error", path).CombinedOutput(); err != nil {
				t.Errorf("validate_gpkg.py: %v\n%s", err, out)
			}
		}
	}
}
