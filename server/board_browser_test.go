package server

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

// TestBrowserBoard compares Lambeth's PCN baseline with a proposal made
// from it on the board page, through every view, the register and the
// printed decision pack (static/e2e/board.mjs).
func TestBrowserBoard(t *testing.T) {
	browserReady(t)
	url, out := browserServer(t, footprinttest.London(t))
	var cr CreatePlanResponse
	if code := httpJSON(t, "POST", url+"/api/plans", "", `{"name": "Lambeth", "places": ["E09000022"], "baseline": "pcn"}`, &cr); code != 201 {
		t.Fatal(code)
	}
	var job DesignJob
	if code := httpJSON(t, "POST", url+"/api/design", cr.EditToken, fmt.Sprintf(`{"plan": %q, "mode": "propose", "seed": 1}`, cr.ID), &job); code != 202 {
		t.Fatalf("design: %d %+v", code, job)
	}
	for deadline := time.Now().Add(2 * time.Minute); job.Status == "running" && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		httpJSON(t, "GET", url+"/api/design/"+job.ID, "", "", &job)
	}
	if job.Status != "done" || job.Version != 2 {
		t.Fatalf("design job %s, version %d: %s", job.Status, job.Version, job.Error)
	}
	runNode(t, "static/e2e/board.mjs", url, cr.ID, url+cr.EditURL, out)
	for _, shot := range []string{"board-scorecard.png", "board-map-side.png", "board-map-overlay.png", "board-register.png", "board-pack-1.pdf", "board-pack-2.pdf"} {
		if st, err := os.Stat(filepath.Join(out, shot)); err != nil || st.Size() < 10000 {
			t.Errorf("%s missing or empty", shot)
		}
	}
}
