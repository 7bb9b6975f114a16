package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/server/store"
)

// The grid plan of these tests covers City and Hackney: four LSOAs in
// scope, three outside it.
var (
	inScope  = []string{"E01000001", "E01000002", "E01000004", "E01000005"}
	outScope = []string{"E01000003", "E01000006", "E01000007"}
)

// walk is one random walk's plan and what the test knows of it.
type walk struct {
	id, tok string
	version int
	n       int // for fresh footprint ids
	rng     *rand.Rand
}

// step is a request of a random walk and the status it must get: 0 means
// any 4xx.
type step struct {
	method, path, tok string
	body              io.Reader
	want              int
}

func (w *walk) fresh() string { w.n++; return fmt.Sprintf("n%d", w.n) }

func (w *walk) lsoa() string { return inScope[w.rng.IntN(len(inScope))] }

func (w *walk) assign(changes string, extra string) step {
	return step{"PATCH", "/api/plans/" + w.id + "/assignments", w.tok, strings.NewReader(fmt.Sprintf(`{"base_version": %d, "changes": [%s]}%s`, w.version, changes, extra)), 0}
}

func (w *walk) plan(fields string) step {
	return step{"PATCH", "/api/plans/" + w.id, w.tok, strings.NewReader(fmt.Sprintf(`{"base_version": %d, %s}`, w.version, fields)), 0}
}

func (w *walk) upload(csv string) step {
	return step{"POST", fmt.Sprintf("/api/plans/%s/import?format=csv&base_version=%d", w.id, w.version), w.tok, strings.NewReader(csv), 0}
}

func ok(s step) step { s.want = 200; return s }

func status(s step, code int) step { s.want = code; return s }

// chunked hides a body's length, as a chunked upload does.
type chunked struct{ io.Reader }

var (
	bigJSON  = `{"base_version": 1, "changes": [` + strings.Repeat(`{"lsoa": "E01000001", "footprint": "a"},`, 120000) + `]}`
	bigCSV   = "lsoa21cd,footprint\n" + strings.Repeat("E01000001,a\n", MaxImport/12+10)
	longID   = strings.Repeat("é", footprint.MaxIDLength+1)
	longName = strings.Repeat("ü", footprint.MaxNameLength+1)
)

