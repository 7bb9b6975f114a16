package footprint_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// listed is what `go list -json` says of a package.
type listed struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// goList lists the packages matching patterns.
func goList(t *testing.T, patterns ...string) []listed {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-json"}, patterns...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	var pkgs []listed
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

const module = "github.com/nhs-footprint/footprint"

// TestLayout holds the packages to the layout the README describes: the
// root package is vocabulary and imports none of its subpackages; the
// domain never imports HTTP or SQL; scoring, flags and design are pure Go.
func TestLayout(t *testing.T) {
	for _, p := range goList(t, "./...") {
		for _, imp := range p.Imports {
			if imp == "github.com/labstack/echo/v4" || imp == "database/sql" {
				t.Errorf("%s imports %s: the domain never imports HTTP or SQL", p.ImportPath, imp)
			}
		}
		if p.ImportPath == module+"/footprint" {
			for _, d := range p.Deps {
				if strings.HasPrefix(d, module+"/footprint/") {
					t.Errorf("the root package depends on its subpackage %s", d)
				}
			}
		}
	}
	pure := []string{".", "./score", "./flags", "./design", "./coverage", "./profile", "./baseline", "./colour"}
	for _, p := range goList(t, pure...) {
		for _, d := range p.Deps {
			if d == "runtime/cgo" || strings.Contains(d, "go-geos") || strings.Contains(d, "go-proj") || strings.Contains(d, "go-sqlite3") {
				t.Errorf("%s depends on %s: it must build without cgo", p.ImportPath, d)
			}
		}
	}
}
