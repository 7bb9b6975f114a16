package server

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint/colour"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/server/store"
	"github.com/nhs-footprint/footprint/static"
)

// TestBrowserLambeth walks the Lambeth job in the web map on the real
// London atlas (static/e2e/lambeth.mjs): create from the PCN catchments,
// fix two flagged footprints read with the hover card, Propose, delete,
// merge, remove an empty footprint, export and re-import GeoJSON and
// GeoPackage, reload. Then every version the walk saved, after painting,
// Propose and each import, has no two touching footprints in one colour.
func TestBrowserLambeth(t *testing.T) {
	browserReady(t)
	a := footprinttest.London(t)
	st, err := store.Open(filepath.Join(t.TempDir(), "plans.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(New(a, Options{Static: static.FS, Store: st}))
	t.Cleanup(srv.Close)
	out, _ := filepath.Abs("../artifacts")
	os.MkdirAll(out, 0o755)
	runNode(t, "static/e2e/lambeth.mjs", srv.URL, out)
	raw, err := os.ReadFile(filepath.Join(out, "lambeth-plan.txt"))
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSpace(string(raw))
	vs, err := st.Versions(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		p, _, err := st.LoadPlan(context.Background(), id, v.Version)
		if err != nil {
			t.Fatal(err)
		}
		if c := colour.Clashes(a, p); len(c) > 0 {
			t.Errorf("version %d (%s): touching footprints share a colour: %v", v.Version, v.Summary, c)
		}
	}
	t.Logf("%d versions checked for colour clashes", len(vs))
}

// TestBrowserNewcomer is a first visit (static/e2e/newcomer.mjs): the
// introduction opens, then the shortcut sheet with ?, the IMD legend shows
// only with its layer, and a bad plan link leaves the start page usable.
func TestBrowserNewcomer(t *testing.T) {
	browserReady(t)
	url, out := browserServer(t, footprinttest.London(t))
	runNode(t, "static/e2e/newcomer.mjs", url, out)
}

// TestBrowserReport prints the clinical director's coverage report of a
// Camden PCN to PDF and counts its A4 pages: one (static/e2e/report.mjs).
func TestBrowserReport(t *testing.T) {
	browserReady(t)
	url, out := browserServer(t, footprinttest.London(t))
	var cr CreatePlanResponse
	if code := httpJSON(t, "POST", url+"/api/plans", "", `{"name": "Camden neighbourhoods", "places": ["E09000007"], "baseline": "pcn"}`, &cr); code != 201 {
		t.Fatal(code)
	}
	runNode(t, "static/e2e/report.mjs", url+cr.EditURL, out)
}
