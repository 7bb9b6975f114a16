package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/ingest"
)

func newTestServer(tb testing.TB) *Server {
	return New(footprinttest.Grid(tb), Options{Static: fstest.MapFS{"index.html": {Data: []byte("<h1>Footprint</h1>")}}})
}

// do sends a request through the real router and decodes a JSON answer.
func do(tb testing.TB, s http.Handler, method, path, body string, out any) *httptest.ResponseRecorder {
	tb.Helper()
	return call(tb, s, method, path, "", body, out)
}

func TestGetAtlas(t *testing.T) {
	s := newTestServer(t)
	var sum footprint.Summary
	rec := do(t, s, "GET", "/api/atlas", "", &sum)
	if rec.Code != 200 || sum.Units != 7 || sum.Population != 9500 || sum.Places != 2 || sum.Registrations.Patients != 3225 || sum.Adjacency.Edges != 7 {
		t.Fatalf("%d %+v", rec.Code, sum)
	}
	if len(sum.Sources) == 0 || sum.Sources[0].Vintage == "" || len(sum.Attribution) == 0 {
		t.Errorf("no vintages or attribution: %+v", sum.Sources)
	}
}

type featureCollection struct {
	Type     string `json:"type"`
	Features []struct {
		ID         int       `json:"id"`
		Properties UnitProps `json:"properties"`
		Geometry   struct {
			Type        string          `json:"type"`
			Coordinates [][][][]float64 `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

func TestGetUnits(t *testing.T) {
	s := newTestServer(t)
	var all featureCollection
	if rec := do(t, s, "GET", "/api/units", "", &all); rec.Code != 200 || rec.Header().Get("Content-Type") != "application/geo+json" {
		t.Fatalf("%d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if all.Type != "FeatureCollection" || len(all.Features) != 7 {
		t.Fatalf("%d features", len(all.Features))
	}
	f := all.Features[0].Properties
	if f.Code != "E01000001" || f.Population != 1000 || f.MSOAName != "Gridley North" || f.WardName != "West" || f.Place != "E09000012" || f.IMDDecile != 7 {
		t.Errorf("properties %+v", f)
	}
	ring := all.Features[0].Geometry.Coordinates[0][0]
	if len(ring) != 5 || ring[0][0] > -0.09 || ring[0][0] < -0.2 || ring[0][1] < 51.4 || ring[0][1] > 51.6 {
		t.Errorf("geometry not in WGS84 lon/lat: %v", ring)
	}
	// fields=map: the same LSOAs and shapes, with only the properties the map draws from
	rec := do(t, s, "GET", "/api/units?fields=map", "", nil)
	var slim struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &slim); rec.Code != 200 || err != nil || len(slim.Features) != 7 {
		t.Fatalf("fields=map: %d %v %d features", rec.Code, err, len(slim.Features))
	}
	if p := slim.Features[0].Properties; len(p) != 2 || p["code"] != "E01000001" || p["imd_decile"] != 7.0 {
		t.Errorf("fields=map properties %v, want code and imd_decile only", p)
	}
	for _, q := range []string{"fields=names", "fields=map&bbox=-1,50,1,52"} {
		var e struct{ Error, Code string }
		if rec := do(t, s, "GET", "/api/units?"+q, "", &e); rec.Code != 400 || e.Code != "invalid" || !strings.Contains(e.Error, "fields") {
			t.Errorf("%s: %d %+v, want 400 naming fields", q, rec.Code, e)
		}
	}
	// bbox: the island alone, north of the river
	island := footprinttest.Grid(t).Units[6].Bound
	var some featureCollection
	path := "/api/units?bbox=" + strings.Join([]string{ff(island.Min[0] + 1e-4), ff(island.Min[1] + 1e-4), ff(island.Max[0] - 1e-4), ff(island.Max[1] - 1e-4)}, ",")
	do(t, s, "GET", path, "", &some)
	if len(some.Features) != 1 || some.Features[0].Properties.Code != "E01000007" {
		t.Fatalf("bbox %s gave %d features", path, len(some.Features))
	}
	do(t, s, "GET", "/api/units?bbox=1,1,2,2", "", &some)
	if len(some.Features) != 0 {
		t.Errorf("bbox far away gave %d features", len(some.Features))
	}
}

func ff(x float64) string { b, _ := json.Marshal(x); return string(b) }

func TestGetUnit(t *testing.T) {
	s := newTestServer(t)
	var u UnitJSON
	rec := do(t, s, "GET", "/api/units/E01000005", "", &u)
	if rec.Code != 200 || u.Code != "E01000005" || u.Population != 1300 || len(u.Neighbours) != 3 || u.Neighbours[0].Code != "E01000002" {
		t.Fatalf("%d %+v", rec.Code, u)
	}
	if len(u.Practices) != 3 || u.Practices[0].Code != "A00002" || u.Practices[0].PCN != "U00001" || u.Practices[0].PCNName != "WEST GRID PCN" {
		t.Errorf("practices %+v", u.Practices)
	}
	if len(u.Ages) != 11 || u.Ages[0].Band != "0-4" || u.Ages[0].Residents != 70 || u.Vintages["registrations"] == "" {
		t.Errorf("ages %+v vintages %v", u.Ages, u.Vintages)
	}
}

func TestErrors(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		method, path string
		status       int
		code         footprint.ErrorCode
		msg          string
	}{
		{"GET", "/api/units/E09999999", 404, footprint.ENotFound, `unknown LSOA code "E09999999"`},
		{"GET", "/api/units?bbox=1,2,3", 400, footprint.EInvalid, "want minLon,minLat,maxLon,maxLat"},
		{"GET", "/api/units?bbox=a,2,3,4", 400, footprint.EInvalid, `"a" is not a number`},
		{"GET", "/api/units?bbox=3,2,1,4", 400, footprint.EInvalid, "minLon ≤ maxLon"},
		{"GET", "/api/nothing", 404, footprint.ENotFound, "no API route GET /api/nothing"},
		{"POST", "/api/atlas", 404, footprint.ENotFound, "no API route POST /api/atlas"},
	}
	for _, tt := range tests {
		var body ErrorBody
		rec := do(t, s, tt.method, tt.path, "", &body)
		if rec.Code != tt.status || body.Code != tt.code || !strings.Contains(body.Error, tt.msg) {
			t.Errorf("%s %s: %d %+v, want %d %s %q", tt.method, tt.path, rec.Code, body, tt.status, tt.code, tt.msg)
		}
	}
	// An oversized body is refused before it is read.
	big := strings.Repeat("x", 5<<20)
	var body ErrorBody
	rec := do(t, s, "POST", "/api/units", big, &body)
	if rec.Code != 413 || body.Code != footprint.ETooLarge {
		t.Errorf("oversized body: %d %+v", rec.Code, body)
	}
}

func TestStatic(t *testing.T) {
	s := newTestServer(t)
	rec := do(t, s, "GET", "/", "", nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Footprint") {
		t.Fatalf("%d %q", rec.Code, rec.Body.String())
	}
}

func TestStatusOf(t *testing.T) {
	for code, want := range map[footprint.ErrorCode]int{footprint.EInvalid: 400, footprint.EUnauthorized: 401, footprint.ENotFound: 404,
		footprint.EConflict: 409, footprint.ETooLarge: 413, footprint.EInternal: 500, "other": 500} {
		if got := statusOf(code); got != want {
			t.Errorf("statusOf(%s) = %d, want %d", code, got, want)
		}
	}
}

// BenchmarkWarmStartLondon measures `serve`'s warm start: read the atlas,
// build the server, answer the first request. Target: 1 s or less.
func BenchmarkWarmStartLondon(b *testing.B) { benchWarmStart(b, "london.json", 4994) }

// BenchmarkWarmStartEngland: target 5 s or less.
func BenchmarkWarmStartEngland(b *testing.B) { benchWarmStart(b, "england.json", 33755) }

func benchWarmStart(b *testing.B, manifest string, units int) {
	dir := filepath.Join("..", "..", "shared", "data")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatal(err)
		}
		b.Skip("real data not found")
	}
	m, err := ingest.ReadManifest(filepath.Join("..", "data", manifest))
	if err != nil {
		b.Fatal(err)
	}
	a, err := ingest.Import(m, dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(b.TempDir(), "a.atlas")
	if err := footprint.WriteAtlas(a, p); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		a, err := footprint.ReadAtlas(p)
		if err != nil {
			b.Fatal(err)
		}
		s := New(a, Options{})
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/atlas", nil))
		if rec.Code != 200 || len(a.Units) != units {
			b.Fatal(rec.Code)
		}
	}
}

func TestPCNsAndPlaces(t *testing.T) {
	s := newTestServer(t)
	var list struct{ PCNs []footprint.PCNSummary }
	do(t, s, "GET", "/api/pcns", "", &list)
	if len(list.PCNs) != 3 || list.PCNs[0].Name != "EAST GRID PCN" {
		t.Fatalf("%+v", list)
	}
	var p footprint.PCNPatients
	do(t, s, "GET", "/api/pcns/U00002", "", &p)
	if p.Name != "EAST GRID PCN" || p.Patients["E01000003"] != 700 || p.Share["E01000003"] != 1 || len(p.Catchment) != 1 || p.Catchment[0] != "E01000003" || p.Vintage == "" {
		t.Fatalf("%+v", p)
	}
	var eb ErrorBody
	if rec := do(t, s, "GET", "/api/pcns/U99999", "", &eb); rec.Code != 404 || !strings.Contains(eb.Error, "unknown PCN") {
		t.Errorf("%d %+v", rec.Code, eb)
	}
	var places struct{ Places []PlaceJSON }
	do(t, s, "GET", "/api/places", "", &places)
	if len(places.Places) != 2 || places.Places[1].Name != "City and Hackney" || len(places.Places[1].Boroughs) != 2 || places.Places[1].Population != 5000 {
		t.Fatalf("%+v", places)
	}
}

// Every JSON answer decodes after one gzip layer: cached layers must not
// be compressed twice.
func TestGzipOnce(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/api/units", "/api/units?bbox=-1,50,1,52", "/api/unit-attributes", "/api/layers/ward", "/api/layers/practices", "/api/atlas", "/api/units/E01000001"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		body := rec.Body.Bytes()
		if rec.Header().Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			body, _ = io.ReadAll(zr)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Errorf("%s: not JSON after one gunzip: %v", path, err)
		}
	}
}
