package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
)

// cli runs the command line in-process.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// gridAtlasFile imports the fixture through the CLI.
func gridAtlasFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "grid.atlas")
	code, out, errs := cli(t, "import", "--manifest", "../../testdata/grid/manifest.json", "--data", "../../testdata/grid", "--out", p, "--json")
	if code != 0 {
		t.Fatalf("import exit %d: %s", code, errs)
	}
	var s footprint.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("import --json: %v\n%s", err, out)
	}
	if s.Units != 7 || s.Registrations.Patients != 3225 || s.Adjacency.Edges != 7 || s.Adjacency.Components != 2 {
		t.Fatalf("summary %+v", s)
	}
	for _, step := range []string{"LSOA boundaries", "registrations", "adjacency"} {
		if !strings.Contains(errs, step) {
			t.Errorf("progress does not show step %q:\n%s", step, errs)
		}
	}
	return p
}

func TestImportAndAtlas(t *testing.T) {
	p := gridAtlasFile(t)
	code, out, _ := cli(t, "atlas", "--atlas", p, "--json")
	var s map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &s) != nil {
		t.Fatalf("atlas --json: %d %s", code, out)
	}
	for _, key := range []string{"units", "population", "msoas", "wards", "boroughs", "places", "icbs", "practices", "pcns", "registrations", "adjacency"} {
		if _, ok := s[key]; !ok {
			t.Errorf("atlas --json has no key %q", key)
		}
	}
	reg := s["registrations"].(map[string]any)
	adj := s["adjacency"].(map[string]any)
	if reg["patients"] != 3225.0 || reg["outside_region"] != 90.0 || adj["edges"] != 7.0 || adj["components"] != 2.0 {
		t.Errorf("registrations %v adjacency edges %v components %v", reg, adj["edges"], adj["components"])
	}
	code, out, _ = cli(t, "atlas", "--atlas", p)
	if code != 0 || !strings.Contains(out, "Grid atlas") || !strings.Contains(out, "barrier: Grid river") {
		t.Errorf("atlas text: %s", out)
	}
}

func TestScoreAndBaseline(t *testing.T) {
	p := gridAtlasFile(t)
	dir := t.TempDir()
	plan := filepath.Join(dir, "pcn.csv")
	if code, _, errs := cli(t, "baseline", "--atlas", p, "--kind", "pcn", "--out", plan); code != 0 {
		t.Fatalf("baseline: %s", errs)
	}
	data, _ := os.ReadFile(plan)
	if !strings.HasPrefix(string(data), "lsoa21cd,footprint\nE01000001,U00001\n") || strings.Count(string(data), "\n") != 8 {
		t.Fatalf("baseline CSV:\n%s", data)
	}
	// Flags may follow the plan file.
	code, out, errs := cli(t, "score", "--atlas", p, plan, "--json")
	if code != 0 {
		t.Fatalf("score: %s", errs)
	}
	var sc footprint.Score
	if err := json.Unmarshal([]byte(out), &sc); err != nil {
		t.Fatal(err)
	}
	if sc.Plan.Footprints != 2 || len(sc.PCNs) != 3 || sc.Footprints[0].Name != "WEST GRID PCN" {
		t.Errorf("score %+v", sc.Plan)
	}
	code, out, _ = cli(t, "score", "--atlas", p, plan)
	if code != 0 || !strings.Contains(out, "PCNs: ") || !strings.Contains(out, "action: ") {
		t.Errorf("score text:\n%s", out)
	}
	jsonPlan := filepath.Join(dir, "borough.json")
	if code, _, errs := cli(t, "baseline", "--atlas", p, "--kind", "borough", "--out", jsonPlan); code != 0 {
		t.Fatal(errs)
	}
	if code, out, _ := cli(t, "score", "--atlas", p, jsonPlan, "--json"); code != 0 || !strings.Contains(out, `"name": "City"`) {
		t.Errorf("score of JSON plan: %d", code)
	}
}

// Errors exit non-zero with one line saying what and where.
func TestCLIErrors(t *testing.T) {
	p := gridAtlasFile(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("lsoa21cd,footprint\nE01000001,a\nE01999999,a\n"), 0o644)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"nope"}, 2, `footprint: unknown command "nope"`},
		{[]string{"import", "--out", filepath.Join(dir, "x.atlas"), "--manifest", "missing.json"}, 1, "footprint import: manifest missing.json: open missing.json: no such file or directory"},
		{[]string{"import"}, 1, "footprint import: --out is required"},
		{[]string{"atlas", "--atlas", bad}, 1, "not a Footprint atlas"},
		{[]string{"score", "--atlas", p, bad}, 1, `bad.csv:3: column lsoa21cd: unknown LSOA code "E01999999"`},
		{[]string{"score", "--atlas", p}, 1, "want one plan file"},
		{[]string{"baseline", "--atlas", p, "--kind", "ward"}, 1, `unknown baseline "ward"`},
	}
	for _, tt := range tests {
		code, _, errs := cli(t, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q on one line", tt.args, code, errs, tt.code, tt.want)
		}
	}
}

