package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/server/store"
)

// planServer is a server with a store in a temporary directory.
func planServer(t testing.TB) (*Server, *store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plans.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(footprinttest.Grid(t), Options{Store: st, Static: fstest.MapFS{}}), st, path
}

// call sends a request with an optional bearer token.
func call(t testing.TB, s http.Handler, method, path, tok, body string, out any) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %d %q is not JSON: %v", method, path, rec.Code, rec.Body.String(), err)
		}
	}
	return rec
}

func create(t testing.TB, s http.Handler, body string) CreatePlanResponse {
	t.Helper()
	var cr CreatePlanResponse
	if rec := call(t, s, "POST", "/api/plans", "", body, &cr); rec.Code != 201 {
		t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
	}
	return cr
}

func patch(t testing.TB, s http.Handler, cr CreatePlanResponse, base int, changes string) (*httptest.ResponseRecorder, PatchResponse) {
	t.Helper()
	var pr PatchResponse
	rec := call(t, s, "PATCH", "/api/plans/"+cr.ID+"/assignments", cr.EditToken, fmt.Sprintf(`{"base_version": %d, "changes": %s}`, base, changes), nil)
	if rec.Code == 200 {
		json.Unmarshal(rec.Body.Bytes(), &pr)
	}
	return rec, pr
}

