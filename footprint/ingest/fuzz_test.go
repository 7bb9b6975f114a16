package ingest_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/ingest"
)

// fuzzImportFile fuzzes one file of the grid fixture, seeded with the
// file itself and with seeds (each an edit of it): import must give an
// atlas whose counts are sane or an EInvalid *Error with a one-line
// message, and never panic.
func fuzzImportFile(f *testing.F, file string, seeds ...func(string) string) {
	data, err := os.ReadFile(filepath.Join(footprinttest.GridDir(f), file))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	for _, s := range seeds {
		f.Add(s(string(data)))
	}
	dir := footprinttest.CopyGrid(f, nil)
	m, err := ingest.ReadManifest(filepath.Join(dir, "manifest.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := ingest.Import(m, dir, nil)
		if err != nil {
			var fe *footprint.Error
			if !errors.As(err, &fe) || fe.Code != footprint.EInvalid || err.Error() == "" || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %T (code %s) is not a one-line EInvalid *Error: %q", err, footprint.Code(err), err)
			}
			return
		}
		var total int64
		for _, u := range a.Units {
			if u.Pop < 0 || u.AreaM2 <= 0 {
				t.Fatalf("unit %s: population %d, area %v", u.Code, u.Pop, u.AreaM2)
			}
			total += int64(u.Pop)
		}
		if s := a.Summary(); s.Population != total {
			t.Fatalf("summary population %d, units sum to %d", s.Population, total)
		}
		for _, p := range a.Practices {
			if p.ListSize < 0 || p.HasLoc && (p.Loc[0] < -180 || p.Loc[0] > 180 || p.Loc[1] < -90 || p.Loc[1] > 90) {
				t.Fatalf("practice %s: list size %d, site %v", p.Code, p.ListSize, p.Loc)
			}
		}
	})
}

// FuzzImportPopulation fuzzes the population table.
func FuzzImportPopulation(f *testing.F) {
	fuzzImportFile(f, "population.csv",
		edit("E01000002,1500,", "E01000002,3000000000,"),
		edit("E01000002,1500,100,", "E01000002,1500,-100,"),
		edit("E01000002,1500,100,", "E01000002,1500,2147483647,"),
		edit("E01000002,1500,", "E01000002,1e308,"),
		edit("E01000002,1500,", "E01000002,NaN,"))
}

// FuzzImportPractices fuzzes the practice list, with its coordinates.
func FuzzImportPractices(f *testing.F) {
	fuzzImportFile(f, "practices.csv",
		edit("530500,180500", "500,51.5"),
		edit("530500,180500", "5305000000,180500"),
		edit("530500,180500", "-Inf,180500"),
		edit("530500,180500", ","))
}

// FuzzImportListSizes fuzzes the list sizes.
func FuzzImportListSizes(f *testing.F) {
	fuzzImportFile(f, "list_sizes.csv",
		edit("A00001,ALL,ALL,900", "A00001,ALL,ALL,9000000000"),
		edit("A00001,ALL,ALL,900", "A00001,ALL,ALL,-900"))
}

// FuzzImportBoundaries fuzzes the LSOA boundaries.
func FuzzImportBoundaries(f *testing.F) {
	to := func(coords string) func(string) string { return edit(`"coordinates":`+unit1, `"coordinates":`+coords) }
	fuzzImportFile(f, "lsoa.geojson",
		to(`[[[530000,180000],[531000,181000],[531000,180000],[530000,181000],[530000,180000]]]`), // bowtie
		to(`[[[530000,180000],[531000,180000],[531000,181000],[530000,181000]]]`),                 // unclosed
		to(`[]`), // empty
		to(`[[[530000,180000,5],[531000,180000,5],[531000,181000,5],[530000,180000,5]]]`), // 3D
		to(`[[[530000,180000],[531000,1e20],[531000,181000],[530000,180000]]]`),           // out of range
		to(`[[[530000,180000],[531000,180000],[532000,180000],[530000,180000]]]`),         // collinear
		func(s string) string { return s + "{}" })                                         // trailing data
}
