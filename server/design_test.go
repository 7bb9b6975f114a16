//go:build cgo

package server

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/design"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

// gridBand is a band every grid place can meet.
const gridBand = `"band_min": 1500, "band_max": 5000`

// startJob posts a design and returns the answer's status, the job and
// the error body.
func startJob(t *testing.T, s *Server, tok, body string) (*httptest.ResponseRecorder, DesignJob, ErrorBody) {
	t.Helper()
	var j DesignJob
	var eb ErrorBody
	rec := call(t, s, "POST", "/api/design", tok, body, nil)
	if rec.Code == 202 {
		decode(t, rec, &j)
	} else {
		decode(t, rec, &eb)
	}
	return rec, j, eb
}

// decode decodes a JSON answer, failing the test if it is not JSON.
func decode(t *testing.T, rec *httptest.ResponseRecorder, out any) {
	t.Helper()
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("%d answer is %q, not JSON: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
		t.Fatalf("%d %q: %v", rec.Code, rec.Body.String(), err)
	}
}

// A design request is refused, with a JSON error, before any work: a
// plan without its edit token first, then bad options, then a band no
// arrangement of LSOAs can meet.
func TestDesignRequestRefused(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "d", "places": [], "baseline": null}`)
	plan := `"plan": "` + cr.ID + `", `
	tests := []struct {
		name, tok, body string
		status          int
		code            footprint.ErrorCode
		msg             string
	}{
		{"no token", "", `{` + plan + `"mode": "propose", ` + gridBand + `}`, 401, footprint.EUnauthorized, "edit token"},
		{"wrong token", "nope", `{` + plan + `"mode": "propose", ` + gridBand + `}`, 401, footprint.EUnauthorized, "edit token"},
		{"token before mode", "", `{` + plan + `"mode": "guess"}`, 401, footprint.EUnauthorized, "edit token"},
		{"token before band", "", `{` + plan + `"mode": "propose", "band_min": 1, "band_max": 2}`, 401, footprint.EUnauthorized, "edit token"},
		{"no such plan", "x", `{"plan": "nope", "mode": "propose"}`, 404, footprint.ENotFound, `no plan "nope"`},
		{"unknown place", "", `{"mode": "propose", "places": ["E09000012", "E09999999"], ` + gridBand + `}`, 400, footprint.EInvalid, `unknown place code "E09999999"`},
		{"a place too small", "", `{"mode": "propose", "places": ["E09000002"], "band_min": 9000, "band_max": 9500}`, 400, footprint.EInvalid,
			"no footprints in the band 9,000–9,500 can be made: Barking (E09000002) has 4,500 residents, fewer than the band's minimum of 9,000"},
		{"an LSOA over the maximum", cr.EditToken, `{` + plan + `"mode": "from-pcn", "band_min": 1, "band_max": 1200}`, 400, footprint.EInvalid,
			"LSOA E01000002 Grid 001B alone has 1,500 residents, more than the band's maximum of 1,200"},
		{"default band on the grid", "", `{"mode": "propose"}`, 400, footprint.EInvalid, "fewer than the band's minimum of 30,000"},
		{"unknown field", "", `{"mode": "propose", "steps": 1000000000}`, 400, footprint.EInvalid, "malformed JSON"},
		{"too many options", "", `{"mode": "propose", "options": 4, ` + gridBand + `}`, 400, footprint.EInvalid, "4 options asked for: want 1 to 3"},
		{"unknown option", "", `{"mode": "propose", "option": "best", ` + gridBand + `}`, 400, footprint.EInvalid, `unknown design option "best"`},
		{"option not asked for", "", `{"mode": "propose", "options": 1, "option": "communities-first", ` + gridBand + `}`, 400, footprint.EInvalid, "not among the 1 options"},
		{"option outside propose", cr.EditToken, `{` + plan + `"mode": "from-pcn", "option": "balanced", ` + gridBand + `}`, 400, footprint.EInvalid, "only propose offers options"},
		{"negative weight", "", `{"mode": "propose", "weights": {"ward": -1}, ` + gridBand + `}`, 400, footprint.EInvalid, "weight ward is -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, _, eb := startJob(t, s, tt.tok, tt.body)
			if rec.Code != tt.status || eb.Code != tt.code || !strings.Contains(eb.Error, tt.msg) {
				t.Errorf("%d %+v, want %d %s %q", rec.Code, eb, tt.status, tt.code, tt.msg)
			}
		})
	}
	s.designs.mu.Lock()
	defer s.designs.mu.Unlock()
	if len(s.designs.jobs) != 0 || s.designs.running != 0 {
		t.Errorf("refused requests left %d jobs, %d running", len(s.designs.jobs), s.designs.running)
	}
}

// Places named more than once are designed once.
func TestDesignDuplicatePlaces(t *testing.T) {
	s := newTestServer(t)
	places := `"places": ["E09000012"` + strings.Repeat(`, "E09000012", "E09000002"`, 5000) + `]`
	rec, j, eb := startJob(t, s, "", `{"mode": "propose", "seed": 1, `+places+`, `+gridBand+`}`)
	if rec.Code != 202 {
		t.Fatalf("%d %+v", rec.Code, eb)
	}
	j = waitJob(t, s, j.ID)
	if j.Status != "done" || len(j.Places) != 2 || j.Places[0].Place != "E09000012" || j.Places[1].Place != "E09000002" || len(j.Result.Assignments) != 7 {
		t.Errorf("job %+v", j)
	}
}

// Jobs past the limit of those running at once are refused with 429 and
// Retry-After, as JSON; once one ends another may start.
func TestDesignJobLimit(t *testing.T) {
	s := newTestServer(t)
	s.designs.limits.Running = 2
	s.designs.mu.Lock()
	s.designs.running = 2 // two jobs running
	s.designs.mu.Unlock()
	body := `{"mode": "propose", "places": ["E09000012"], ` + gridBand + `}`
	rec, _, eb := startJob(t, s, "", body)
	if rec.Code != 429 || eb.Code != footprint.ERateLimited || !strings.Contains(eb.Error, "2 design jobs are running") || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("past the limit: %d %+v %v", rec.Code, eb, rec.Header())
	}
	s.designs.mu.Lock()
	s.designs.running = 1 // one has ended
	s.designs.mu.Unlock()
	rec, j, eb := startJob(t, s, "", body)
	if rec.Code != 202 {
		t.Fatalf("under the limit: %d %+v", rec.Code, eb)
	}
	if j = waitJob(t, s, j.ID); j.Status != "done" {
		t.Errorf("job %+v", j)
	}
	s.designs.mu.Lock()
	defer s.designs.mu.Unlock()
	if s.designs.running != 1 {
		t.Errorf("%d running after the job ended, want 1", s.designs.running)
	}
}

// A job past its time limit fails, saying so.
func TestDesignTimeLimit(t *testing.T) {
	s := newTestServer(t)
	s.designs.limits.TimeLimit = time.Nanosecond
	_, j, _ := startJob(t, s, "", `{"mode": "propose", `+gridBand+`}`)
	j = waitJob(t, s, j.ID)
	if j.Status != "failed" || j.Error != "design stopped at its time limit of 1ns: try fewer places or a wider band" || j.Result != nil {
		t.Errorf("job %+v", j)
	}
}

// Finished jobs are kept for Keep and at most Finished of them; then GET
// and DELETE answer 404 as JSON.
func TestDesignJobExpiry(t *testing.T) {
	s := newTestServer(t)
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	s.designs.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	s.designs.limits.Finished = 2
	var ids []string
	for range 3 {
		_, j, _ := startJob(t, s, "", `{"mode": "propose", `+gridBand+`}`)
		waitJob(t, s, j.ID)
		ids = append(ids, j.ID)
		advance(time.Second)
	}
	var eb ErrorBody
	tests := []struct {
		name, method, id string
		status           int
	}{
		{"the oldest past the bound", "GET", ids[0], 404},
		{"the others kept", "GET", ids[1], 200},
		{"the newest kept", "GET", ids[2], 200},
		{"DELETE of a finished job leaves it", "DELETE", ids[2], 200},
	}
	for _, tt := range tests {
		if rec := call(t, s, tt.method, "/api/design/"+tt.id, "", "", nil); rec.Code != tt.status {
			t.Errorf("%s: %d, want %d", tt.name, rec.Code, tt.status)
		}
	}
	advance(DefaultDesignKeep)
	for _, id := range ids[1:] {
		for _, method := range []string{"GET", "DELETE"} {
			if rec := call(t, s, method, "/api/design/"+id, "", "", &eb); rec.Code != 404 || eb.Code != footprint.ENotFound || !strings.Contains(eb.Error, "kept for 10m0s") {
				t.Errorf("%s %s after 10 minutes: %d %+v", method, id, rec.Code, eb)
			}
		}
	}
	s.designs.mu.Lock()
	defer s.designs.mu.Unlock()
	if len(s.designs.jobs) != 0 {
		t.Errorf("%d jobs kept", len(s.designs.jobs))
	}
}

// On London: Camden with a band of 1-2,000 is refused at once with the
// reason; an all-London design with a hard band stops within a second of
// DELETE, which answers once it has; and one past its time limit fails
// soon after it.
func TestDesignLondonBounded(t *testing.T) {
	s := New(footprinttest.London(t), Options{})
	rec, _, eb := startJob(t, s, "", `{"mode": "propose", "places": ["E09000007"], "band_min": 1, "band_max": 2000}`)
	if rec.Code != 400 || eb.Code != footprint.EInvalid || !strings.Contains(eb.Error, "in Camden (E09000007), LSOA E01000958 Camden 019D alone has 2,940 residents, more than the band's maximum of 2,000") {
		t.Errorf("Camden 1-2,000: %d %+v", rec.Code, eb)
	}
	hard := `{"mode": "propose", "seed": 1, "band_min": 20000, "band_max": 24000}`
	_, j, eb := startJob(t, s, "", hard)
	if j.ID == "" {
		t.Fatalf("hard band refused: %+v", eb)
	}
	time.Sleep(200 * time.Millisecond)
	t0 := time.Now()
	call(t, s, "DELETE", "/api/design/"+j.ID, "", "", &j)
	stop := time.Since(t0)
	if j.Status != "cancelled" || j.Error != "design cancelled" || stop > time.Second {
		t.Errorf("after DELETE, in %v: %+v", stop, j)
	}
	t.Logf("all-London design stopped %v after DELETE", stop)
	s.designs.limits.TimeLimit = 300 * time.Millisecond
	_, j, _ = startJob(t, s, "", hard)
	t0 = time.Now()
	for j.Status == "running" && time.Since(t0) < 5*time.Second {
		time.Sleep(10 * time.Millisecond)
		call(t, s, "GET", "/api/design/"+j.ID, "", "", &j)
	}
	if took := time.Since(t0); j.Status != "failed" || !strings.Contains(j.Error, "time limit of 300ms") || took > 1300*time.Millisecond {
		t.Errorf("after %v: %+v", took, j)
	}
	s.designs.mu.Lock()
	defer s.designs.mu.Unlock()
	if s.designs.running != 0 {
		t.Errorf("%d jobs still running", s.designs.running)
	}
}

// A proposal's job returns every option, in trade-off order, each with
// its weights, scorecard, per-place report and plan; with a plan, the
// chosen option becomes its new version.
func TestDesignJobOptions(t *testing.T) {
	s, _, _ := planServer(t)
	_, j, eb := startJob(t, s, "", `{"mode": "propose", "seed": 1, `+gridBand+`}`)
	if j.ID == "" {
		t.Fatalf("not started: %+v", eb)
	}
	j = waitJob(t, s, j.ID)
	if j.Status != "done" || len(j.Options) != 3 {
		t.Fatalf("job %s with %d options: %s", j.Status, len(j.Options), j.Error)
	}
	for i, want := range []string{"alignment-first", "balanced", "communities-first"} {
		o := j.Options[i]
		if string(o.Option) != want || o.Result == nil || len(o.Result.Assignments) == 0 || o.Scorecard.Footprints == 0 || len(o.Places) == 0 {
			t.Errorf("option %d: %s, %d footprints, plan %v", i, o.Option, o.Scorecard.Footprints, o.Result != nil)
		}
		// The grid's island is cut off and too small: its place says why.
		infeasible := 0
		for _, p := range o.Places {
			if !p.Feasible {
				infeasible++
				if p.Reason == "" {
					t.Errorf("%s: %s infeasible with no reason", o.Option, p.Name)
				}
			}
		}
		if o.Scorecard.InBand+infeasible < o.Scorecard.Footprints || o.Scorecard.Contiguous != o.Scorecard.Footprints {
			t.Errorf("%s: %d footprints, %d in band, %d contiguous, %d places infeasible", o.Option, o.Scorecard.Footprints, o.Scorecard.InBand, o.Scorecard.Contiguous, infeasible)
		}
	}
	if j.Options[1].Weights.Ward <= j.Options[0].Weights.Ward || j.Options[2].Weights.Ward <= j.Options[1].Weights.Ward {
		t.Errorf("ward weights do not rise along the trade-off: %+v", j.Options)
	}
	cr := create(t, s, `{"name": "d", "places": [], "baseline": null}`)
	_, j, eb = startJob(t, s, cr.EditToken, `{"plan": "`+cr.ID+`", "mode": "propose", "option": "communities-first", "seed": 1, `+gridBand+`}`)
	if j.ID == "" {
		t.Fatalf("not started: %+v", eb)
	}
	if j = waitJob(t, s, j.ID); j.Status != "done" || j.Version == 0 {
		t.Fatalf("job %s, version %d: %s", j.Status, j.Version, j.Error)
	}
	var got PlanJSON
	call(t, s, "GET", "/api/plans/"+cr.ID, "", "", &got)
	if len(got.Assignments) != len(j.Options[2].Result.Assignments) {
		t.Fatalf("saved %d LSOAs, the option has %d", len(got.Assignments), len(j.Options[2].Result.Assignments))
	}
	for code, id := range j.Options[2].Result.Assignments {
		if got.Assignments[code] == "" {
			t.Errorf("LSOA %s (option footprint %s) not saved", code, id)
		}
	}
}

// GET /api/design gives each mode's default weights and the options
// Propose offers, as the design package has them.
func TestDesignDefaults(t *testing.T) {
	s := newTestServer(t)
	var d DesignDefaults
	rec := call(t, s, "GET", "/api/design", "", "", nil)
	decode(t, rec, &d)
	if rec.Code != 200 {
		t.Fatalf("%d", rec.Code)
	}
	for _, c := range []struct {
		name      string
		got, want design.Weights
	}{
		{"propose", d.Propose, design.DefaultWeights()},
		{"from-pcn", d.FromPCN, design.FromPCNWeights()},
		{"alignment-first", d.Options[0].Weights, design.OptionWeights(design.AlignmentFirst)},
		{"communities-first", d.Options[2].Weights, design.OptionWeights(design.CommunitiesFirst)},
	} {
		if c.got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, c.got, c.want)
		}
	}
	if len(d.Options) != 3 || d.Options[1].Option != design.Balanced || d.Options[1].Title == "" {
		t.Errorf("options %+v", d.Options)
	}
}
