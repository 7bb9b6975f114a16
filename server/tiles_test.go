package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/geo/encoding/mvt"
	"github.com/nhs-footprint/footprint/geo/geos"
	"github.com/paulmach/orb"
	orbmvt "github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

// gridTile is the zoom 12 tile holding the grid fixture.
const gridTile = "/tiles/12/2046/1362.mvt"

// get sends a request with headers through the real router.
func get(t *testing.T, s *Server, method, path string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTileHeaders checks what GDAL and browsers need to read a tile from
// its URL: the whole body with its length (gzipped when accepted), HEAD,
// an ETag that revalidates to 304, caching, CORS and the TileJSON link.
func TestTileHeaders(t *testing.T) {
	s := newTestServer(t)
	plain := get(t, s, "GET", gridTile)
	zipped := get(t, s, "GET", gridTile, "Accept-Encoding", "gzip, deflate")
	if plain.Code != 200 || zipped.Code != 200 {
		t.Fatalf("%d %d", plain.Code, zipped.Code)
	}
	if !bytes.Equal(gunzip(t, zipped.Body.Bytes()), plain.Body.Bytes()) {
		t.Fatal("gzipped tile differs from the plain one")
	}
	tags := map[string]bool{}
	for _, tc := range []struct {
		name     string
		rec      *httptest.ResponseRecorder
		encoding string
	}{{"plain", plain, ""}, {"gzip", zipped, "gzip"}} {
		h := tc.rec.Header()
		want := map[string]string{
			"Content-Type": MVTContentType, "Content-Encoding": tc.encoding, "Content-Length": strconv.Itoa(tc.rec.Body.Len()),
			"Cache-Control": "public, max-age=3600", "Vary": "Accept-Encoding", "Access-Control-Allow-Origin": "*",
			"Link": `</tiles/tilejson.json>; rel="describedby"; type="application/json"`,
		}
		for k, v := range want {
			if h.Get(k) != v {
				t.Errorf("%s: %s is %q, want %q", tc.name, k, h.Get(k), v)
			}
		}
		tag := h.Get("ETag")
		if !strings.HasPrefix(tag, `"`) || tags[tag] {
			t.Errorf("%s: ETag %q, want a quoted tag of its own", tc.name, tag)
		}
		tags[tag] = true
		head := get(t, s, "HEAD", gridTile, "Accept-Encoding", tc.encoding)
		if head.Code != 200 || head.Header().Get("Content-Length") != h.Get("Content-Length") || head.Header().Get("ETag") != tag {
			t.Errorf("%s: HEAD %d %v", tc.name, head.Code, head.Header())
		}
		for _, inm := range []string{tag, `"x", ` + tag, "W/" + tag, "*"} {
			nm := get(t, s, "GET", gridTile, "If-None-Match", inm, "Accept-Encoding", tc.encoding)
			if nm.Code != 304 || nm.Body.Len() != 0 || nm.Header().Get("ETag") != tag {
				t.Errorf("%s: If-None-Match %s: %d %d bytes %v", tc.name, inm, nm.Code, nm.Body.Len(), nm.Header())
			}
		}
	}
	if rec := get(t, s, "GET", gridTile, "If-None-Match", `"other"`); rec.Code != 200 {
		t.Errorf("another tag: %d, want 200", rec.Code)
	}
	if rec := get(t, s, "GET", gridTile, "Accept-Encoding", "gzip;q=0"); rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 got %q", rec.Header().Get("Content-Encoding"))
	}
}

// TestTileWinding decodes the zoom 10 tile holding the whole grid: every exterior ring has a
// positive area in tile coordinates (clockwise with y down), every hole a
// negative one, and every polygon is valid.
func TestTileWinding(t *testing.T) {
	s := newTestServer(t)
	layers, err := orbmvt.Unmarshal(get(t, s, "GET", "/tiles/10/511/340.mvt").Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(layers) != 1 || layers[0].Name != TileLayer || len(layers[0].Features) != 7 {
		t.Fatalf("want one layer of the grid's 7 LSOAs: %d layers, %d features", len(layers), len(layers[0].Features))
	}
	g := geos.NewContext()
	for _, f := range layers[0].Features {
		var mp orb.MultiPolygon
		switch geom := f.Geometry.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{geom}
		case orb.MultiPolygon:
			mp = geom
		default:
			t.Fatalf("%v: %T", f.ID, geom)
		}
		for _, p := range mp {
			for k, r := range p {
				if a := mvt.SignedArea(r); (k == 0) != (a > 0) {
					t.Errorf("%v ring %d: area %g", f.Properties["code"], k, a)
				}
			}
		}
		if _, reason, err := g.Repair(mp); reason != "" || err != nil {
			t.Errorf("%v: invalid (%s %v)", f.Properties["code"], reason, err)
		}
	}
}

