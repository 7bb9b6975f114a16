package server

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/server/store"
)

// boardPlan makes a grid plan with a band of 1,000-5,000 (version 2),
// holding T at version 3 (a = 1, 4, 5; b = 2, 3, 6; c = 7), and version
// 4 where E01000005 (1,300 residents) has moved to b.
func boardPlan(t *testing.T, s *Server, name string) CreatePlanResponse {
	t.Helper()
	cr := create(t, s, fmt.Sprintf(`{"name": %q, "places": [], "baseline": null}`, name))
	if rec := call(t, s, "PATCH", "/api/plans/"+cr.ID, cr.EditToken, `{"base_version": 1, "settings": {"band_min": 1000, "band_max": 5000, "pcn_aligned": 0.75, "pcn_realign": 0.5, "significant_share": 0.1, "low_containment": 0.6}}`, nil); rec.Code != 200 {
		t.Fatalf("settings: %d %s", rec.Code, rec.Body.String())
	}
	var ch []string
	for i, f := range []string{"a", "b", "b", "a", "a", "b", "c"} {
		ch = append(ch, fmt.Sprintf(`{"lsoa": "E0100000%d", "footprint": %q}`, i+1, f))
	}
	if rec, _ := patch(t, s, cr, 2, "["+strings.Join(ch, ",")+"]"); rec.Code != 200 {
		t.Fatalf("patch: %d %s", rec.Code, rec.Body.String())
	}
	if rec, _ := patch(t, s, cr, 3, `[{"lsoa": "E01000005", "footprint": "b"}]`); rec.Code != 200 {
		t.Fatalf("patch: %d %s", rec.Code, rec.Body.String())
	}
	return cr
}

func TestCompareVersions(t *testing.T) {
	s, _, _ := planServer(t)
	cr := boardPlan(t, s, "Grid draft")
	var c footprint.Comparison
	if rec := call(t, s, "GET", "/api/compare?plans="+cr.ID+"@3,"+cr.ID, "", "", &c); rec.Code != 200 {
		t.Fatalf("compare: %d %s", rec.Code, rec.Body.String())
	}
	if len(c.Plans) != 2 || c.Plans[0].Label != "Grid draft v3" || c.Plans[1].Label != "Grid draft v4" {
		t.Fatalf("plans %+v", c.Plans)
	}
	t0, u0 := c.Plans[0], c.Plans[1]
	if t0.Footprints != 3 || t0.InBand != 1 || t0.WardsSplit != 1 || t0.MSOAsSplit != 2 || t0.CutEdges != 3 {
		t.Errorf("v3's scorecard %+v", t0)
	}
	if u0.MovedLSOAs != 1 || u0.MovedResidents != 1300 {
		t.Errorf("v4 moved %d LSOAs, %d residents; want 1, 1300", u0.MovedLSOAs, u0.MovedResidents)
	}
	if len(c.Diffs) != 1 || len(c.Diffs[0].Changed) != 1 || c.Diffs[0].Changed[0] != (footprint.Changed{LSOA: "E01000005", Residents: 1300, From: "a", To: "b"}) {
		t.Errorf("diffs %+v", c.Diffs)
	}
	if !strings.Contains(c.Diffs[0].Matching, "one to one") {
		t.Errorf("the diff does not say how residents moved are counted: %q", c.Diffs[0].Matching)
	}
}

func TestCompareRejects(t *testing.T) {
	s, _, _ := planServer(t)
	cr := boardPlan(t, s, "Grid draft")
	other := create(t, s, `{"name": "Elsewhere", "places": ["E09000012"], "baseline": null}`)
	long := strings.Repeat("x", 65)
	tests := []struct {
		query string
		code  int
		want  string
	}{
		{"", 400, "plans is required"},
		{"plans=" + cr.ID, 400, "give 2 to 4"},
		{"plans=" + strings.Repeat(cr.ID+",", 4) + cr.ID, 400, "give 2 to 4"},
		{"plans=" + cr.ID + "@0," + cr.ID, 400, "not a positive number"},
		{"plans=" + cr.ID + "@x," + cr.ID, 400, "not a positive number"},
		{"plans=" + cr.ID + "@9," + cr.ID, 404, "no version 9"},
		{"plans=" + cr.ID + ",nosuch", 404, "nosuch"},
		{"plans=" + cr.ID + "," + long, 400, "1 to 64"},
		{"plans=" + cr.ID + ",", 400, "item 2"},
		{"plans=" + cr.ID + "%00," + cr.ID, 400, "is not a plan id"},
		{"plans=" + cr.ID + ",..%2F..%2Fetc", 400, "is not a plan id"},
		{"plans=" + cr.ID + "@1@2," + cr.ID, 400, "not a positive number"},
		{"plans=" + cr.ID + "@99999999999999999999," + cr.ID, 400, "not a positive number"},
		{"plans=" + cr.ID + "," + other.ID, 400, "same places"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var e struct {
				Message string `json:"error"`
			}
			rec := call(t, s, "GET", "/api/compare?"+tt.query, "", "", &e)
			if rec.Code != tt.code || !strings.Contains(e.Message, tt.want) {
				t.Errorf("%d %q; want %d with %q", rec.Code, e.Message, tt.code, tt.want)
			}
		})
	}
}