// hostile are the kinds of request a walk sends that must be refused and
// change nothing, by name.
var hostile = map[string]func(w *walk) step{
	"assign out of scope after a new footprint": func(w *walk) step {
		return w.assign(fmt.Sprintf(`{"lsoa": %q, "footprint": %q}, {"lsoa": %q, "footprint": "x"}`, w.lsoa(), w.fresh(), outScope[w.rng.IntN(3)]), "")
	},
	"assign unknown LSOA after a new footprint": func(w *walk) step {
		return w.assign(fmt.Sprintf(`{"lsoa": %q, "footprint": %q}, {"lsoa": "E01999999", "footprint": "x"}`, w.lsoa(), w.fresh()), "")
	},
	"assign to an empty id": func(w *walk) step { return w.assign(fmt.Sprintf(`{"lsoa": %q, "footprint": ""}`, w.lsoa()), "") },
	"assign to a 65-char id": func(w *walk) step {
		return w.assign(fmt.Sprintf(`{"lsoa": %q, "footprint": %q}`, w.lsoa(), longID), "")
	},
	"assign to a control char": func(w *walk) step {
		return w.assign(fmt.Sprintf(`{"lsoa": %q, "footprint": "a\u0000b"}`, w.lsoa()), "")
	},
	"assign one LSOA twice": func(w *walk) step {
		return w.assign(`{"lsoa": "E01000001", "footprint": "a"}, {"lsoa": "E01000001", "footprint": "b"}`, "")
	},
	"stale assign": func(w *walk) step {
		s := w.assign(fmt.Sprintf(`{"lsoa": %q, "footprint": %q}`, w.lsoa(), w.fresh()), "")
		s.body = strings.NewReader(fmt.Sprintf(`{"base_version": %d, "changes": [{"lsoa": "E01000001", "footprint": "s"}]}`, w.version+1))
		return status(s, 409)
	},
	"assign without a token": func(w *walk) step {
		s := w.assign(`{"lsoa": "E01000001", "footprint": "t"}`, "")
		s.tok = ""
		return status(s, 401)
	},
	"assign with a wrong token": func(w *walk) step {
		s := w.assign(`{"lsoa": "E01000001", "footprint": "t"}`, "")
		s.tok += "x"
		return status(s, 401)
	},
	"assign then trailing JSON": func(w *walk) step { return status(w.assign(`{"lsoa": "E01000001", "footprint": "t"}`, ` {}`), 400) },
	"assign then trailing junk": func(w *walk) step { return status(w.assign(`{"lsoa": "E01000001", "footprint": "t"}`, `x`), 400) },
	"assign with an unknown field": func(w *walk) step {
		return status(w.plan(`"changes": [{"lsoa": "E01000001", "footprint": "t"}], "evil": 1`), 400)
	},
	"oversize body": func(w *walk) step { s := w.assign("", ""); s.body = strings.NewReader(bigJSON); return status(s, 413) },
	"oversize chunked body": func(w *walk) step {
		s := w.assign("", "")
		s.body = chunked{strings.NewReader(bigJSON)}
		return status(s, 413)
	},
	"oversize chunked import": func(w *walk) step {
		s := w.upload("")
		s.body = chunked{strings.NewReader(bigCSV)}
		return status(s, 413)
	},
	"footprint with an empty id": func(w *walk) step { return w.plan(`"footprints": [{"id": "", "name": "x"}]`) },
	"footprint with a 65-char id": func(w *walk) step {
		return w.plan(fmt.Sprintf(`"footprints": [{"id": %q, "name": "x"}]`, longID))
	},
	"footprint with a 201-char name": func(w *walk) step {
		return w.plan(fmt.Sprintf(`"footprints": [{"id": %q, "name": %q}]`, w.fresh(), longName))
	},
	"long plan name with a new footprint": func(w *walk) step {
		return w.plan(fmt.Sprintf(`"name": %q, "footprints": [{"id": %q, "name": "x"}]`, longName, w.fresh()))
	},
	"a footprint twice": func(w *walk) step {
		id := w.fresh()
		return w.plan(fmt.Sprintf(`"footprints": [{"id": %q, "name": "x"}, {"id": %q, "name": "y"}]`, id, id))
	},
	"a 33-char colour": func(w *walk) step {
		return w.plan(fmt.Sprintf(`"footprints": [{"id": %q, "name": "x", "colour": %q}]`, w.fresh(), strings.Repeat("#", 33)))
	},
	"bad settings with a new footprint": func(w *walk) step {
		return w.plan(fmt.Sprintf(`"footprints": [{"id": %q, "name": "x"}], "settings": {"band_min": 9, "band_max": 1}`, w.fresh()))
	},
	"import out of scope on row 2": func(w *walk) step {
		return w.upload(fmt.Sprintf("lsoa21cd,footprint\n%s,%s\n%s,%s\n", w.lsoa(), w.fresh(), outScope[w.rng.IntN(3)], w.fresh()))
	},
	"import an unknown LSOA": func(w *walk) step {
		return w.upload(fmt.Sprintf("lsoa21cd,footprint\n%s,%s\nE01999999,x\n", w.lsoa(), w.fresh()))
	},
	"import without a token": func(w *walk) step {
		s := w.upload("lsoa21cd,footprint\nE01000001,t\n")
		s.tok = ""
		return status(s, 401)
	},
	"restore a missing version": func(w *walk) step {
		return status(step{"POST", fmt.Sprintf("/api/plans/%s/versions/%d/restore", w.id, w.version+3), w.tok, nil, 0}, 404)
	},
	"restore version 0": func(w *walk) step {
		return status(step{"POST", "/api/plans/" + w.id + "/versions/0/restore", w.tok, nil, 0}, 400)
	},
	"restore without a token": func(w *walk) step {
		return status(step{"POST", "/api/plans/" + w.id + "/versions/1/restore", "", nil, 0}, 401)
	},
}

