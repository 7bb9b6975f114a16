package ingest_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

// unit1 is the exterior ring of E01000001 in the grid's lsoa.geojson.
const unit1 = `[[[530000,180000],[531000,180000],[531000,181000],[530000,181000],[530000,180000]]]`

// edit replaces the first old in a fixture file with new, failing loudly
// if the fixture has no old.
func edit(old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			panic("fixture has no " + old)
		}
		return strings.Replace(s, old, new, 1)
	}
}

// crsOf sets the CRS of the manifest layer whose file is file.
func crsOf(file, crs string) func(string) string {
	return func(s string) string {
		i := strings.Index(s, `"`+file+`"`)
		j := strings.Index(s[i:], `"EPSG:27700"`)
		if i < 0 || j < 0 {
			panic("manifest has no layer " + file + " with a CRS")
		}
		return s[:i+j] + `"` + crs + `"` + s[i+j+len(`"EPSG:27700"`):]
	}
}

// TestImportBadInput: bad geometry no repair can mend and bad numbers
// fail the import with one line naming the file, the row or feature (by
// number and code) and the problem.
func TestImportBadInput(t *testing.T) {
	lsoa := func(coords string) map[string]func(string) string {
		return map[string]func(string) string{"lsoa.geojson": edit(`"coordinates":`+unit1, `"coordinates":`+coords)}
	}
	tests := []struct {
		name  string
		edits map[string]func(string) string
		want  string
	}{
		{"empty geometry", lsoa(`[]`), "lsoa.geojson: feature 1 (E01000001): empty geometry"},
		{"empty ring", lsoa(`[[]]`), "lsoa.geojson: feature 1 (E01000001): ring has 0 points, want at least 4"},
		{"collinear", lsoa(`[[[530000,180000],[531000,180000],[532000,180000],[530000,180000]]]`), "lsoa.geojson: feature 1 (E01000001): invalid geometry (Self-intersection[531000 180000]) has no area once made valid"},
		{"northing out of range", lsoa(`[[[530000,180000],[531000,1e20],[531000,181000],[530000,180000]]]`), "lsoa.geojson: feature 1 (E01000001): northing 1e+20 is outside -100000 to 1400000"},
		{"short position", lsoa(`[[[530000],[531000,180000],[531000,181000],[530000,180000]]]`), "lsoa.geojson: feature 1 (E01000001): position has 1 numbers, want x and y"},
		{"longitude 500 in boundaries", map[string]func(string) string{"manifest.json": crsOf("river.geojson", "EPSG:4326"),
			"river.geojson": func(string) string {
				return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-0.1,51.5],[500,51.5],[500,51.6],[-0.1,51.5]]]}}]}`
			}}, "river.geojson: feature 1: longitude 500 is outside -180 to 180"},
		{"longitude 500 at a practice", map[string]func(string) string{"manifest.json": crsOf("practices.csv", "EPSG:4326"), "practices.csv": edit("530500,180500", "500,51.5")},
			"practices.csv:2: column EASTING: 500, 51.5: longitude 500 is outside -180 to 180"},
		{"easting out of range at a practice", map[string]func(string) string{"practices.csv": edit("530500,180500", "5305000000,180500")},
			"practices.csv:2: column EASTING: 5.305e+09, 180500: easting 5305000000 is outside -200000 to 800000"},
		{"centroid out of range", map[string]func(string) string{"centroids.csv": edit("E01000001,530400,180600", "E01000001,530400,-1e7")},
			"centroids.csv:2: column x: 530400, -1e+07: northing -10000000 is outside -100000 to 1400000"},
		{"huge population", map[string]func(string) string{"population.csv": edit("E01000002,1500,", "E01000002,3000000000,")}, "population.csv:3: column total: count 3000000000 is more than 2147483647"},
		{"huge age band", map[string]func(string) string{"population.csv": edit("E01000002,1500,100,", "E01000002,1500,2147483648,")}, "population.csv:3: column a0: count 2147483648 is more than 2147483647"},
		{"negative age band", map[string]func(string) string{"population.csv": edit("E01000002,1500,100,", "E01000002,1500,-100,")}, "population.csv:3: column a0: negative count -100"},
		{"huge list size", map[string]func(string) string{"list_sizes.csv": edit("A00001,ALL,ALL,900", "A00001,ALL,ALL,9000000000")}, "list_sizes.csv:2: column NUMBER_OF_PATIENTS: count 9000000000 is more than 2147483647"},
		{"negative list size", map[string]func(string) string{"list_sizes.csv": edit("A00001,ALL,ALL,900", "A00001,ALL,ALL,-900")}, "list_sizes.csv:2: column NUMBER_OF_PATIENTS: negative count -900"},
		{"huge registration count", map[string]func(string) string{"registrations.csv": edit("E01000001,ALL,500", "E01000001,ALL,3e9")}, "registrations.csv:2: column NUMBER_OF_PATIENTS: count 3e9 is more than 2147483647"},
		{"huge IMD rank", map[string]func(string) string{"imd.csv": edit("E01000001,10.5,7,20000", "E01000001,10.5,7,4294967296")}, "imd.csv:2: column rank: count 4294967296 is more than 2147483647"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := footprinttest.Import(t, footprinttest.CopyGrid(t, tt.edits))
			if err == nil {
				t.Fatalf("imported %d units, want error %q", len(a.Units), tt.want)
			}
			var fe *footprint.Error
			if !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") || !errors.As(err, &fe) || fe.Code != footprint.EInvalid {
				t.Fatalf("error %T %q\nwant an EInvalid *Error containing %q", err, err, tt.want)
			}
		})
	}
}

// TestImportMendsGeometry: a bowtie LSOA is made valid, an unclosed ring
// closed and Z values dropped, each with a warning naming the LSOA, and
// the unit keeps its known area (1 km² for the closed and 3D squares).
func TestImportMendsGeometry(t *testing.T) {
	tests := []struct {
		name, coords, kind string
		area               float64
	}{
		{"bowtie", `[[[530000,180000],[531000,181000],[531000,180000],[530000,181000],[530000,180000]]]`, "lsoa/invalid_geometry", 0.5e6},
		{"unclosed", `[[[530000,180000],[531000,180000],[531000,181000],[530000,181000]]]`, "lsoa/closed_rings", 1e6},
		{"3D", `[[[530000,180000,10],[531000,180000,10],[531000,181000,12],[530000,181000,11],[530000,180000,10]]]`, "lsoa/dropped_zm", 1e6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := footprinttest.CopyGrid(t, map[string]func(string) string{"lsoa.geojson": edit(`"coordinates":`+unit1, `"coordinates":`+tt.coords)})
			a, err := footprinttest.Import(t, dir)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, w := range a.Report.Warnings {
				if w.Layer+"/"+w.Kind == tt.kind {
					found = w.Count == 1 && strings.HasPrefix(w.Examples[0], "E01000001")
				}
			}
			if !found {
				t.Errorf("no %s warning for E01000001: %+v", tt.kind, a.Report.Warnings)
			}
			u, _ := a.UnitIndex("E01000001")
			if !approx(a.Units[u].AreaM2, tt.area) {
				t.Errorf("area %v, want %v", a.Units[u].AreaM2, tt.area)
			}
		})
	}
}
