package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/colour"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/server/store"
	"github.com/nhs-footprint/footprint/static"
)

// clashesOf lists the touching footprints of the plan as the server
// answers it that share a colour.
func clashesOf(t *testing.T, a *footprint.Atlas, url, id string) [][2]string {
	t.Helper()
	var pj PlanJSON
	if code := httpJSON(t, "GET", url+"/api/plans/"+id, "", "", &pj); code != 200 {
		t.Fatalf("get plan: %d", code)
	}
	p := footprint.NewPlan(pj.Name)
	p.Footprints, p.Assign = pj.Footprints, pj.Assignments
	return colour.Clashes(a, p)
}

// TestColoursStayApartLondon checks on three London places that no two
// touching footprints share a colour after creating from the PCN
// catchments, after painting a footprint per ward (about 20 footprints
// for 10 colours, so colours must repeat), after painting LSOAs across
// footprint boundaries so that footprints of one colour would touch,
// after Propose, and after importing the plan's own GeoJSON export.
func TestColoursStayApartLondon(t *testing.T) {
	a := footprinttest.London(t)
	st, err := store.Open(filepath.Join(t.TempDir(), "plans.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(New(a, Options{Static: static.FS, Store: st}))
	t.Cleanup(srv.Close)
	for _, place := range []string{"E09000022", "E09000007", "E09000012"} {
		t.Run(place, func(t *testing.T) {
			var cr CreatePlanResponse
			if code := httpJSON(t, "POST", srv.URL+"/api/plans", "", fmt.Sprintf(`{"name": "colours", "places": [%q], "baseline": "pcn"}`, place), &cr); code != 201 {
				t.Fatal(code)
			}
			check := func(stage string) {
				if c := clashesOf(t, a, srv.URL, cr.ID); len(c) > 0 {
					t.Errorf("%s: touching footprints share a colour: %v", stage, c)
				}
			}
			check("baseline")
			v := paintWards(t, a, srv.URL, cr, place)
			check("a footprint per ward")
			v = paintAcross(t, a, srv.URL, cr, v)
			check("painting")
			v = propose(t, srv.URL, cr, v)
			check("Propose")
			reimport(t, srv.URL, cr, v)
			check("import")
		})
	}
}

// paintWards paints every LSOA of the place into a footprint of its
// ward, in one edit, and returns the version it made.
func paintWards(t *testing.T, a *footprint.Atlas, url string, cr CreatePlanResponse, place string) int {
	t.Helper()
	var changes []string
	pl := a.PlaceIndex(place)
	for _, u := range a.Places[pl].Units {
		changes = append(changes, fmt.Sprintf(`{"lsoa": %q, "footprint": "w%d"}`, a.Units[u].Code, a.Units[u].Ward))
	}
	var pr PatchResponse
	if c := httpJSON(t, "PATCH", url+"/api/plans/"+cr.ID+"/assignments", cr.EditToken, fmt.Sprintf(`{"base_version": 1, "changes": [%s]}`, strings.Join(changes, ",")), &pr); c != 200 {
		t.Fatalf("paint wards: %d", c)
	}
	var pj PlanJSON
	httpJSON(t, "GET", url+"/api/plans/"+cr.ID, "", "", &pj)
	// The PCN footprints are left empty: remove them.
	var rr ReshapeResponse
	if c := httpJSON(t, "POST", url+"/api/plans/"+cr.ID+"/footprints/remove-empty", cr.EditToken, fmt.Sprintf(`{"base_version": %d}`, pr.Version), &rr); c != 200 {
		t.Fatalf("remove empty: %d", c)
	}
	t.Logf("%d footprints, one per ward", len(rr.Footprints))
	return rr.Version
}

// paintAcross paints LSOAs across footprint boundaries, one edit each,
// choosing first moves that make two footprints of one colour touch (an
// LSOA whose neighbours lie in two such footprints, painted into one of
// them), then up to 20 plain moves into a neighbour. It returns the
// plan's version after.
func paintAcross(t *testing.T, a *footprint.Atlas, url string, cr CreatePlanResponse, v int) int {
	t.Helper()
	var pj PlanJSON
	httpJSON(t, "GET", url+"/api/plans/"+cr.ID, "", "", &pj)
	colourOf := map[string]string{}
	for _, f := range pj.Footprints {
		colourOf[f.ID] = f.Colour
	}
	move := func(code, to string) {
		var pr PatchResponse
		body := fmt.Sprintf(`{"base_version": %d, "changes": [{"lsoa": %q, "footprint": %q}]}`, v, code, to)
		if c := httpJSON(t, "PATCH", url+"/api/plans/"+cr.ID+"/assignments", cr.EditToken, body, &pr); c != 200 {
			t.Fatalf("paint %s into %s: %d", code, to, c)
		}
		v = pr.Version
		pj.Assignments[code] = to
		for _, f := range pr.Recoloured {
			colourOf[f.ID] = f.Colour
		}
	}
	provoking, plain := 0, 0
	for code, id := range pj.Assignments {
		u, _ := a.UnitIndex(code)
		var around []string
		for _, n := range a.Graph().Neighbours(u) {
			if other := pj.Assignments[a.Units[n].Code]; other != "" && other != id {
				around = append(around, other)
			}
		}
		done := false
		for i := 0; i < len(around) && !done && provoking < 5; i++ {
			for j := range around {
				if around[i] != around[j] && colourOf[around[i]] == colourOf[around[j]] {
					move(code, around[i])
					provoking, done = provoking+1, true
					break
				}
			}
		}
		if !done && len(around) > 0 && plain < 20 {
			move(code, around[0])
			plain++
		}
	}
	t.Logf("%d moves that make two footprints of one colour touch, %d plain moves", provoking, plain)
	return v
}

// propose runs Propose on the plan and returns the version it made.
func propose(t *testing.T, url string, cr CreatePlanResponse, v int) int {
	t.Helper()
	var j DesignJob
	if c := httpJSON(t, "POST", url+"/api/design", cr.EditToken, fmt.Sprintf(`{"plan": %q, "mode": "propose", "seed": 1}`, cr.ID), &j); c/100 != 2 {
		t.Fatalf("propose: %d", c)
	}
	for deadline := time.Now().Add(2 * time.Minute); j.Status == "running" && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		httpJSON(t, "GET", url+"/api/design/"+j.ID, "", "", &j)
	}
	if j.Status != "done" {
		t.Fatalf("propose: %s %s", j.Status, j.Error)
	}
	return j.Version
}

// reimport exports the plan as GeoJSON and imports it back.
func reimport(t *testing.T, url string, cr CreatePlanResponse, v int) {
	t.Helper()
	resp, err := http.Get(url + "/api/plans/" + cr.ID + "/export?format=geojson")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/plans/%s/import?format=geojson&base_version=%d", url, cr.ID, v), strings.NewReader(string(data)))
	req.Header.Set("Authorization", "Bearer "+cr.EditToken)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var ir ImportResponse
	if err := json.NewDecoder(r.Body).Decode(&ir); err != nil || r.StatusCode != 200 {
		t.Fatalf("import: %d %v", r.StatusCode, err)
	}
}