// valid are the kinds of request a walk sends that must succeed.
var valid = []func(w *walk) step{
	func(w *walk) step {
		to := []string{`"a"`, `"b"`, `null`, fmt.Sprintf("%q", w.fresh())}[w.rng.IntN(4)]
		return ok(w.assign(fmt.Sprintf(`{"lsoa": %q, "footprint": %s}`, w.lsoa(), to), ""))
	},
	func(w *walk) step {
		return ok(w.plan(fmt.Sprintf(`"name": "<b>%d</b>", "footprints": [{"id": %q, "name": "<img src=x onerror=alert(1)>"}]`, w.n, strings.Repeat("é", footprint.MaxIDLength))))
	},
	func(w *walk) step {
		return ok(w.upload(fmt.Sprintf("lsoa21cd,footprint\n%s,%s\n", w.lsoa(), w.fresh())))
	},
	func(w *walk) step {
		return ok(step{"POST", fmt.Sprintf("/api/plans/%s/versions/%d/restore", w.id, 1+w.rng.IntN(w.version)), w.tok, nil, 0})
	},
}

// do sends a step and records the version it made.
func (w *walk) do(t *testing.T, s *Server, name string, st step) {
	t.Helper()
	if b, ok := st.body.(chunked); ok {
		st.body = io.MultiReader(b.Reader) // not a type httptest gives a length
	}
	req := httptest.NewRequest(st.method, st.path, st.body)
	if st.tok != "" {
		req.Header.Set("Authorization", "Bearer "+st.tok)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var answer struct {
		Version int                 `json:"version"`
		Code    footprint.ErrorCode `json:"code"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
		t.Fatalf("%s: %d is not JSON: %.200q", name, rec.Code, rec.Body.String())
	}
	switch {
	case st.want == 0 && (rec.Code < 400 || rec.Code >= 500 || answer.Code == ""):
		t.Fatalf("%s: %d %.300s, want a 4xx", name, rec.Code, rec.Body.String())
	case st.want != 0 && rec.Code != st.want:
		t.Fatalf("%s: %d %.300s, want %d", name, rec.Code, rec.Body.String(), st.want)
	case rec.Code == 200:
		if answer.Version != w.version+1 {
			t.Fatalf("%s: version %d after %d", name, answer.Version, w.version)
		}
		w.version = answer.Version
	}
}

// sameAsStored checks the open plan equals the plan the store rebuilds,
// and that the stored plan is one a fresh server accepts.
func sameAsStored(t *testing.T, s *Server, st *store.Store, id, after string) {
	t.Helper()
	var mem PlanJSON
	if rec := call(t, s, "GET", "/api/plans/"+id, "", "", &mem); rec.Code != 200 {
		t.Fatalf("after %s: GET %d %s", after, rec.Code, rec.Body.String())
	}
	p, v, err := st.LoadPlan(context.Background(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(s.atlas); err != nil {
		t.Fatalf("after %s: the store holds an invalid plan: %v", after, err)
	}
	got, _ := json.Marshal(mem)
	want, _ := json.Marshal(planJSON(id, v, p))
	if string(got) != string(want) {
		t.Fatalf("after %s: memory and store differ:\nmemory %s\nstore  %s", after, got, want)
	}
}

// TestRandomRequestsKeepMemoryAndStoreEqual sends seeded random sequences
// of valid and hostile requests through the real router and checks, after
// each, that the open plan equals the stored one; at the end a new server
// on the same store opens every plan as it was.
func TestRandomRequestsKeepMemoryAndStoreEqual(t *testing.T) {
	s, st, _ := planServer(t)
	names := make([]string, 0, len(hostile))
	for name := range hostile {
		names = append(names, name)
	}
	slices.Sort(names)
	seen := map[string]int{}
	var walks []*walk
	for seed := range 30 {
		cr := create(t, s, `{"name": "walk", "places": ["E09000012"], "baseline": null}`)
		w := &walk{id: cr.ID, tok: cr.EditToken, version: 1, rng: rand.New(rand.NewPCG(uint64(seed), 1))}
		walks = append(walks, w)
		// Start some walks near a snapshot (every 50 versions), so that
		// whatever a refused request left in memory would be persisted.
		for range (seed * 17) % 48 {
			w.do(t, s, "warm-up", valid[0](w))
		}
		for range 40 {
			name, st2 := "valid", valid[w.rng.IntN(len(valid))](w)
			if w.rng.IntN(2) == 0 {
				name = names[w.rng.IntN(len(names))]
				st2 = hostile[name](w)
				seen[name]++
			}
			w.do(t, s, name, st2)
			sameAsStored(t, s, st, w.id, name)
		}
	}
	if len(seen) != len(hostile) {
		t.Errorf("the walks sent %d of %d kinds of hostile request", len(seen), len(hostile))
	}
	restarted := New(footprinttest.Grid(t), Options{Store: st})
	for _, w := range walks {
		sameAsStored(t, restarted, st, w.id, "restart")
	}
	t.Logf("%d kinds of hostile request, %v", len(hostile), seen)
}

// TestStoredGhostIsRepairedOnOpening writes a plan holding invalid
// footprints straight into the store, which does not validate, and shows
// the server opens it, drops them and says so, and that a restore of
// that version is repaired the same way.
func TestStoredGhostIsRepairedOnOpening(t *testing.T) {
	s, st, _ := planServer(t)
	cr := create(t, s, `{"name": "ghosts", "places": ["E09000012"], "baseline": null}`)
	if rec, _ := patch(t, s, cr, 1, `[{"lsoa": "E01000001", "footprint": "a"}]`); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	ctx := context.Background()
	p, v, err := st.LoadPlan(ctx, cr.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	p.Footprints = append(p.Footprints, footprint.FootprintInfo{ID: "", Name: "ghost"}, footprint.FootprintInfo{ID: longID, Name: "long"}, footprint.FootprintInfo{ID: "a", Name: "twin"})
	p.Assign["E01000002"] = ""
	// Restored > 0 makes the store write a snapshot of p as it is.
	if _, err := st.AppendVersion(ctx, cr.ID, v, footprint.Edit{Restored: v}, p); err != nil {
		t.Fatal(err)
	}
	fresh := New(footprinttest.Grid(t), Options{Store: st})
	var got PlanJSON
	if rec := call(t, fresh, "GET", "/api/plans/"+cr.ID, "", "", &got); rec.Code != 200 {
		t.Fatalf("a stored ghost stops the plan opening: %d %s", rec.Code, rec.Body.String())
	}
	if len(got.Footprints) != 1 || got.Footprints[0].Name != "a" || len(got.Assignments) != 1 || len(got.Repaired) != 4 {
		t.Fatalf("footprints %+v assignments %v repaired %q", got.Footprints, got.Assignments, got.Repaired)
	}
	for i, want := range []string{`dropped footprint ""`, "dropped footprint", `second footprint with id "a"`, "unassigned 1 LSOAs"} {
		if !strings.Contains(got.Repaired[i], want) {
			t.Errorf("repaired[%d] = %q, want %q", i, got.Repaired[i], want)
		}
	}
	// The repaired plan edits, and its next snapshot holds no ghost.
	if rec, _ := patch(t, fresh, cr, got.Version, `[{"lsoa": "E01000004", "footprint": "b"}]`); rec.Code != 200 {
		t.Fatalf("edit after repair: %d %s", rec.Code, rec.Body.String())
	}
	var restored PlanJSON
	rec := call(t, fresh, "POST", fmt.Sprintf("/api/plans/%s/versions/%d/restore", cr.ID, got.Version), cr.EditToken, "", &restored)
	if rec.Code != 200 || len(restored.Repaired) != 4 || len(restored.Footprints) != 1 {
		t.Fatalf("restore of the ghost version: %d %s", rec.Code, rec.Body.String())
	}
	sameAsStored(t, fresh, st, cr.ID, "restore")
	var again PlanJSON
	if rec := call(t, New(footprinttest.Grid(t), Options{Store: st}), "GET", "/api/plans/"+cr.ID, "", "", &again); rec.Code != 200 || len(again.Repaired) != 0 {
		t.Errorf("after the repaired restore: %d repaired %q", rec.Code, again.Repaired)
	}
}

// TestRefusedRequestsChangeNothing is issue item 1: each of these was
// refused with 400 but left a footprint in memory, which the next
// snapshot persisted, after which the plan never opened again.
func TestRefusedRequestsChangeNothing(t *testing.T) {
	for _, tt := range []struct{ name, method, path, body string }{
		{"empty footprint id", "PATCH", "", `{"base_version": 1, "footprints": [{"id": "", "name": "x"}]}`},
		{"long name with a new footprint", "PATCH", "", fmt.Sprintf(`{"base_version": 1, "name": %q, "footprints": [{"id": "new", "name": "x"}]}`, longName)},
		{"import with row 2 out of scope", "POST", "/import?format=csv&base_version=1", "lsoa21cd,footprint\nE01000001,new\nE01000003,other\n"},
		{"assign with change 2 out of scope", "PATCH", "/assignments", `{"base_version": 1, "changes": [{"lsoa": "E01000001", "footprint": "new"}, {"lsoa": "E01000003", "footprint": "new"}]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, st, _ := planServer(t)
			cr := create(t, s, `{"name": "p", "places": ["E09000012"], "baseline": null}`)
			var eb ErrorBody
			if rec := call(t, s, tt.method, "/api/plans/"+cr.ID+tt.path, cr.EditToken, tt.body, &eb); rec.Code != 400 || eb.Code != footprint.EInvalid {
				t.Fatalf("%d %+v", rec.Code, eb)
			}
			sameAsStored(t, s, st, cr.ID, tt.name)
			// Cross a snapshot, then open the plan on a fresh server.
			for v := 1; v < store.SnapshotEvery+1; v++ {
				if rec, _ := patch(t, s, cr, v, fmt.Sprintf(`[{"lsoa": %q, "footprint": "a"}]`, inScope[v%2])); rec.Code != 200 {
					t.Fatalf("edit %d: %d %s", v, rec.Code, rec.Body.String())
				}
			}
			var got PlanJSON
			if rec := call(t, New(footprinttest.Grid(t), Options{Store: st}), "GET", "/api/plans/"+cr.ID, "", "", &got); rec.Code != 200 || len(got.Footprints) != 1 || len(got.Repaired) != 0 {
				t.Fatalf("after a snapshot: %d %s", rec.Code, rec.Body.String())
			}
		})
	}
}