func TestVersionsCarryScorecards(t *testing.T) {
	s, _, _ := planServer(t)
	cr := boardPlan(t, s, "Grid draft")
	for range 2 { // the second answer comes from the cards kept
		var got struct{ Versions []footprint.Version }
		if rec := call(t, s, "GET", "/api/plans/"+cr.ID+"/versions", "", "", &got); rec.Code != 200 {
			t.Fatalf("versions: %d %s", rec.Code, rec.Body.String())
		}
		if len(got.Versions) != 4 {
			t.Fatalf("%d versions, want 4", len(got.Versions))
		}
		want := []struct{ version, footprints, inBand int }{{4, 3, 1}, {3, 3, 1}, {2, 0, 0}, {1, 0, 0}}
		for i, w := range want {
			v := got.Versions[i]
			if v.Card == nil || v.Version != w.version || v.Card.Footprints != w.footprints || v.Card.InBand != w.inBand {
				t.Errorf("version %d: card %+v; want %d footprints, %d in band", v.Version, v.Card, w.footprints, w.inBand)
			}
		}
	}
}

func TestRegisterAndPack(t *testing.T) {
	s, _, _ := planServer(t)
	cr := boardPlan(t, s, `Board <script>alert(1)</script> "x"`)
	var r footprint.Register
	if rec := call(t, s, "GET", "/api/plans/"+cr.ID+"/register", "", "", &r); rec.Code != 200 || rec.Header().Get("X-Plan-Version") != "4" {
		t.Fatalf("register: %d %s", rec.Code, rec.Body.String())
	}
	if r.Plan != `Board <script>alert(1)</script> "x"` || r.Realignments == nil || r.Arrangements == nil || r.Crossings == nil {
		t.Errorf("register %+v", r)
	}
	rec := call(t, s, "GET", "/api/plans/"+cr.ID+"/register?format=csv", "", "", nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") || !strings.Contains(rec.Header().Get("Content-Disposition"), "-v4-register.csv") {
		t.Errorf("register CSV: %d %v", rec.Code, rec.Header())
	}
	if rec := call(t, s, "GET", "/api/plans/"+cr.ID+"/register?format=xml", "", "", nil); rec.Code != 400 {
		t.Errorf("register as xml: %d, want 400", rec.Code)
	}
	rec = call(t, s, "GET", "/api/plans/"+cr.ID+"/pack?version=3", "", "", nil)
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("pack: %d %s", rec.Code, body)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); csp != PackPolicy || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("pack CSP %q", csp)
	}
	if strings.Contains(body, "<script") || !strings.Contains(body, "&lt;script&gt;") || !strings.Contains(body, "<svg") {
		t.Errorf("the pack does not escape the plan name, or has no map")
	}
	if !strings.Contains(body, "ersion 3") {
		t.Errorf("the pack's cover does not give version 3")
	}
	for _, q := range []string{"version=0", "version=x", "version=99"} {
		if rec := call(t, s, "GET", "/api/plans/"+cr.ID+"/pack?"+q, "", "", nil); rec.Code/100 != 4 {
			t.Errorf("pack?%s: %d, want 4xx", q, rec.Code)
		}
	}
	var e struct {
		Message string `json:"error"`
	}
	json.Unmarshal(call(t, s, "GET", "/api/plans/nosuch/pack", "", "", nil).Body.Bytes(), &e)
	if e.Message == "" {
		t.Errorf("a missing plan's pack has no JSON message")
	}
}

