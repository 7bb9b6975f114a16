package server

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/ingest"
	"github.com/nhs-footprint/footprint/server/store"
	"github.com/nhs-footprint/footprint/static"
)

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// runNode runs a browser script from the repository root, logging its
// lines, and fails the test if it fails.
func runNode(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command("node", args...)
	cmd.Dir = ".."
	var output []byte
	var err error
	done := make(chan struct{})
	go func() { output, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatal("browser test timed out")
	}
	for _, line := range strings.Split(strings.TrimSpace(string(output)), "\n") {
		t.Log(line)
	}
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
}

func browserReady(t *testing.T) {
	t.Helper()
	_, nodeErr := exec.LookPath("node")
	footprinttest.Need(t, nodeErr == nil, "node")
	footprinttest.Need(t, exists("/usr/bin/chromium"), "/usr/bin/chromium")
	footprinttest.Need(t, exists("../node_modules/playwright-core"), "playwright-core (npm ci)")
	footprinttest.Need(t, exists("../static/vendor/maplibre-gl.js"), "static/vendor/maplibre-gl.js (make static)")
}

// browserServer serves an atlas with the real web map and a fresh store,
// and returns its URL and the artifacts directory.
func browserServer(t *testing.T, a *footprint.Atlas) (string, string) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "plans.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(New(a, Options{Static: static.FS, Store: st}))
	t.Cleanup(srv.Close)
	out, _ := filepath.Abs("../artifacts")
	os.MkdirAll(out, 0o755)
	return srv.URL, out
}

// TestBrowserTiles opens a Leeds plan on the England atlas, which the
// page draws from vector tiles.
func TestBrowserTiles(t *testing.T) {
	browserReady(t)
	dir := filepath.Join("..", "..", "shared", "data")
	footprinttest.Need(t, exists(filepath.Join(dir, "SOURCES.md")), "real data at "+dir)
	m, err := ingest.ReadManifest(filepath.Join("..", "data", "england.json"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ingest.Import(m, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	url, out := browserServer(t, a)
	var cr CreatePlanResponse
	if code := httpJSON(t, "POST", url+"/api/plans", "", `{"name": "Leeds", "places": ["E08000035"], "baseline": "borough"}`, &cr); code != 201 {
		t.Fatal(code)
	}
	runNode(t, "static/e2e/tiles.mjs", url+cr.EditURL, out)
}

// TestBrowser drives the web map in headless Chromium on the real London
// atlas (static/e2e/designer.mjs): create a plan, paint by click and drag,
// undo and redo, paint a ward, lock, reload, share read-only, and provoke
// a 409 from a second tab. Screenshots go to artifacts/.
func TestBrowser(t *testing.T) {
	browserReady(t)
	url, out := browserServer(t, footprinttest.London(t))
	runNode(t, "static/e2e/designer.mjs", url, out)
	for _, shot := range []string{"e2e-painted.png", "e2e-flag.png", "e2e-readonly.png", "e2e-conflict.png", "e2e-catchment.png"} {
		if st, err := os.Stat(filepath.Join(out, shot)); err != nil || st.Size() < 10000 {
			t.Errorf("screenshot %s missing or empty", shot)
		}
	}
}

// TestBrowserCoverage opens a PCN's coverage on a London PCN plan, prints
// it as one page, exports the plan in every format and imports the
// GeoPackage into an empty plan (static/e2e/coverage.mjs).
func TestBrowserCoverage(t *testing.T) {
	browserReady(t)
	url, out := browserServer(t, footprinttest.London(t))
	var full, empty CreatePlanResponse
	if code := httpJSON(t, "POST", url+"/api/plans", "", `{"name": "London PCN", "places": [], "baseline": "pcn"}`, &full); code != 201 {
		t.Fatal(code)
	}
	if code := httpJSON(t, "POST", url+"/api/plans", "", `{"name": "Empty", "places": [], "baseline": null}`, &empty); code != 201 {
		t.Fatal(code)
	}
	runNode(t, "static/e2e/coverage.mjs", url+full.EditURL, url+empty.EditURL, out)
}

// TestBrowserProfiles opens the profile panel of a Lambeth and Southwark
// plan and its comparison view (static/e2e/profiles.mjs).
func TestBrowserProfiles(t *testing.T) {
	browserReady(t)
	url, out := browserServer(t, footprinttest.London(t))
	var cr CreatePlanResponse
	if code := httpJSON(t, "POST", url+"/api/plans", "", `{"name": "Lambeth and Southwark", "places": ["E09000022", "E09000028"], "baseline": "pcn"}`, &cr); code != 201 {
		t.Fatal(code)
	}
	runNode(t, "static/e2e/profiles.mjs", url+cr.EditURL, out)
}

// TestBrowserDesign proposes footprints for Camden from the web map,
// undoes it, then repairs a broken proposal (static/e2e/design.mjs).
func TestBrowserDesign(t *testing.T) {
	browserReady(t)
	url, out := browserServer(t, footprinttest.London(t))
	var cr CreatePlanResponse
	if code := httpJSON(t, "POST", url+"/api/plans", "", `{"name": "Camden design", "places": ["E09000007"], "baseline": null}`, &cr); code != 201 {
		t.Fatal(code)
	}
	runNode(t, "static/e2e/design.mjs", url+cr.EditURL, out)
}
