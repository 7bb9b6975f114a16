package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOutSafety: --out writes regular files atomically, refuses to replace
// a device, directory, symbolic link or named pipe, and "-" is stdout.
func TestOutSafety(t *testing.T) {
	p := gridAtlasFile(t)
	dir := t.TempDir()
	plan := filepath.Join(dir, "pcn.csv")
	if code, _, errs := cli(t, "baseline", "--atlas", p, "--kind", "pcn", "--out", plan); code != 0 {
		t.Fatal(errs)
	}
	target := filepath.Join(dir, "target.csv")
	os.WriteFile(target, []byte("precious"), 0o644)
	link := filepath.Join(dir, "link.csv")
	os.Symlink(target, link)
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub.csv")
	os.Mkdir(sub, 0o755)
	tests := []struct {
		name string
		out  string
		want string // in the one error line; "" for success
	}{
		{"a device", "/dev/full", "it is a device"},
		{"a directory", sub, "it is a directory"},
		{"a symbolic link", link, "it is a symbolic link"},
		{"a named pipe", fifo, "it is a named pipe"},
		{"no such directory", filepath.Join(dir, "nope", "x.csv"), "no directory"},
		{"a regular file is replaced", filepath.Join(dir, "new.csv"), ""},
	}
	for _, tt := range tests {
		for _, cmd := range [][]string{
			{"export", "--atlas", p, "--format", "csv", "--out", tt.out, plan},
			{"baseline", "--atlas", p, "--kind", "borough", "--out", tt.out},
			{"design", "--atlas", p, "--all", "--band", "1000-5000", "--quiet", "--out", tt.out},
			{"import", "--manifest", "../../testdata/grid/manifest.json", "--data", "../../testdata/grid", "--quiet", "--out", tt.out},
		} {
			t.Run(tt.name+"/"+cmd[0], func(t *testing.T) {
				code, _, errs := cli(t, cmd...)
				if tt.want == "" {
					if code != 0 {
						t.Fatalf("exit %d: %s", code, errs)
					}
					return
				}
				if code != 1 || !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
					t.Errorf("exit %d, stderr %q: want one line with %q", code, errs, tt.want)
				}
			})
		}
	}
	if data, _ := os.ReadFile(target); string(data) != "precious" {
		t.Errorf("the symbolic link's target was overwritten: %q", data)
	}
	if info, err := os.Lstat("/dev/full"); err != nil || info.Mode()&os.ModeDevice == 0 {
		t.Errorf("/dev/full is no longer a device")
	}
	// "-" is standard output.
	code, out, errs := cli(t, "export", "--atlas", p, "--format", "csv", "--out", "-", plan)
	if code != 0 || !strings.HasPrefix(out, "lsoa21cd,footprint\n") {
		t.Errorf("export --out -: %d %q %s", code, out, errs)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf(`--out - wrote a file named "-"`)
	}
	code, out, _ = cli(t, "export", "--atlas", p, "--format", "gpkg", "--out", "-", plan)
	if code != 0 || !strings.HasPrefix(out, "SQLite format 3\x00") {
		t.Errorf("GeoPackage to standard output: %d, %d bytes", code, len(out))
	}
}
