package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// The scores list touching footprints that share a colour, for the map
// to hatch: none once the server has coloured them, the pair once a user
// gives one the other's colour (in lower case, as a page's colour input
// writes it).
func TestScoresClashes(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "Grid clash", "places": ["E09000012"], "baseline": null}`)
	if rec, _ := patch(t, s, cr, 1, `[{"lsoa": "E01000001", "footprint": "n1"}, {"lsoa": "E01000002", "footprint": "n2"}]`); rec.Code != 200 {
		t.Fatalf("patch: %d %s", rec.Code, rec.Body.String())
	}
	var p PlanJSON
	call(t, s, "GET", "/api/plans/"+cr.ID, "", "", &p)
	colourOf := map[string]string{}
	for _, f := range p.Footprints {
		colourOf[f.ID] = f.Colour
	}
	same := `{"base_version": 2, "footprints": [{"id": "n2", "name": "n2", "colour": "` + strings.ToLower(colourOf["n1"]) + `", "locked": false}]}`
	for _, c := range []struct {
		name  string
		patch string // a PATCH of the plan first, if any
		want  string
	}{
		{"coloured by the server", "", "[]"},
		{"n2 given n1's colour", same, `[["n1","n2"]]`},
	} {
		if c.patch != "" {
			if rec := call(t, s, "PATCH", "/api/plans/"+cr.ID, cr.EditToken, c.patch, nil); rec.Code != 200 {
				t.Fatalf("%s: %d %s", c.name, rec.Code, rec.Body.String())
			}
		}
		var sc struct {
			Clashes json.RawMessage `json:"clashes"`
		}
		if rec := call(t, s, "GET", "/api/plans/"+cr.ID+"/scores", "", "", &sc); rec.Code != 200 || string(sc.Clashes) != c.want {
			t.Errorf("%s: %d clashes %s, want %s", c.name, rec.Code, sc.Clashes, c.want)
		}
	}
}

// An edit asked with ?scores=all answers with the whole plan's scores
// after it, as GET .../scores gives them; any other value is refused
// before the edit.
func TestPatchWithScores(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "Grid scores", "places": ["E09000012"], "baseline": null}`)
	for i, c := range []struct {
		query      string
		code       int
		footprints int // in the scores answered; -1: no scores
	}{
		{"", 200, -1},
		{"?scores=all", 200, 2},
		{"?scores=some", 400, -1},
	} {
		body := fmt.Sprintf(`{"base_version": %d, "changes": [{"lsoa": "E0100000%d", "footprint": "n%d"}]}`, i+1, i+1, i+1)
		var pr PatchResponse
		rec := call(t, s, "PATCH", "/api/plans/"+cr.ID+"/assignments"+c.query, cr.EditToken, body, &pr)
		if rec.Code != c.code {
			t.Fatalf("%q: %d %s", c.query, rec.Code, rec.Body.String())
		}
		got := -1
		if pr.Scores != nil {
			got = len(pr.Scores.Footprints)
		}
		if got != c.footprints || (pr.Scores != nil && (pr.Scores.Plan.Footprints != 2 || pr.Scores.Clashes == nil)) {
			t.Errorf("%q: scores of %d footprints, want %d", c.query, got, c.footprints)
		}
	}
}
