package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/planfile"
)

// design --options N --out DIR writes each option's plan, readable as a
// plan file, and prints every option's scorecard; bad option counts,
// options outside propose and a file for DIR are refused before work.
func TestDesignOptionsCommand(t *testing.T) {
	p := gridAtlasFile(t)
	a, err := footprint.ReadAtlas(p)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	code, stdout, errs := cli(t, "design", "--atlas", p, "--all", "--band", "1500-5000", "--seed", "1", "--options", "3", "--quiet", "--out", dir)
	if code != 0 {
		t.Fatalf("design --options 3: %d\n%s\n%s", code, stdout, errs)
	}
	for _, name := range []string{"alignment-first", "balanced", "communities-first"} {
		f, err := os.Open(filepath.Join(dir, name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		plan, err := planfile.ReadJSON(a, name, f)
		f.Close()
		if err != nil || len(plan.Assign) == 0 {
			t.Errorf("%s: %v, %d LSOAs", name, err, len(plan.Assign))
		}
	}
	for _, title := range []string{"Alignment first", "Balanced", "Communities first", "Polsby-Popper mean"} {
		if !strings.Contains(stdout, title) {
			t.Errorf("no %q in the report:\n%s", title, stdout)
		}
	}
	one := t.TempDir()
	if code, _, errs := cli(t, "design", "--atlas", p, "--all", "--band", "1500-5000", "--options", "1", "--quiet", "--out", one); code != 0 {
		t.Fatalf("design --options 1: %s", errs)
	}
	if entries, _ := os.ReadDir(one); len(entries) != 1 || entries[0].Name() != "balanced.json" {
		t.Errorf("--options 1 wrote %v, want balanced.json alone", entries)
	}
	file := filepath.Join(dir, "balanced.json")
	for _, bad := range [][]string{
		{"design", "--atlas", p, "--all", "--options", "4", "--out", dir},
		{"design", "--atlas", p, "--all", "--options", "-1", "--out", dir},
		{"design", "--atlas", p, "--all", "--mode", "from-pcn", "--options", "2", "--out", dir},
		{"design", "--atlas", p, "--all", "--options", "2", "--out", file},
		{"design", "--atlas", p, "--all", "--weights", "ward=x", "--out", file},
		{"design", "--atlas", p, "--all", "--weights", "cut=1", "--out", file},
	} {
		if code, _, errs := cli(t, bad...); code != 1 || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: %d %q", bad, code, errs)
		}
	}
}