func TestCoverageAndExport(t *testing.T) {
	p := gridAtlasFile(t)
	dir := t.TempDir()
	plan := filepath.Join(dir, "b.csv")
	if code, _, errs := cli(t, "baseline", "--atlas", p, "--kind", "borough", "--out", plan); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := cli(t, "coverage", "--atlas", p, "--pcn", "U00001", plan)
	if code != 0 || !strings.Contains(out, "WEST GRID PCN (U00001)") || !strings.Contains(out, "home footprint E09000012") || !strings.Contains(out, "neighbouring PCNs") {
		t.Fatalf("coverage: %d %s %s", code, out, errs)
	}
	code, out, _ = cli(t, "coverage", "--atlas", p, "--practice", "A00005", "--json")
	var c footprint.Coverage
	if code != 0 || json.Unmarshal([]byte(out), &c) != nil || c.Kind != "practice" {
		t.Fatalf("coverage --json: %d %s", code, out)
	}
	for _, f := range []string{"geojson", "gpkg", "csv", "json"} {
		outFile := filepath.Join(dir, "plan."+f)
		if code, _, errs := cli(t, "export", "--atlas", p, plan, "--out", outFile); code != 0 {
			t.Fatalf("export %s: %s", f, errs)
		}
		back := filepath.Join(dir, "back-"+f+".csv")
		if code, _, errs := cli(t, "export", "--atlas", p, outFile, "--out", back); code != 0 {
			t.Fatalf("import %s: %s", f, errs)
		}
		a, _ := os.ReadFile(plan)
		b, _ := os.ReadFile(back)
		if string(a) != string(b) {
			t.Errorf("%s round trip:\n%s\nwant\n%s", f, b, a)
		}
	}
	if code, _, errs := cli(t, "coverage", "--atlas", p, "--pcn", "U99999"); code != 1 || !strings.Contains(errs, `no PCN or practice with code "U99999"`) {
		t.Errorf("unknown PCN: %d %s", code, errs)
	}
	if code, _, errs := cli(t, "export", "--atlas", p, plan, "--out", filepath.Join(dir, "x.shp")); code != 1 || !strings.Contains(errs, "unknown export format") {
		t.Errorf("unknown format: %d %s", code, errs)
	}
}

func TestProfileCommand(t *testing.T) {
	p := gridAtlasFile(t)
	plan := filepath.Join(t.TempDir(), "b.csv")
	cli(t, "baseline", "--atlas", p, "--kind", "borough", "--out", plan)
	code, out, errs := cli(t, "profile", "--atlas", p, plan)
	if code != 0 || !strings.Contains(out, "need-wtd") || !strings.Contains(out, "Census 2021 TS007B") || strings.Count(out, "E090000") != 3 || !strings.Contains(out, "Hackney") || strings.Contains(out, "City and Hackney") {
		t.Fatalf("profile: %d %s %s", code, out, errs)
	}
	code, out, _ = cli(t, "profile", "--atlas", p, plan, "--csv")
	if code != 0 || strings.Count(out, "\n") != 4 || !strings.HasPrefix(out, "id,name,") {
		t.Errorf("profile --csv: %s", out)
	}
	code, out, _ = cli(t, "profile", "--atlas", p, plan, "--json")
	var doc footprint.ProfileDoc
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Profiles) != 3 {
		t.Errorf("profile --json: %s", out)
	}
}

func TestDesignCommand(t *testing.T) {
	p := gridAtlasFile(t)
	out := filepath.Join(t.TempDir(), "d.csv")
	code, stdout, errs := cli(t, "design", "--atlas", p, "--all", "--band", "1500-5000", "--seed", "2", "--out", out)
	if code != 0 || !strings.Contains(stdout, "E09000002") || !strings.Contains(stdout, "steps/s") || !strings.Contains(errs, "places") {
		t.Fatalf("design: %d\n%s\n%s", code, stdout, errs)
	}
	first, _ := os.ReadFile(out)
	cli(t, "design", "--atlas", p, "--all", "--band", "1500-5000", "--seed", "2", "--out", out)
	again, _ := os.ReadFile(out)
	if string(first) != string(again) || !strings.HasPrefix(string(first), "lsoa21cd,footprint\n") {
		t.Errorf("the same seed gave another plan:\n%s\n%s", first, again)
	}
	repaired := filepath.Join(t.TempDir(), "r.csv")
	if code, _, errs := cli(t, "design", "--atlas", p, "--all", "--mode", "repair", "--plan", out, "--band", "1500-5000", "--out", repaired); code != 0 {
		t.Fatalf("repair: %s", errs)
	}
	for _, bad := range [][]string{{"design", "--atlas", p, "--out", out}, {"design", "--atlas", p, "--all", "--band", "x", "--out", out}, {"design", "--atlas", p, "--all", "--weights", "pcn=-1", "--out", out}} {
		if code, _, errs := cli(t, bad...); code != 1 || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: %d %q", bad, code, errs)
		}
	}
}