func TestTileJSON(t *testing.T) {
	s := newTestServer(t)
	rec := get(t, s, "GET", "http://maps.example/tiles/tilejson.json")
	var tj TileJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &tj); rec.Code != 200 || err != nil {
		t.Fatalf("%d %v", rec.Code, err)
	}
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" || rec.Header().Get("ETag") == "" || rec.Header().Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", rec.Header())
	}
	if tj.TileJSON != "3.0.0" || len(tj.Tiles) != 1 || tj.Tiles[0] != "http://maps.example/tiles/{z}/{x}/{y}.mvt" || tj.MinZoom != 8 || tj.MaxZoom != 14 || tj.Scheme != "xyz" {
		t.Errorf("%+v", tj)
	}
	grid := footprinttest.Grid(t)
	b := grid.Bound()
	if tj.Bounds != [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} || tj.Bounds[0] >= tj.Bounds[2] || tj.Bounds[1] >= tj.Bounds[3] {
		t.Errorf("bounds %v", tj.Bounds)
	}
	for i := range grid.Units {
		if u := grid.Units[i].Bound; u.Min[0] < tj.Bounds[0] || u.Max[1] > tj.Bounds[3] {
			t.Errorf("unit %s outside the bounds", grid.Units[i].Code)
		}
	}
	if len(tj.VectorLayers) != 1 || tj.VectorLayers[0].ID != "units" || len(tj.VectorLayers[0].Fields) != 5 || tj.VectorLayers[0].Fields["code"] == "" {
		t.Errorf("vector layers %+v", tj.VectorLayers)
	}
	if !strings.Contains(tj.VectorLayers[0].Fields["population"], grid.AsOf("population")) {
		t.Errorf("population field %q names no vintage", tj.VectorLayers[0].Fields["population"])
	}
	for _, src := range grid.Sources {
		if src.Attribution != "" && !strings.Contains(tj.Attribution, html.EscapeString(src.Attribution)) {
			t.Errorf("attribution %q lacks %q", tj.Attribution, src.Attribution)
		}
	}
	// Behind a TLS proxy on the same host.
	req := httptest.NewRequest("GET", "http://maps.example/tiles/tilejson.json", nil)
	req.RemoteAddr = "127.0.0.1:40000"
	req.Header.Set("X-Forwarded-Proto", "https")
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), `"https://maps.example/tiles/{z}/{x}/{y}.mvt"`) {
		t.Errorf("behind a TLS proxy: %s", rec.Body.String())
	}
}