// BenchmarkCompareLondonAPI times GET /api/compare of three London-wide
// plans through the router: the PCN baseline, the borough plan and a
// seeded proposal saved into a third plan. The target is 200 ms.
func BenchmarkCompareLondonAPI(b *testing.B) {
	a := footprinttest.London(b)
	st, err := store.Open(filepath.Join(b.TempDir(), "plans.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s := New(a, Options{Store: st})
	pcn := create(b, s, `{"name": "PCN", "places": [], "baseline": "pcn"}`)
	borough := create(b, s, `{"name": "Borough", "places": [], "baseline": "borough"}`)
	prop := create(b, s, `{"name": "Proposal", "places": [], "baseline": "pcn"}`)
	var job DesignJob
	if rec := call(b, s, "POST", "/api/design", prop.EditToken, fmt.Sprintf(`{"plan": %q, "mode": "propose", "seed": 1}`, prop.ID), &job); rec.Code != 202 {
		b.Fatalf("design: %d %s", rec.Code, rec.Body.String())
	}
	for job.Status == "running" {
		time.Sleep(100 * time.Millisecond)
		call(b, s, "GET", "/api/design/"+job.ID, "", "", &job)
	}
	path := "/api/compare?plans=" + pcn.ID + "," + borough.ID + "," + prop.ID
	call(b, s, "GET", path, "", "", nil) // the plans are open, as they are for their users
	for b.Loop() {
		if rec := call(b, s, "GET", path, "", "", nil); rec.Code != 200 {
			b.Fatalf("compare: %d %s", rec.Code, rec.Body.String())
		}
	}
}

// TestOutlinesKept checks the outlines of a version: each footprint's
// dissolved polygon with the plan's version in X-Plan-Version, the same
// body and ETag when asked again (304 with If-None-Match), and, at the
// latest version's address, the new version's once the plan moves on.
func TestOutlinesKept(t *testing.T) {
	s, _, _ := planServer(t)
	cr := boardPlan(t, s, "Grid draft")
	type outlines struct {
		Features []struct {
			Properties struct {
				ID         string `json:"id"`
				Population int    `json:"population"`
			} `json:"properties"`
		} `json:"features"`
	}
	fetch := func(path, inm string) (*httptest.ResponseRecorder, map[string]int) {
		t.Helper()
		rec := get(t, s, "GET", path, "If-None-Match", inm)
		pop := map[string]int{}
		if rec.Code == 200 {
			var o outlines
			if err := json.Unmarshal(rec.Body.Bytes(), &o); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, f := range o.Features {
				pop[f.Properties.ID] = f.Properties.Population
			}
		}
		return rec, pop
	}
	base := "/api/plans/" + cr.ID + "/outlines"
	first, pop := fetch(base, "")
	if first.Code != 200 || first.Header().Get("X-Plan-Version") != "4" || first.Header().Get("ETag") == "" || first.Header().Get("Cache-Control") != cacheRevalidate {
		t.Fatalf("%d, version %q, ETag %q, Cache-Control %q", first.Code, first.Header().Get("X-Plan-Version"), first.Header().Get("ETag"), first.Header().Get("Cache-Control"))
	}
	again, _ := fetch(base+"?version=4", "")
	if again.Body.String() != first.Body.String() || again.Header().Get("ETag") != first.Header().Get("ETag") {
		t.Error("version 4 asked for by number differs from the latest")
	}
	if rec, _ := fetch(base+"?version=4", first.Header().Get("ETag")); rec.Code != 304 {
		t.Errorf("If-None-Match the ETag: %d, want 304", rec.Code)
	}
	if rec, _ := patch(t, s, cr, 4, `[{"lsoa": "E01000005", "footprint": "a"}]`); rec.Code != 200 {
		t.Fatalf("patch: %d %s", rec.Code, rec.Body.String())
	}
	latest, now := fetch(base, first.Header().Get("ETag"))
	if latest.Code != 200 || latest.Header().Get("X-Plan-Version") != "5" || now["a"] != pop["a"]+1300 || now["b"] != pop["b"]-1300 {
		t.Errorf("after the edit: %d, version %q, residents %v, before %v: want version 5 with E01000005's 1,300 back in a", latest.Code, latest.Header().Get("X-Plan-Version"), now, pop)
	}
	if old, was := fetch(base+"?version=4", ""); old.Body.String() != first.Body.String() || was["b"] != pop["b"] {
		t.Error("version 4's outlines changed after the edit")
	}
}