// TestFailedWriteEvictsSession: when the store refuses a write after the
// scorer has changed (here because a second server on the same database
// moved the plan on), the session is dropped and the next request sees
// the store's plan, not the half-made edit.
func TestFailedWriteEvictsSession(t *testing.T) {
	s, st, _ := planServer(t)
	cr := create(t, s, `{"name": "p", "places": ["E09000012"], "baseline": null}`)
	call(t, s, "GET", "/api/plans/"+cr.ID, "", "", nil) // open it here
	other := New(footprinttest.Grid(t), Options{Store: st})
	if rec, _ := patch(t, other, cr, 1, `[{"lsoa": "E01000002", "footprint": "theirs"}]`); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	for _, tt := range []struct{ path, body string }{
		{"/assignments", `{"base_version": 1, "changes": [{"lsoa": "E01000001", "footprint": "mine"}]}`},
		{"", `{"base_version": 1, "footprints": [{"id": "mine", "name": "x"}]}`},
	} {
		var eb ErrorBody
		if rec := call(t, s, "PATCH", "/api/plans/"+cr.ID+tt.path, cr.EditToken, tt.body, &eb); rec.Code != 409 {
			t.Fatalf("%s: %d %+v", tt.path, rec.Code, eb)
		}
		sameAsStored(t, s, st, cr.ID, "a refused write")
	}
}