func TestPlanLifecycle(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "Grid draft", "places": ["E09000012"], "baseline": null}`)
	if cr.ID == "" || len(cr.EditToken) < 32 || cr.Version != 1 || !strings.Contains(cr.EditURL, "#edit="+cr.EditToken) {
		t.Fatalf("create %+v", cr)
	}
	var p PlanJSON
	call(t, s, "GET", "/api/plans/"+cr.ID, "", "", &p)
	if p.Name != "Grid draft" || p.Version != 1 || len(p.Places) != 1 || len(p.Assignments) != 0 || p.Settings.BandMin != 30000 {
		t.Fatalf("plan %+v", p)
	}
	// Paint three LSOAs into a new footprint, creating it.
	rec, pr := patch(t, s, cr, 1, `[{"lsoa": "E01000001", "footprint": "n1"}, {"lsoa": "E01000002", "footprint": "n1"}, {"lsoa": "E01000004", "footprint": "n1"}]`)
	if rec.Code != 200 || pr.Version != 2 || len(pr.Footprints) != 1 || pr.Footprints[0].ID != "n1" || pr.Footprints[0].Population != 3700 || pr.Footprints[0].Components != 1 {
		t.Fatalf("patch: %d %s", rec.Code, rec.Body.String())
	}
	if pr.Footprints[0].PolsbyPopper == nil {
		t.Error("changed footprint scores come without compactness")
	}
	// Move one to another footprint: both change.
	rec, pr = patch(t, s, cr, 2, `[{"lsoa": "E01000004", "footprint": "n2"}]`)
	if rec.Code != 200 || pr.Version != 3 || len(pr.Footprints) != 2 || pr.Applied[0].From != "n1" || pr.Applied[0].To != "n2" {
		t.Fatalf("move: %d %s", rec.Code, rec.Body.String())
	}
	// Rename, recolour and lock n1.
	var after PlanJSON
	rec = call(t, s, "PATCH", "/api/plans/"+cr.ID, cr.EditToken, `{"base_version": 3, "name": "Grid v2", "footprints": [{"id": "n1", "name": "North <b>One</b>", "colour": "#0072B2", "locked": true}]}`, &after)
	if rec.Code != 200 || after.Version != 4 || after.Name != "Grid v2" {
		t.Fatalf("patch plan: %d %s", rec.Code, rec.Body.String())
	}
	// A locked footprint can't be painted over, nor into.
	var eb ErrorBody
	rec = call(t, s, "PATCH", "/api/plans/"+cr.ID+"/assignments", cr.EditToken, `{"base_version": 4, "changes": [{"lsoa": "E01000001", "footprint": "n2"}]}`, &eb)
	if rec.Code != 400 || !strings.Contains(eb.Error, "locked") {
		t.Fatalf("painting over a locked footprint: %d %+v", rec.Code, eb)
	}
	rec = call(t, s, "PATCH", "/api/plans/"+cr.ID+"/assignments", cr.EditToken, `{"base_version": 4, "changes": [{"lsoa": "E01000005", "footprint": "n1"}]}`, &eb)
	if rec.Code != 400 || !strings.Contains(eb.Error, "locked") {
		t.Fatalf("painting into a locked footprint: %d %+v", rec.Code, eb)
	}
	// Outside the plan's places, until crossing is allowed.
	rec = call(t, s, "PATCH", "/api/plans/"+cr.ID+"/assignments", cr.EditToken, `{"base_version": 4, "changes": [{"lsoa": "E01000003", "footprint": "n2"}]}`, &eb)
	if rec.Code != 400 || !strings.Contains(eb.Error, "outside the plan's places") {
		t.Fatalf("outside the places: %d %+v", rec.Code, eb)
	}
	set := footprint.DefaultSettings()
	set.AllowCrossPlace = true
	sj, _ := json.Marshal(set)
	if rec := call(t, s, "PATCH", "/api/plans/"+cr.ID, cr.EditToken, `{"base_version": 4, "settings": `+string(sj)+`}`, nil); rec.Code != 200 {
		t.Fatalf("settings: %d %s", rec.Code, rec.Body.String())
	}
	if rec, pr := patch(t, s, cr, 5, `[{"lsoa": "E01000003", "footprint": "n2"}, {"lsoa": "E01000004", "footprint": null}]`); rec.Code != 200 || pr.Version != 6 {
		t.Fatalf("cross-place paint: %d %s", rec.Code, rec.Body.String())
	}
	// Scores: the same document as `footprint score --json`.
	var sc footprint.Score
	if rec := call(t, s, "GET", "/api/plans/"+cr.ID+"/scores", "", "", &sc); rec.Code != 200 || rec.Header().Get("X-Plan-Version") != "6" {
		t.Fatalf("scores %d", rec.Code)
	}
	if sc.Plan.Name != "Grid v2" || len(sc.Footprints) != 2 || sc.Footprints[0].Name != "North <b>One</b>" || sc.Footprints[1].Population != 2000 {
		t.Errorf("scores %+v %+v", sc.Plan, sc.Footprints)
	}
	// Versions, newest first, each with a summary.
	var vs struct{ Versions []footprint.Version }
	call(t, s, "GET", "/api/plans/"+cr.ID+"/versions", "", "", &vs)
	if len(vs.Versions) != 6 || vs.Versions[0].Version != 6 || vs.Versions[5].Summary == "" || !strings.Contains(vs.Versions[4].Summary, "3 LSOAs to n1") {
		t.Fatalf("versions %+v", vs.Versions)
	}
	// Restore version 2: a new version 7 with version 2's assignment.
	var restored PlanJSON
	if rec := call(t, s, "POST", "/api/plans/"+cr.ID+"/versions/2/restore", cr.EditToken, "", &restored); rec.Code != 200 || restored.Version != 7 || len(restored.Assignments) != 3 || restored.Assignments["E01000004"] != "n1" {
		t.Fatalf("restore: %d %+v", rec.Code, restored)
	}
	if rec, _ := patch(t, s, cr, 7, `[{"lsoa": "E01000005", "footprint": "n1"}]`); rec.Code != 200 {
		t.Fatalf("edit after restore: %d %s", rec.Code, rec.Body.String())
	}
}

func TestStaleEditConflicts(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "Two editors", "places": [], "baseline": "borough"}`)
	if rec, _ := patch(t, s, cr, 1, `[{"lsoa": "E01000002", "footprint": "E09000001"}]`); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	// A second editor still at version 1 gets 409, with what changed.
	var eb ErrorBody
	rec := call(t, s, "PATCH", "/api/plans/"+cr.ID+"/assignments", cr.EditToken, `{"base_version": 1, "changes": [{"lsoa": "E01000005", "footprint": "E09000002"}]}`, &eb)
	if rec.Code != 409 || eb.Code != footprint.EConflict || eb.Version != 2 || len(eb.Changes) != 1 || eb.Changes[0].Edit.Assign[0].LSOA != "E01000002" {
		t.Fatalf("stale edit: %d %+v", rec.Code, eb)
	}
	// Nothing of the stale edit was applied.
	var p PlanJSON
	call(t, s, "GET", "/api/plans/"+cr.ID, "", "", &p)
	if p.Version != 2 || p.Assignments["E01000005"] != "E09000012" {
		t.Errorf("stale edit leaked: %+v", p)
	}
}

