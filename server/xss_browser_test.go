package server

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

// TestBrowserHostile opens a plan whose name, footprint names and ids are
// script, markup, template and bidi payloads, on the edit page and the
// share page, and imports GeoJSON and CSV files with hostile properties
// and file names (static/e2e/hostile.mjs). Every name must show as text;
// nothing may call alert, open a dialog, make an event-handler attribute
// or violate the Content-Security-Policy, which every response must carry.
func TestBrowserHostile(t *testing.T) {
	browserReady(t)
	url, out := browserServer(t, footprinttest.London(t))
	runNode(t, "static/e2e/hostile.mjs", url, out)
	for _, shot := range []string{"e2e-hostile-edit.png", "e2e-hostile-share.png"} {
		if st, err := os.Stat(filepath.Join(out, shot)); err != nil || st.Size() < 10000 {
			t.Errorf("screenshot %s missing or empty", shot)
		}
	}
}
