package server

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestImportFormats: a plan's zipped Shapefile and FlatGeobuf exports
// import into an empty plan through the real router with the same
// assignment, and the layer and column parameters choose what ids come
// from; bad parameters are refused before the plan changes.
func TestImportFormats(t *testing.T) {
	s, _, _ := planServer(t)
	src := create(t, s, `{"name": "source", "places": [], "baseline": "borough"}`)
	var srcPlan PlanJSON
	call(t, s, "GET", "/api/plans/"+src.ID, "", "", &srcPlan)
	for _, tc := range []struct {
		format, query string
		media, magic  string
		idProperty    string
		ids           string // the footprint of E01000001 after import
	}{
		{"shp", "", "application/zip", "PK\x03\x04", "footprint", "E09000001"},
		{"fgb", "", "application/flatgeobuf", "fgb\x03", "footprint", "E09000001"},
		{"gpkg", "&layer=footprints&id_column=name", "application/geopackage+sqlite3", "SQLite format 3", "name", "City"},
		{"shp", "&id_column=name&name_column=boroughs", "application/zip", "PK\x03\x04", "name", "City"},
	} {
		t.Run(tc.format+tc.query, func(t *testing.T) {
			rec := call(t, s, "GET", "/api/plans/"+src.ID+"/export?format="+tc.format, "", "", nil)
			body := rec.Body.String()
			if rec.Code != 200 || rec.Header().Get("Content-Type") != tc.media || !strings.HasPrefix(body, tc.magic) {
				t.Fatalf("export %s: %d %s %.20q", tc.format, rec.Code, rec.Header().Get("Content-Type"), body)
			}
			dst := create(t, s, `{"name": "target", "places": [], "baseline": null}`)
			var ir ImportResponse
			if rec := call(t, s, "POST", "/api/plans/"+dst.ID+"/import?format="+tc.format+"&base_version=1"+tc.query, dst.EditToken, body, &ir); rec.Code != 200 {
				t.Fatalf("import: %d %s", rec.Code, rec.Body.String())
			}
			if ir.Report == nil || ir.Report.IDProperty != tc.idProperty || ir.Report.CRS != "EPSG:27700" || ir.Report.Assigned != 7 || ir.Plan.Assignments["E01000001"] != tc.ids {
				t.Fatalf("import %s: report %+v, E01000001 in %s", tc.format, ir.Report, ir.Plan.Assignments["E01000001"])
			}
			if tc.idProperty == "footprint" && fmt.Sprint(ir.Plan.Assignments) != fmt.Sprint(srcPlan.Assignments) {
				t.Errorf("round trip %v, want %v", ir.Plan.Assignments, srcPlan.Assignments)
			}
		})
	}
	gpkg := call(t, s, "GET", "/api/plans/"+src.ID+"/export?format=gpkg", "", "", nil).Body.String()
	dst := create(t, s, `{"name": "target", "places": [], "baseline": null}`)
	for _, tc := range []struct{ query, msg string }{
		{"layer=nope", `upload.gpkg: no layer "nope" (layers: flags, footprints, layer_styles, lsoa_assignment)`},
		{"id_column=nope", `no id column "nope" (columns: `},
		{"layer=" + url.QueryEscape(strings.Repeat("x", 200)), "layer: want one line of at most 128 bytes"},
	} {
		var eb ErrorBody
		rec := call(t, s, "POST", "/api/plans/"+dst.ID+"/import?format=gpkg&base_version=1&"+tc.query, dst.EditToken, gpkg, &eb)
		if rec.Code != 400 || !strings.Contains(eb.Error, tc.msg) {
			t.Errorf("import %.40s: %d %q, want 400 %q", tc.query, rec.Code, eb.Error, tc.msg)
		}
	}
	var after PlanJSON
	call(t, s, "GET", "/api/plans/"+dst.ID, "", "", &after)
	if after.Version != 1 || len(after.Assignments) != 0 {
		t.Errorf("a refused import changed the plan: version %d, %d assigned", after.Version, len(after.Assignments))
	}
}