// Twenty editors race on one plan from the same version: exactly one
// wins, the others get 409, and nothing is lost or doubled.
func TestConcurrentEditors(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "race", "places": [], "baseline": null}`)
	var wg sync.WaitGroup
	codes := make([]int, 20)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec, _ := patch(t, s, cr, 1, fmt.Sprintf(`[{"lsoa": "E01000001", "footprint": "f%d"}]`, i))
			codes[i] = rec.Code
		}()
	}
	wg.Wait()
	won := 0
	for _, c := range codes {
		switch c {
		case 200:
			won++
		case 409:
		default:
			t.Errorf("status %d", c)
		}
	}
	var p PlanJSON
	call(t, s, "GET", "/api/plans/"+cr.ID, "", "", &p)
	if won != 1 || p.Version != 2 || len(p.Assignments) != 1 {
		t.Fatalf("%d winners, version %d, %v", won, p.Version, p.Assignments)
	}
}

// A server that is killed and restarted loses no acknowledged edit: a new
// server on the same database sees every version, snapshots included.
func TestPersistence(t *testing.T) {
	s, st, path := planServer(t)
	cr := create(t, s, `{"name": "durable", "places": [], "baseline": null}`)
	v := 1
	codes := []string{"E01000001", "E01000002", "E01000003", "E01000004", "E01000005", "E01000006", "E01000007"}
	for i := range 2*store.SnapshotEvery + 3 {
		rec, pr := patch(t, s, cr, v, fmt.Sprintf(`[{"lsoa": %q, "footprint": "f%d"}]`, codes[i%len(codes)], i%3))
		if rec.Code != 200 {
			t.Fatal(rec.Body.String())
		}
		v = pr.Version
	}
	var before PlanJSON
	call(t, s, "GET", "/api/plans/"+cr.ID, "", "", &before)
	st.Close()
	st2, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	s2 := New(footprinttest.Grid(t), Options{Store: st2})
	var after PlanJSON
	call(t, s2, "GET", "/api/plans/"+cr.ID, "", "", &after)
	bj, _ := json.Marshal(before)
	aj, _ := json.Marshal(after)
	if string(bj) != string(aj) || after.Version != 2*store.SnapshotEvery+4 {
		t.Fatalf("after restart\n%s\nbefore\n%s", aj, bj)
	}
}

func TestPlanErrors(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "errors", "places": ["E09000012"], "baseline": null}`)
	big := `{"base_version": 1, "changes": [` + strings.Repeat(`{"lsoa": "E01000001", "footprint": "a"},`, 120000) + `{"lsoa": "E01000001", "footprint": "a"}]}`
	tests := []struct {
		name, method, path, tok, body string
		status                        int
		code                          footprint.ErrorCode
		msg                           string
	}{
		{"unknown plan", "GET", "/api/plans/nope", "", "", 404, footprint.ENotFound, `no plan "nope"`},
		{"unknown plan scores", "GET", "/api/plans/nope/scores", "", "", 404, footprint.ENotFound, `no plan "nope"`},
		{"unknown plan versions", "GET", "/api/plans/nope/versions", "", "", 404, footprint.ENotFound, `no plan "nope"`},
		{"no token", "PATCH", "/api/plans/" + cr.ID + "/assignments", "", `{"base_version": 1, "changes": []}`, 401, footprint.EUnauthorized, "needs the plan's edit token"},
		{"bad token", "PATCH", "/api/plans/" + cr.ID + "/assignments", "wrong", `{"base_version": 1, "changes": []}`, 401, footprint.EUnauthorized, "needs the plan's edit token"},
		{"bad token restore", "POST", "/api/plans/" + cr.ID + "/versions/1/restore", "wrong", "", 401, footprint.EUnauthorized, "edit token"},
		{"unknown LSOA", "PATCH", "/api/plans/" + cr.ID + "/assignments", cr.EditToken, `{"base_version": 1, "changes": [{"lsoa": "E01999999", "footprint": "a"}]}`, 400, footprint.EInvalid, `unknown LSOA code "E01999999"`},
		{"malformed body", "PATCH", "/api/plans/" + cr.ID + "/assignments", cr.EditToken, `{"base_version": 1, "changes": [`, 400, footprint.EInvalid, "malformed JSON body"},
		{"unknown field", "PATCH", "/api/plans/" + cr.ID + "/assignments", cr.EditToken, `{"base": 1}`, 400, footprint.EInvalid, `unknown field "base"`},
		{"no base version", "PATCH", "/api/plans/" + cr.ID + "/assignments", cr.EditToken, `{"changes": []}`, 400, footprint.EInvalid, "base_version is required"},
		{"stale version", "PATCH", "/api/plans/" + cr.ID + "/assignments", cr.EditToken, `{"base_version": 7, "changes": []}`, 409, footprint.EConflict, "is at version 1, not 7"},
		{"twice in one batch", "PATCH", "/api/plans/" + cr.ID + "/assignments", cr.EditToken, `{"base_version": 1, "changes": [{"lsoa": "E01000001", "footprint": "a"}, {"lsoa": "E01000001", "footprint": "b"}]}`, 400, footprint.EInvalid, "changed twice"},
		{"body too large", "PATCH", "/api/plans/" + cr.ID + "/assignments", cr.EditToken, big, 413, footprint.ETooLarge, "request body is too large"},
		{"unknown baseline", "POST", "/api/plans", "", `{"name": "x", "places": [], "baseline": "ward"}`, 400, footprint.EInvalid, `unknown baseline "ward"`},
		{"unknown place", "POST", "/api/plans", "", `{"name": "x", "places": ["E09999999"], "baseline": null}`, 400, footprint.EInvalid, `unknown place code "E09999999"`},
		{"bad settings", "PATCH", "/api/plans/" + cr.ID, cr.EditToken, `{"base_version": 1, "settings": {"band_min": 5, "band_max": 1}}`, 400, footprint.EInvalid, "population band 5-1"},
		{"restore a missing version", "POST", "/api/plans/" + cr.ID + "/versions/9/restore", cr.EditToken, "", 404, footprint.ENotFound, "has no version 9"},
		{"restore a bad version", "POST", "/api/plans/" + cr.ID + "/versions/x/restore", cr.EditToken, "", 400, footprint.EInvalid, `version "x"`},
		{"bad tile", "GET", "/tiles/3/9/1.mvt", "", "", 400, footprint.EInvalid, "no tile 3/9/1.mvt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var eb ErrorBody
			rec := call(t, s, tt.method, tt.path, tt.tok, tt.body, &eb)
			if rec.Code != tt.status || eb.Code != tt.code || !strings.Contains(eb.Error, tt.msg) {
				t.Fatalf("%d %+v, want %d %s %q", rec.Code, eb, tt.status, tt.code, tt.msg)
			}
		})
	}
	// None of that changed the plan.
	var p PlanJSON
	call(t, s, "GET", "/api/plans/"+cr.ID, "", "", &p)
	if p.Version != 1 || len(p.Assignments) != 0 {
		t.Fatalf("errors changed the plan: %+v", p)
	}
}

