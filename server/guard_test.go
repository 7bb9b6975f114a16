package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"golang.org/x/time/rate"
)

// tripwire is a body that records whether anyone read it.
type tripwire struct {
	read atomic.Bool
	r    io.Reader
}

func (t *tripwire) Read(p []byte) (int, error) { t.read.Store(true); return t.r.Read(p) }

// TestTokenBeforeBody is issue item 4: an edit without its token is
// refused before a byte of its body is read, however large.
func TestTokenBeforeBody(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "p", "places": [], "baseline": null}`)
	for _, tt := range []struct{ method, path, tok string }{
		{"PATCH", "/assignments", ""},
		{"PATCH", "/assignments", "wrong"},
		{"PATCH", "", ""},
		{"PATCH", "", cr.EditToken + "x"},
		{"POST", "/import?format=geojson&base_version=1", ""},
		{"POST", "/import?format=gpkg&base_version=1", "Bearer"},
		{"POST", "/versions/1/restore", ""},
	} {
		body := &tripwire{r: strings.NewReader(`{"type": "FeatureCollection", "features": [` + strings.Repeat(`{},`, 1<<20))}
		req := httptest.NewRequest(tt.method, "/api/plans/"+cr.ID+tt.path, body)
		if tt.tok != "" {
			req.Header.Set("Authorization", "Bearer "+tt.tok)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 401 || !strings.Contains(rec.Body.String(), `"code":"unauthorized"`) || body.read.Load() {
			t.Errorf("%s %s: %d %s, body read: %v", tt.method, tt.path, rec.Code, rec.Body.String(), body.read.Load())
		}
	}
}

// TestOversizeBodies is issue items 4 and 6: a body over the limit gets
// 413 with JSON whether its length is declared or it comes chunked, over
// a real connection, and declared lengths are refused unread.
func TestOversizeBodies(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "p", "places": [], "baseline": null}`)
	hs := httptest.NewServer(s)
	defer hs.Close()
	big := `{"base_version": 1, "changes": [` + strings.Repeat(`{"lsoa": "E01000001", "footprint": "a"},`, 120000) + `]}`
	bigCSV := "lsoa21cd,footprint\n" + strings.Repeat("E01000001,a\n", MaxImport/12+10)
	for _, tt := range []struct {
		name, method, path, body string
		chunked                  bool
	}{
		{"declared patch", "PATCH", "/api/plans/" + cr.ID + "/assignments", big, false},
		{"chunked patch", "PATCH", "/api/plans/" + cr.ID + "/assignments", big, true},
		{"chunked plan patch", "PATCH", "/api/plans/" + cr.ID, big, true},
		{"chunked create", "POST", "/api/plans", big, true},
		{"chunked design", "POST", "/api/design", big, true},
		{"declared import", "POST", "/api/plans/" + cr.ID + "/import?format=csv&base_version=1", bigCSV, false},
		{"chunked import", "POST", "/api/plans/" + cr.ID + "/import?format=csv&base_version=1", bigCSV, true},
	} {
		var r io.Reader = strings.NewReader(tt.body)
		if tt.chunked {
			r = io.MultiReader(r)
		}
		req, _ := http.NewRequest(tt.method, hs.URL+tt.path, r)
		req.Header.Set("Authorization", "Bearer "+cr.EditToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 413 || !strings.Contains(string(b), `"code":"too_large"`) {
			t.Errorf("%s (chunked %v, %v): %d %s", tt.name, tt.chunked, resp.TransferEncoding, resp.StatusCode, b)
		}
	}
	// Just under the limit is not too large.
	var eb ErrorBody
	under := `{"base_version": 1, "changes": []}` + strings.Repeat(" ", MaxBody-40)
	if rec := call(t, s, "PATCH", "/api/plans/"+cr.ID+"/assignments", cr.EditToken, under, &eb); rec.Code != 200 {
		t.Errorf("a body under the limit: %d %+v", rec.Code, eb)
	}
}

// TestTrailingData is issue item 6: anything after the one JSON value of
// a body is refused with 400.
func TestTrailingData(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "p", "places": ["E09000012"], "baseline": null}`)
	for _, tail := range []string{" {}", "{}", " []", "x", " null", `"a"`, " 1", "\n{\"base_version\": 1}"} {
		for _, path := range []string{"/assignments", ""} {
			var eb ErrorBody
			body := `{"base_version": 1}` + tail
			if rec := call(t, s, "PATCH", "/api/plans/"+cr.ID+path, cr.EditToken, body, &eb); rec.Code != 400 || !strings.Contains(eb.Error, "malformed JSON body") {
				t.Errorf("PATCH %s %q: %d %+v", path, body, rec.Code, eb)
			}
		}
		var eb ErrorBody
		if rec := call(t, s, "POST", "/api/plans", "", `{"name": "q"}`+tail, &eb); rec.Code != 400 {
			t.Errorf("POST /api/plans with %q: %d %+v", tail, rec.Code, eb)
		}
	}
	if rec, _ := patch(t, s, cr, 1, "[] \n\t"); rec.Code != 200 {
		t.Errorf("trailing white space: %d %s", rec.Code, rec.Body.String())
	}
}

// TestSessionsStayWithinBound is issue item 4: open plans are closed,
// least recently used first, past the memory bound, and reopen as they
// were; a plan in use is never closed under its holder.
func TestSessionsStayWithinBound(t *testing.T) {
	a := footprinttest.Grid(t)
	one := sessionBytes(a, &footprint.Plan{Assign: map[string]string{"E01000001": "a"}, Footprints: make([]footprint.FootprintInfo, 1)})
	_, st, _ := planServer(t)
	s := New(a, Options{Store: st, MaxSessionBytes: 3 * one})
	var plans []CreatePlanResponse
	for i := range 8 {
		cr := create(t, s, `{"name": "p", "places": ["E09000012"], "baseline": null}`)
		if rec, _ := patch(t, s, cr, 1, fmt.Sprintf(`[{"lsoa": "E01000001", "footprint": "f%d"}]`, i)); rec.Code != 200 {
			t.Fatal(rec.Body.String())
		}
		plans = append(plans, cr)
		if n, bytes := s.plans.usage(); n > 3 || bytes > 3*one {
			t.Fatalf("after %d plans: %d open, %d bytes over the bound %d", i+1, n, bytes, 3*one)
		}
	}
	held, err := s.lockSession(t.Context(), plans[0].ID) // oldest, reopened, now in use
	if err != nil {
		t.Fatal(err)
	}
	for _, cr := range plans[1:] {
		call(t, s, "GET", "/api/plans/"+cr.ID, "", "", nil)
	}
	if held.gone {
		t.Error("a session in use was evicted")
	}
	held.mu.Unlock()
	for i, cr := range plans {
		var p PlanJSON
		call(t, s, "GET", "/api/plans/"+cr.ID, "", "", &p)
		if p.Version != 2 || p.Assignments["E01000001"] != fmt.Sprintf("f%d", i) {
			t.Errorf("plan %d reopened as %+v", i, p)
		}
		if rec, _ := patch(t, s, cr, 2, `[{"lsoa": "E01000002", "footprint": "g"}]`); rec.Code != 200 {
			t.Errorf("plan %d: edit after reopening: %d %s", i, rec.Code, rec.Body.String())
		}
	}
}

// TestCreateRateLimit is issue item 4: one client address may create a
// burst of plans and is then answered 429 with Retry-After; a client's
// address is the connecting peer unless the peer is a trusted proxy.
func TestCreateRateLimit(t *testing.T) {
	_, st, _ := planServer(t)
	a := footprinttest.Grid(t)
	post := func(s *Server, peer, xff string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/api/plans", strings.NewReader(`{"name": "p"}`))
		req.RemoteAddr = peer
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	direct := New(a, Options{Store: st, CreateRate: rate.Every(600e9), CreateBurst: 2})
	proxied := New(a, Options{Store: st, CreateRate: rate.Every(600e9), CreateBurst: 2, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	for _, tt := range []struct {
		name       string
		s          *Server
		peer, xff  string
		wantStatus int
	}{
		{"first", direct, "192.0.2.1:1", "", 201},
		{"second", direct, "192.0.2.1:2", "", 201},
		{"third", direct, "192.0.2.1:3", "", 429},
		{"spoofed X-Forwarded-For is ignored", direct, "192.0.2.1:4", "198.51.100.7", 429},
		{"another peer", direct, "192.0.2.2:1", "", 201},
		{"IPv6 peer", direct, "[2001:db8::1]:1", "", 201},
		{"same /64", direct, "[2001:db8::2]:1", "", 201},
		{"same /64 again", direct, "[2001:db8::3]:1", "", 429},
		{"client behind the proxy", proxied, "10.0.0.1:1", "198.51.100.7", 201},
		{"same client, other proxy hop", proxied, "10.0.0.2:1", "198.51.100.7, 10.0.0.9", 201},
		{"same client a third time", proxied, "10.0.0.1:2", "198.51.100.7", 429},
		{"another client behind the proxy", proxied, "10.0.0.1:3", "198.51.100.8", 201},
		{"untrusted peer's header ignored", proxied, "192.0.2.9:1", "198.51.100.9", 201},
	} {
		rec := post(tt.s, tt.peer, tt.xff)
		if rec.Code != tt.wantStatus {
			t.Errorf("%s: %d %s", tt.name, rec.Code, rec.Body.String())
		}
		if rec.Code == 429 && (rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), `"code":"rate_limited"`)) {
			t.Errorf("%s: 429 without Retry-After or JSON: %v %s", tt.name, rec.Header(), rec.Body.String())
		}
	}
}

// TestSecurityHeaders: every response, error or not, carries the content
// security policy, nosniff and no-referrer.
func TestSecurityHeaders(t *testing.T) {
	s, _, _ := planServer(t)
	s = New(footprinttest.Grid(t), Options{Store: s.store, Static: fstest.MapFS{"index.html": {Data: []byte("<h1>Footprint</h1>")}}})
	for _, tt := range []struct{ method, path, body string }{
		{"GET", "/", ""}, {"GET", "/index.html", ""}, {"GET", "/missing.js", ""}, {"GET", "/api/atlas", ""},
		{"GET", "/api/nothing", ""}, {"GET", "/api/plans/nope", ""}, {"POST", "/api/plans", "{"},
		{"GET", "/tiles/10/511/340", ""}, {"PATCH", "/api/plans/x/assignments", "{}"}, {"HEAD", "/api/atlas", ""},
	} {
		rec := call(t, s, tt.method, tt.path, "", tt.body, nil)
		h := rec.Header()
		if h.Get("Content-Security-Policy") != ContentSecurityPolicy || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s %s (%d): headers %v", tt.method, tt.path, rec.Code, h)
		}
	}
}

// TestExportDuringEdits is issue item 9: exports read the version while
// edits change it; run under -race.
func TestExportDuringEdits(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "p", "places": ["E09000012"], "baseline": null}`)
	var wg sync.WaitGroup
	wg.Go(func() {
		for v := 1; v <= 20; v++ {
			patch(t, s, cr, v, fmt.Sprintf(`[{"lsoa": %q, "footprint": "a"}]`, inScope[v%4]))
		}
	})
	for range 20 {
		rec := call(t, s, "GET", "/api/plans/"+cr.ID+"/export?format=csv", "", "", nil)
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Disposition"), "p-v") {
			t.Errorf("export: %d %v", rec.Code, rec.Header())
		}
	}
	wg.Wait()
}

// TestPanicIsJSON500: a panic in a handler is recovered at the request
// boundary and answered 500 with JSON, as a last guard.
func TestPanicIsJSON500(t *testing.T) {
	s := newTestServer(t)
	s.echo.GET("/api/test-panic", func(echo.Context) error { panic("boom") })
	var eb ErrorBody
	rec := do(t, s, "GET", "/api/test-panic", "", &eb)
	if rec.Code != 500 || eb.Code != footprint.EInternal || rec.Header().Get("Content-Security-Policy") == "" {
		t.Errorf("%d %+v %v", rec.Code, eb, rec.Header())
	}
}
