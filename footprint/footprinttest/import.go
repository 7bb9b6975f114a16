//go:build cgo

package footprinttest

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/ingest"
)

var london struct {
	once  sync.Once
	atlas *footprint.Atlas
	err   error
}

// London returns the real London atlas, imported once per test binary
// from ../shared/data with data/london.json. Without the data the test
// skips, or fails under CI=true. The atlas is shared: tests must not
// change it.
func London(tb testing.TB) *footprint.Atlas {
	tb.Helper()
	dir := SharedData(tb)
	manifest := filepath.Join(Root(tb), "data", "london.json")
	london.once.Do(func() {
		m, err := ingest.ReadManifest(manifest)
		if err != nil {
			london.err = err
			return
		}
		london.atlas, london.err = ingest.Import(m, dir, nil)
	})
	if london.err != nil {
		tb.Fatal(london.err)
	}
	return london.atlas
}

// Import imports the dataset in dir, laid out as the grid fixture is, with
// its manifest.json.
func Import(tb testing.TB, dir string) (*footprint.Atlas, error) {
	tb.Helper()
	m, err := ingest.ReadManifest(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	return ingest.Import(m, dir, nil)
}

// LondonBaseline returns the London atlas and its baseline plan of a
// kind over every place.
func LondonBaseline(tb testing.TB, kind baseline.Kind) (*footprint.Atlas, *footprint.Plan) {
	tb.Helper()
	a := London(tb)
	p, err := baseline.Build(a, kind, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return a, p
}