func TestCreateFromBaseline(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "", "places": ["E09000002"], "baseline": "pcn"}`)
	var p PlanJSON
	call(t, s, "GET", "/api/plans/"+cr.ID, "", "", &p)
	if p.Name != "PCN catchments" || len(p.Assignments) != 3 || p.Places[0] != "E09000002" {
		t.Fatalf("%+v", p)
	}
	for _, f := range p.Footprints {
		if f.Colour == "" {
			t.Errorf("footprint %s has no colour", f.ID)
		}
	}
}

func TestTiles(t *testing.T) {
	s, _, _ := planServer(t)
	// The tile holding the grid at zoom 12.
	rec := call(t, s, "GET", "/tiles/12/2046/1362.mvt", "", "", nil)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/vnd.mapbox-vector-tile" {
		t.Fatalf("%d %s", rec.Code, rec.Header())
	}
	if len(rec.Body.Bytes()) < 100 || !strings.Contains(rec.Body.String(), "E01000001") {
		t.Errorf("tile of %d bytes does not hold the grid's LSOAs", len(rec.Body.Bytes()))
	}
	empty := call(t, s, "GET", "/tiles/12/0/0.mvt", "", "", nil)
	if empty.Code != 200 || strings.Contains(empty.Body.String(), "E01") {
		t.Errorf("far tile: %d %d bytes", empty.Code, len(empty.Body.Bytes()))
	}
}

func TestExportImport(t *testing.T) {
	s, _, _ := planServer(t)
	src := create(t, s, `{"name": "Grid / source", "places": [], "baseline": "borough"}`)
	for format, check := range map[string]func(body string) bool{
		"csv":  func(b string) bool { return strings.HasPrefix(b, "lsoa21cd,footprint\nE01000001,E09000001\n") },
		"json": func(b string) bool { return strings.Contains(b, `"assignments"`) },
		"geojson": func(b string) bool {
			return strings.Contains(b, `"type":"MultiPolygon"`) && strings.Count(b, `"type":"Feature"`) == 3
		},
		"gpkg": func(b string) bool { return strings.HasPrefix(b, "SQLite format 3") },
	} {
		rec := call(t, s, "GET", "/api/plans/"+src.ID+"/export?format="+format, "", "", nil)
		if rec.Code != 200 || !check(rec.Body.String()) {
			t.Fatalf("export %s: %d %.200q", format, rec.Code, rec.Body.String())
		}
		if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, `filename="Grid_source-v1.`+format+`"`) {
			t.Errorf("export %s: Content-Disposition %q", format, cd)
		}
	}
	// Import the GeoJSON export into an empty plan: same assignment.
	gj := call(t, s, "GET", "/api/plans/"+src.ID+"/export?format=geojson", "", "", nil).Body.String()
	dst := create(t, s, `{"name": "target", "places": [], "baseline": null}`)
	var ir ImportResponse
	if rec := call(t, s, "POST", "/api/plans/"+dst.ID+"/import?format=geojson&base_version=1", dst.EditToken, gj, &ir); rec.Code != 200 {
		t.Fatalf("import: %d %s", rec.Code, rec.Body.String())
	}
	var srcPlan PlanJSON
	call(t, s, "GET", "/api/plans/"+src.ID, "", "", &srcPlan)
	if ir.Version != 2 || ir.Changed != 7 || ir.Report == nil || ir.Report.Assigned != 7 || fmt.Sprint(ir.Plan.Assignments) != fmt.Sprint(srcPlan.Assignments) {
		t.Fatalf("import %+v", ir)
	}
	// Bad files leave the plan untouched.
	for _, tc := range []struct {
		query, body string
		status      int
		msg         string
	}{
		{"format=geojson&base_version=2", `{"type": "Feature"}`, 400, "want FeatureCollection"},
		{"format=csv&base_version=2", "lsoa21cd,footprint\nE01999999,a\n", 400, "unknown LSOA code"},
		{"format=gpkg&base_version=2", "not sqlite", 400, "not a GeoPackage"},
		{"format=xlsx&base_version=2", "x", 400, `format "xlsx"`},
		{"format=csv&base_version=1", "lsoa21cd,footprint\nE01000001,a\n", 409, "is at version 2"},
		{"format=csv&base_version=2", strings.Repeat("x", MaxImport+10), 413, "larger than 32 MB"},
	} {
		var eb ErrorBody
		rec := call(t, s, "POST", "/api/plans/"+dst.ID+"/import?"+tc.query, dst.EditToken, tc.body, &eb)
		if rec.Code != tc.status || !strings.Contains(eb.Error, tc.msg) {
			t.Errorf("import %s: %d %+v, want %d %q", tc.query, rec.Code, eb, tc.status, tc.msg)
		}
	}
	var after PlanJSON
	call(t, s, "GET", "/api/plans/"+dst.ID, "", "", &after)
	if after.Version != 2 || fmt.Sprint(after.Assignments) != fmt.Sprint(srcPlan.Assignments) {
		t.Errorf("a failed import changed the plan: %+v", after)
	}
	var eb ErrorBody
	if rec := call(t, s, "GET", "/api/plans/"+src.ID+"/export?format=pdf", "", "", &eb); rec.Code != 400 {
		t.Errorf("export pdf: %d", rec.Code)
	}
	if rec := call(t, s, "GET", "/api/plans/"+src.ID+"/export?format=gpkg&crs=EPSG:3857", "", "", &eb); rec.Code != 400 || !strings.Contains(eb.Error, "unsupported CRS") {
		t.Errorf("export 3857: %d %+v", rec.Code, eb)
	}
}

func TestCoverageEndpoint(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "c", "places": [], "baseline": "borough"}`)
	var c footprint.Coverage
	if rec := call(t, s, "GET", "/api/pcns/U00001/coverage?plan="+cr.ID, "", "", &c); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	if c.Name != "WEST GRID PCN" || c.Plan != "c" || c.Home != "E09000012" || len(c.Footprints) != 3 || c.Status == "" {
		t.Errorf("coverage %+v", c)
	}
	var bare footprint.Coverage
	call(t, s, "GET", "/api/practices/A00002/coverage", "", "", &bare)
	if bare.Kind != "practice" || bare.PCN != "U00001" || bare.Footprints != nil || len(bare.Patients) != 4 {
		t.Errorf("practice coverage %+v", bare)
	}
	var eb ErrorBody
	if rec := call(t, s, "GET", "/api/pcns/U99999/coverage", "", "", &eb); rec.Code != 404 || !strings.Contains(eb.Error, "no PCN or practice") {
		t.Errorf("%d %+v", rec.Code, eb)
	}
	if rec := call(t, s, "GET", "/api/pcns/U00001/coverage?plan=nope", "", "", &eb); rec.Code != 404 {
		t.Errorf("unknown plan: %d", rec.Code)
	}
}

