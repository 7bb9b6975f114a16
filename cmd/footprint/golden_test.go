package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden holds the CLI's documents on the grid fixture to golden
// files, byte for byte: the scores of the PCN and borough baselines,
// profiles, the GeoJSON and CSV exports, coverage, and a seeded design of
// every place. Regenerate them with go test ./cmd/footprint -run
// TestGolden -update, and review the diff.
func TestGolden(t *testing.T) {
	p := gridAtlasFile(t)
	dir := t.TempDir()
	pcn, borough := filepath.Join(dir, "pcn.csv"), filepath.Join(dir, "borough.csv")
	for kind, out := range map[string]string{"pcn": pcn, "borough": borough} {
		if code, _, errs := cli(t, "baseline", "--atlas", p, "--kind", kind, "--out", out); code != 0 {
			t.Fatalf("baseline %s: %s", kind, errs)
		}
	}
	geojson, csv := filepath.Join(dir, "pcn.geojson"), filepath.Join(dir, "pcn-export.csv")
	design := filepath.Join(dir, "design.csv")
	tests := []struct {
		name string
		args []string
		file string // the file the command writes, else its standard output
	}{
		{"score_pcn.json", []string{"score", "--atlas", p, "--json", pcn}, ""},
		{"score_borough.json", []string{"score", "--atlas", p, "--json", borough}, ""},
		{"score_pcn.txt", []string{"score", "--atlas", p, pcn}, ""},
		{"profile_pcn.json", []string{"profile", "--atlas", p, "--json", pcn}, ""},
		{"profile_pcn.csv", []string{"profile", "--atlas", p, "--csv", pcn}, ""},
		{"coverage_u00001.json", []string{"coverage", "--atlas", p, "--pcn", "U00001", "--json", pcn}, ""},
		{"export_pcn.geojson", []string{"export", "--atlas", p, "--out", geojson, pcn}, geojson},
		{"export_pcn.csv", []string{"export", "--atlas", p, "--format", "csv", "--out", csv, pcn}, csv},
		{"design_all.csv", []string{"design", "--atlas", p, "--all", "--seed", "1", "--band", "1000-5000", "--quiet", "--out", design}, design},
		{"compare.txt", []string{"compare", "--atlas", p, pcn, borough}, ""},
		{"compare.json", []string{"compare", "--atlas", p, "--json", pcn, borough}, ""},
		{"register_pcn.txt", []string{"register", "--atlas", p, pcn}, ""},
		{"register_borough.csv", []string{"register", "--atlas", p, "--csv", borough}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := cli(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			got := []byte(out)
			if tt.file != "" {
				var err error
				if got, err = os.ReadFile(tt.file); err != nil {
					t.Fatal(err)
				}
			}
			got = tempPaths.ReplaceAll(got, []byte("TMP/"))
			golden := filepath.Join("testdata", "golden", tt.name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from its golden file (run with -update and review the diff):\n%s", tt.name, got)
			}
		})
	}
}

// tempPaths matches the test's temporary directories in output.
var tempPaths = regexp.MustCompile(`/tmp/[^ "\n]*/`)