// TestCORS: read-only GETs may be read from any origin; editing calls and
// reads made with a token may not, and no preflight is answered for them.
func TestCORS(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "p", "places": ["E09000012"], "baseline": null}`)
	for _, tc := range []struct {
		method, path, token string
		public              bool
	}{
		{"GET", gridTile, "", true}, {"HEAD", gridTile, "", true}, {"GET", "/tiles/tilejson.json", "", true},
		{"GET", "/api/atlas", "", true}, {"HEAD", "/api/atlas", "", true}, {"GET", "/api/layers/icb", "", true},
		{"GET", "/api/units", "", true}, {"GET", "/api/unit-attributes", "", true}, {"GET", "/api/openapi.json", "", true},
		{"GET", "/api/plans/" + cr.ID, "", true}, {"HEAD", "/api/plans/" + cr.ID, "", true},
		{"GET", "/api/plans/" + cr.ID, cr.EditToken, false},
		{"PATCH", "/api/plans/" + cr.ID, cr.EditToken, false}, {"POST", "/api/plans", "", false},
		{"OPTIONS", "/api/plans/" + cr.ID, "", false}, {"DELETE", "/api/design/x", "", false},
	} {
		headers := []string{"Origin", "https://elsewhere.example"}
		if tc.token != "" {
			headers = append(headers, "Authorization", "Bearer "+tc.token)
		}
		rec := get(t, s, tc.method, tc.path, headers...)
		if got := rec.Header().Get("Access-Control-Allow-Origin") == "*"; got != tc.public {
			t.Errorf("%s %s (token %v): %d, Access-Control-Allow-Origin %q", tc.method, tc.path, tc.token != "", rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))
		}
		if tc.method == "HEAD" && rec.Code != 200 {
			t.Errorf("HEAD %s: %d", tc.path, rec.Code)
		}
	}
}

// TestRevalidateLayers: layers, the atlas and the API document carry
// ETags and answer 304 to them, with their true content types.
func TestRevalidateLayers(t *testing.T) {
	s := newTestServer(t)
	for path, ctype := range map[string]string{
		"/api/layers/icb": "application/geo+json", "/api/units": "application/geo+json", "/api/unit-attributes": "application/json",
		"/api/atlas": "application/json", "/api/openapi.json": "application/json",
	} {
		rec := get(t, s, "GET", path, "Accept-Encoding", "gzip")
		if rec.Code != 200 || rec.Header().Get("Content-Type") != ctype || rec.Header().Get("Content-Length") != strconv.Itoa(rec.Body.Len()) {
			t.Errorf("%s: %d %v", path, rec.Code, rec.Header())
		}
		if !json.Valid(gunzip(t, rec.Body.Bytes())) {
			t.Errorf("%s: not JSON", path)
		}
		if nm := get(t, s, "GET", path, "If-None-Match", rec.Header().Get("ETag")); nm.Code != 304 {
			t.Errorf("%s: revalidation gave %d", path, nm.Code)
		}
	}
}

// tileVertices counts the vertices of a tile's polygons.
func tileVertices(l *orbmvt.Layer) int {
	n := 0
	for _, f := range l.Features {
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			for _, r := range g {
				n += len(r)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				for _, r := range p {
					n += len(r)
				}
			}
		}
	}
	return n
}

// TestTileFields checks the web map's tiles (?fields=map) against the
// full ones: the same LSOAs with the same ids, with only code and
// imd_decile, and no more vertices; an unknown fields is refused.
func TestTileFields(t *testing.T) {
	s := newTestServer(t)
	decode := func(path string) *orbmvt.Layer {
		rec := get(t, s, "GET", path)
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		layers, err := orbmvt.Unmarshal(rec.Body.Bytes())
		if err != nil || len(layers) != 1 {
			t.Fatalf("%s: %d layers, %v", path, len(layers), err)
		}
		return layers[0]
	}
	all, slim := decode("/tiles/10/511/340.mvt"), decode("/tiles/10/511/340.mvt?fields=map")
	if len(slim.Features) != 7 || len(all.Features) != 7 {
		t.Fatalf("%d and %d features, want the grid's 7 in each", len(all.Features), len(slim.Features))
	}
	for i, f := range slim.Features {
		want := all.Features[i]
		if f.ID != want.ID || f.Properties["code"] != want.Properties["code"] || f.Properties["imd_decile"] != want.Properties["imd_decile"] || len(f.Properties) != 2 {
			t.Errorf("feature %d: %v %v, want id %v, code %v and imd_decile %v only", i, f.ID, f.Properties, want.ID, want.Properties["code"], want.Properties["imd_decile"])
		}
	}
	if a, m := tileVertices(all), tileVertices(slim); m > a {
		t.Errorf("fields=map has %d vertices, the full tile %d", m, a)
	}
	var e struct{ Error, Code string }
	rec := get(t, s, "GET", gridTile+"?fields=names")
	if json.Unmarshal(rec.Body.Bytes(), &e); rec.Code != 400 || e.Code != "invalid" || !strings.Contains(e.Error, "fields") {
		t.Errorf("fields=names: %d %s, want 400 naming fields", rec.Code, rec.Body)
	}
}

// TestTileStatsLondon builds every London tile at zooms 10 to 14, of both
// kinds, and counts the features made valid on the tile grid and those
// dropped, and the vertices.
func TestTileStatsLondon(t *testing.T) {
	a := footprinttest.London(t)
	s := New(a, Options{})
	b := a.Bound()
	for _, kind := range []tileKind{tilesAll, tilesMap} {
		for z := maptile.Zoom(9); z <= 14; z++ {
			min, max := maptile.At(orb.Point{b.Min[0], b.Max[1]}, z), maptile.At(orb.Point{b.Max[0], b.Min[1]}, z)
			var sum mvt.Stats
			var bytes, tiles, vertices int
			start := time.Now()
			for x := min.X; x <= max.X; x++ {
				for y := min.Y; y <= max.Y; y++ {
					data, st, err := s.buildTile(context.Background(), tileKey{maptile.New(x, y, z), kind})
					if err != nil {
						t.Fatal(err)
					}
					layers, err := orbmvt.Unmarshal(data)
					if err != nil {
						t.Fatal(err)
					}
					if len(layers) > 0 {
						vertices += tileVertices(layers[0])
					}
					sum.Features += st.Features
					sum.Repaired += st.Repaired
					sum.Dropped += st.Dropped
					bytes += len(data)
					tiles++
				}
			}
			t.Logf("fields=%s z%d: %d tiles, %d features, %d vertices, %d repaired on the grid (%.2f%%), %d dropped; %.0f KB, %.1f ms a tile",
				[]string{"all", "map"}[kind], z, tiles, sum.Features, vertices, sum.Repaired, 100*float64(sum.Repaired)/float64(sum.Features), sum.Dropped,
				float64(bytes)/1024, float64(time.Since(start).Microseconds())/1000/float64(tiles))
			if sum.Dropped > sum.Features/1000 {
				t.Errorf("fields=%d z%d: %d of %d features dropped", kind, z, sum.Dropped, sum.Features)
			}
		}
	}
}

// TestReadOnlyOverHTTP sends HEAD and GET over a real connection: HEAD has
// no body but the length GET sends, and no read-only answer is chunked.
func TestReadOnlyOverHTTP(t *testing.T) {
	base := clientServer(t, footprinttest.Grid(t))
	// Without DisableCompression, the transport would ask for gzip itself
	// and hide the length it got.
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	for _, path := range []string{gridTile, "/tiles/tilejson.json", "/api/atlas", "/api/layers/ward", "/api/units", "/api/unit-attributes", "/api/openapi.json"} {
		for _, enc := range []string{"", "gzip"} {
			lengths := map[string]int64{}
			for _, method := range []string{"HEAD", "GET"} {
				req, _ := http.NewRequest(method, base+path, nil)
				if enc != "" {
					req.Header.Set("Accept-Encoding", enc)
				}
				res, err := tr.RoundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != 200 || len(res.TransferEncoding) > 0 || res.ContentLength < 0 {
					t.Errorf("%s %s (%q): %d, transfer encoding %v, length %d", method, path, enc, res.StatusCode, res.TransferEncoding, res.ContentLength)
				}
				if method == "GET" && int64(len(body)) != res.ContentLength {
					t.Errorf("GET %s: %d bytes, Content-Length %d", path, len(body), res.ContentLength)
				}
				if method == "HEAD" && len(body) != 0 {
					t.Errorf("HEAD %s: %d bytes of body", path, len(body))
				}
				lengths[method] = res.ContentLength
			}
			if lengths["HEAD"] != lengths["GET"] {
				t.Errorf("%s (%q): HEAD says %d bytes, GET sends %d", path, enc, lengths["HEAD"], lengths["GET"])
			}
		}
	}
}

// FuzzTileRequest sends tile requests of any path and caching headers: no
// answer is a server error, and a tile is either served whole or refused.
func FuzzTileRequest(f *testing.F) {
	f.Add("12", "2046", "1362.mvt", `"abc"`, "gzip")
	f.Add("-1", "0", "0", "*", "gzip;q=0")
	f.Add("22", "4194303", "4194303.mvt", "W/\"x\", \"y\"", "br, *")
	s := newTestServer(f)
	f.Fuzz(func(t *testing.T, z, x, y, inm, ae string) {
		for _, part := range []string{z, x, y} {
			if part == "" || strings.ContainsAny(part, "/?#%\x00") || len(part) > 40 {
				return
			}
		}
		req := httptest.NewRequest("GET", "/tiles/"+url.PathEscape(z)+"/"+url.PathEscape(x)+"/"+url.PathEscape(y), nil)
		req.Header.Set("If-None-Match", inm)
		req.Header.Set("Accept-Encoding", ae)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 && rec.Code != 304 && rec.Code != 400 && rec.Code != 404 {
			t.Fatalf("%s/%s/%s: %d %s", z, x, y, rec.Code, rec.Body.String())
		}
	})
}

// TestTilesConcurrent builds tiles and layers from many goroutines at once,
// each borrowing a GEOS context of its own; run under -race.
func TestTilesConcurrent(t *testing.T) {
	s := newTestServer(t)
	paths := []string{"/api/units?bbox=-1,50,1,52", "/api/layers/ward", "/api/units"}
	for z := 10; z <= 14; z++ {
		x, y := tileAt(-0.106, 51.517, z)
		paths = append(paths, fmt.Sprintf("/tiles/%d/%d/%d.mvt", z, x, y), fmt.Sprintf("/tiles/%d/%d/%d.mvt", z, x+1, y))
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			for k := range paths {
				path := paths[(i+k)%len(paths)]
				if rec := get(t, s, "GET", path, "Accept-Encoding", "gzip"); rec.Code != 200 {
					t.Errorf("%s: %d", path, rec.Code)
				}
			}
		})
	}
	wg.Wait()
}
