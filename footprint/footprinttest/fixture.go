package footprinttest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// Root returns the repository root: the nearest directory above the
// working directory that holds go.mod.
func Root(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("footprinttest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Need skips the test when ok is false, saying what is missing, or fails
// it under CI=true, where everything must be installed.
func Need(tb testing.TB, ok bool, what string) {
	tb.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s is missing (CI=true: make test installs it)", what)
	}
	tb.Skipf("%s is missing: skipping", what)
}

// SharedData returns the real data directory, ../shared/data beside the
// repository, or skips the test (fails under CI=true) without it.
func SharedData(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(Root(tb), "..", "shared", "data")
	_, err := os.Stat(filepath.Join(dir, "SOURCES.md"))
	Need(tb, err == nil, "real data at "+dir)
	return dir
}

// GridDir returns the directory of the grid fixture: a 3×2 grid of 1 km
// squares and an island across a river, in British National Grid.
func GridDir(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(Root(tb), "testdata", "grid")
}

// GridAtlasFile is the grid fixture's atlas, as the importer builds it.
// ingest's tests check it against a fresh import and regenerate it with
// -update.
const GridAtlasFile = "grid.atlas"

// Grid returns the grid fixture's atlas, read from its atlas file.
func Grid(tb testing.TB) *footprint.Atlas {
	tb.Helper()
	a, err := footprint.ReadAtlas(filepath.Join(GridDir(tb), GridAtlasFile))
	if err != nil {
		tb.Fatalf("grid atlas: %v (regenerate with go test ./footprint/ingest -run TestGridAtlasFile -update)", err)
	}
	return a
}

// Plan reads a plan written as JSON, as `footprint export --format json`
// writes it, and checks it against the atlas.
func Plan(tb testing.TB, a *footprint.Atlas, js string) *footprint.Plan {
	tb.Helper()
	p := footprint.NewPlan("")
	dec := json.NewDecoder(bytes.NewReader([]byte(js)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		tb.Fatalf("plan JSON: %v", err)
	}
	if p.Assign == nil {
		p.Assign = map[string]string{}
	}
	p.Normalize()
	if err := p.Check(a); err != nil {
		tb.Fatalf("plan: %v", err)
	}
	return p
}

// Clone returns a deep copy of a plan.
func Clone(p *footprint.Plan) *footprint.Plan { return p.Clone() }

// CopyGrid copies the grid fixture to a temporary directory, applying
// edits: file name to a function of its contents. A function returning
// Delete leaves the file out. It returns the directory.
func CopyGrid(tb testing.TB, edits map[string]func(string) string) string {
	tb.Helper()
	dir := tb.TempDir()
	entries, err := os.ReadDir(GridDir(tb))
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == GridAtlasFile {
			continue
		}
		data, err := os.ReadFile(filepath.Join(GridDir(tb), e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		s := string(data)
		if fn, ok := edits[e.Name()]; ok {
			if s = fn(s); s == Delete {
				continue
			}
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// Delete, returned by an edit of CopyGrid, leaves the file out.
const Delete = "\x00delete"

// GridPlanT is plan T on the grid fixture, in JSON. In the grid, row 0 is
// E01000001-3 and row 1 is E01000004-6, 1 km squares; E01000007 is an
// island north of E01000004 across a river. Residents are 1000, 1500,
// 2000, 1200, 1300, 1700 and 800. Plan T has a = {1, 4, 5} (3,500),
// b = {2, 3, 6} (5,200) and c = {7} (800), with a band of 1,000-5,000.
const GridPlanT = `{"name": "T", "places": [], "settings": {"band_min": 1000, "band_max": 5000, "pcn_aligned": 0.75, "pcn_realign": 0.5, "significant_share": 0.1, "low_containment": 0.6},
 "footprints": [{"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"}, {"id": "c", "name": "Island"}],
 "assignments": {"E01000001": "a", "E01000004": "a", "E01000005": "a", "E01000002": "b", "E01000003": "b", "E01000006": "b", "E01000007": "c"}}`

// Scorer returns a scorer for plan p on atlas a, failing the test if the
// plan does not check.
func Scorer(tb testing.TB, a *footprint.Atlas, p *footprint.Plan) *score.Scorer {
	tb.Helper()
	s, err := score.NewScorer(a, p)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