func TestProfilesEndpoint(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "p", "places": [], "baseline": "borough"}`)
	var doc footprint.ProfileDoc
	if rec := call(t, s, "GET", "/api/plans/"+cr.ID+"/profiles", "", "", &doc); rec.Code != 200 || len(doc.Profiles) != 3 || len(doc.Profiles[0].Segments) != 5 {
		t.Fatalf("%d %+v", rec.Code, doc)
	}
	rec := call(t, s, "GET", "/api/plans/"+cr.ID+"/profiles?format=csv", "", "", nil)
	lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
	if rec.Code != 200 || len(lines) != 4 || !strings.HasPrefix(lines[0], "id,name,footprint,colour,population,need_weighted_population") || !strings.Contains(lines[0], ",cyp_0_19,") || !strings.Contains(lines[0], ",hub_1,") {
		t.Fatalf("csv: %d %q", rec.Code, lines)
	}
	var eb ErrorBody
	if rec := call(t, s, "GET", "/api/plans/"+cr.ID+"/profiles?format=xml", "", "", &eb); rec.Code != 400 {
		t.Errorf("xml: %d", rec.Code)
	}
}

// waitJob polls a design job until it ends.
func waitJob(t *testing.T, s http.Handler, id string) DesignJob {
	t.Helper()
	var j DesignJob
	for range 200 {
		call(t, s, "GET", "/api/design/"+id, "", "", &j)
		if j.Status != "running" {
			return j
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("job %s still running", id)
	return j
}

func TestDesignEndpoint(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "d", "places": [], "baseline": null}`)
	var j DesignJob
	body := `{"plan": "` + cr.ID + `", "mode": "propose", "seed": 1, "band_min": 1500, "band_max": 5000}`
	if rec := call(t, s, "POST", "/api/design", cr.EditToken, body, &j); rec.Code != 202 || j.ID == "" {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	j = waitJob(t, s, j.ID)
	if j.Status != "done" || j.Version != 2 || j.Previous != 1 || len(j.Places) != 2 {
		t.Fatalf("job %+v", j)
	}
	var p PlanJSON
	call(t, s, "GET", "/api/plans/"+cr.ID, "", "", &p)
	if p.Version != 2 || len(p.Assignments) != 7 {
		t.Errorf("plan after design: %+v", p)
	}
	// Without a plan the result comes back in the job.
	call(t, s, "POST", "/api/design", "", `{"mode": "from-pcn", "places": ["E09000012"], "band_min": 1500, "band_max": 5000}`, &j)
	j = waitJob(t, s, j.ID)
	if j.Status != "done" || j.Result == nil || len(j.Result.Assignments) != 4 {
		t.Errorf("job without a plan: %+v", j)
	}
	var eb ErrorBody
	for _, tc := range []struct {
		tok, body string
		status    int
		msg       string
	}{
		{"", `{"plan": "` + cr.ID + `", "mode": "propose"}`, 401, "edit token"},
		{cr.EditToken, `{"plan": "` + cr.ID + `", "mode": "guess"}`, 400, `mode "guess"`},
		{"", `{"mode": "repair"}`, 400, "repair needs a plan"},
		{"", `{"mode": "propose", "places": ["E09999999"]}`, 400, "unknown place"},
		{"", `{"mode": "propose", "band_min": 5, "band_max": 1}`, 400, "population band"},
	} {
		if rec := call(t, s, "POST", "/api/design", tc.tok, tc.body, &eb); rec.Code != tc.status || !strings.Contains(eb.Error, tc.msg) {
			t.Errorf("%s: %d %+v", tc.body, rec.Code, eb)
		}
	}
	if rec := call(t, s, "GET", "/api/design/nope", "", "", &eb); rec.Code != 404 {
		t.Errorf("unknown job: %d", rec.Code)
	}
}
