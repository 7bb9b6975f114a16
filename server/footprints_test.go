package server

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/colour"
)

// shapeOf is a plan as one line: each footprint as id=name:LSOA numbers
// (E0100000n as n), in plan order.
func shapeOf(p PlanJSON) string {
	var parts []string
	for _, f := range p.Footprints {
		var ns []string
		for code, id := range p.Assignments {
			if id == f.ID {
				ns = append(ns, strings.TrimPrefix(code, "E0100000"))
			}
		}
		slices.Sort(ns)
		parts = append(parts, fmt.Sprintf("%s=%s:%s", f.ID, f.Name, strings.Join(ns, "")))
	}
	return strings.Join(parts, " ")
}

// TestFootprintOperations deletes, merges and removes empty footprints
// through the router; each is one version, the plan reloaded from the
// store is the plan in memory, and a refused request changes nothing.
func TestFootprintOperations(t *testing.T) {
	s, st, _ := planServer(t)
	cr := create(t, s, `{"name": "ops", "places": ["E09000012"], "baseline": null}`)
	if rec, _ := patch(t, s, cr, 1, `[{"lsoa": "E01000001", "footprint": "a"}, {"lsoa": "E01000002", "footprint": "a"}, {"lsoa": "E01000004", "footprint": "b"}, {"lsoa": "E01000005", "footprint": "c"}]`); rec.Code != 200 {
		t.Fatalf("patch: %d %s", rec.Code, rec.Body.String())
	}
	add := `{"base_version": 2, "footprints": [{"id": "e", "name": "Empty", "colour": ""}, {"id": "l", "name": "Kept", "colour": "", "locked": true}]}`
	if rec := call(t, s, "PATCH", "/api/plans/"+cr.ID, cr.EditToken, add, nil); rec.Code != 200 {
		t.Fatalf("add footprints: %d %s", rec.Code, rec.Body.String())
	}
	steps := []struct {
		op, body string
		status   int
		want     string // the plan after
	}{
		{"delete", `{"base_version": 3, "ids": ["zz"]}`, 404, ""},
		{"delete", `{"base_version": 3, "ids": ["l"]}`, 400, ""},
		{"delete", `{"base_version": 2, "ids": ["a"]}`, 409, ""},
		{"merge", `{"base_version": 3, "into": "a", "ids": ["a"]}`, 400, ""},
		{"explode", `{"base_version": 3, "ids": ["a"]}`, 404, ""},
		{"delete", `{"base_version": 3, "ids": ["c"]}`, 200, "a=a:12 b=b:4 e=Empty: l=Kept:"},
		{"merge", `{"base_version": 4, "into": "a", "ids": ["b"]}`, 200, "a=a:124 e=Empty: l=Kept:"},
		{"remove-empty", `{"base_version": 5}`, 200, "a=a:124 l=Kept:"},
		{"remove-empty", `{"base_version": 6}`, 400, ""},
	}
	for i, step := range steps {
		var before PlanJSON
		call(t, s, "GET", "/api/plans/"+cr.ID, "", "", &before)
		rec := call(t, s, "POST", "/api/plans/"+cr.ID+"/footprints/"+step.op, cr.EditToken, step.body, nil)
		if rec.Code != step.status {
			t.Fatalf("step %d %s %s: %d %s, want %d", i+1, step.op, step.body, rec.Code, rec.Body.String(), step.status)
		}
		var after PlanJSON
		call(t, s, "GET", "/api/plans/"+cr.ID, "", "", &after)
		if step.status != 200 {
			if shapeOf(after) != shapeOf(before) || after.Version != before.Version {
				t.Errorf("step %d refused but the plan changed: %s v%d, was %s v%d", i+1, shapeOf(after), after.Version, shapeOf(before), before.Version)
			}
			continue
		}
		var resp ReshapeResponse
		json.Unmarshal(rec.Body.Bytes(), &resp)
		if got := shapeOf(resp.PlanJSON); got != step.want || after.Version != before.Version+1 {
			t.Errorf("step %d: %s v%d, want %s v%d", i+1, got, after.Version, step.want, before.Version+1)
		}
		stored, v, err := st.LoadPlan(t.Context(), cr.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := shapeOf(planJSON(cr.ID, v, stored)); got != step.want {
			t.Errorf("step %d: the store has %s, want %s", i+1, got, step.want)
		}
	}
	if rec := call(t, s, "POST", "/api/plans/"+cr.ID+"/footprints/delete", "", `{"base_version": 6, "ids": ["a"]}`, nil); rec.Code != 401 && rec.Code != 403 {
		t.Errorf("delete without a token: %d, want 401 or 403", rec.Code)
	}
}

// TestPaintingKeepsNeighboursApart paints two touching footprints that
// start with the same colour: the one painted takes another, the answer
// says so, and the store holds it.
func TestPaintingKeepsNeighboursApart(t *testing.T) {
	s, st, _ := planServer(t)
	cr := create(t, s, `{"name": "colours", "places": ["E09000012"], "baseline": null}`)
	pal := footprint.Palette()
	same := fmt.Sprintf(`{"base_version": 1, "footprints": [{"id": "a", "name": "A", "colour": %q}, {"id": "b", "name": "B", "colour": %q}]}`, pal[0], pal[0])
	if rec := call(t, s, "PATCH", "/api/plans/"+cr.ID, cr.EditToken, same, nil); rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	rec, pr := patch(t, s, cr, 2, `[{"lsoa": "E01000001", "footprint": "a"}, {"lsoa": "E01000002", "footprint": "a"}, {"lsoa": "E01000004", "footprint": "b"}]`)
	if rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	if len(pr.Recoloured) != 1 || pr.Recoloured[0].Colour == pal[0] {
		t.Errorf("recoloured %+v, want one footprint in a colour other than %s", pr.Recoloured, pal[0])
	}
	stored, _, err := st.LoadPlan(t.Context(), cr.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if c := colour.Clashes(s.atlas, stored); len(c) != 0 {
		t.Errorf("stored plan: touching footprints share a colour: %v", c)
	}
}
