package planfile_test

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/planfile"
	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/gpkg"
	"github.com/paulmach/orb"
)

// bngCollection is a GeoJSON FeatureCollection in British National Grid
// of one feature with id A and the given geometry.
func bngCollection(geom string) string {
	return `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[` +
		`{"type":"Feature","properties":{"id":"A"},"geometry":` + geom + `}]}`
}

// poly is a GeoJSON Polygon of the given rings.
func poly(rings string) string { return `{"type":"Polygon","coordinates":` + rings + `}` }

// Polygons of the 3x2 grid (x 530000 to 533000, y 180000 to 182000).
const (
	westSquare = `[[[530000,180000],[531000,180000],[531000,182000],[530000,182000],[530000,180000]]]`
	// bowtie crosses itself at (531250, 181250); make-valid gives its
	// two triangles.
	bowtie    = `[[[529000,179000],[533500,183500],[533500,179000],[529000,183500],[529000,179000]]]`
	triangles = `[[[[529000,179000],[531250,181250],[529000,183500],[529000,179000]]],[[[533500,179000],[533500,183500],[531250,181250],[533500,179000]]]]`
)

// TestReadPolygonsRepaired: bad geometry that a GIS user expects to be
// mended gives the same plan as the mended geometry, and the report
// counts what was mended.
func TestReadPolygonsRepaired(t *testing.T) {
	a := footprinttest.Grid(t)
	tests := []struct {
		name, bad, good   string
		repaired          string // prefix of the one Repaired entry, if any
		closed, droppedZM int
	}{
		{"bowtie", poly(bowtie), `{"type":"MultiPolygon","coordinates":` + triangles + `}`, "A: Self-intersection", 0, 0},
		{"unclosed square", poly(`[[[530000,180000],[531000,180000],[531000,182000],[530000,182000]]]`), poly(westSquare), "", 1, 0},
		{"unclosed bowtie", poly(`[[[529000,179000],[533500,183500],[533500,179000],[529000,183500]]]`), `{"type":"MultiPolygon","coordinates":` + triangles + `}`, "A: Self-intersection", 1, 0},
		{"3D", poly(`[[[530000,180000,5],[531000,180000,5],[531000,182000,6],[530000,182000,7],[530000,180000,5]]]`), poly(westSquare), "", 0, 1},
		{"ZM", poly(`[[[530000,180000,5,1],[531000,180000,5,2],[531000,182000,6,3],[530000,182000,7,4],[530000,180000,5,5]]]`), poly(westSquare), "", 0, 1},
		{"collapsed part", `{"type":"MultiPolygon","coordinates":[` + westSquare + `,[[[532500,181500],[532500,181500],[532500,181500],[532500,181500]]]]}`, poly(westSquare), "A: Too few points", 0, 0},
		{"spike", poly(`[[[530000,180000],[531000,180000],[531000,182000],[530500,182000],[530500,183000],[530500,182000],[530000,182000],[530000,180000]]]`), poly(westSquare), "A: Ring Self-intersection", 0, 0},
		{"overlapping parts", `{"type":"MultiPolygon","coordinates":[[[[530000,180000],[531000,180000],[531000,182000],[530000,182000],[530000,180000]]],[[[530500,180000],[532000,180000],[532000,181000],[530500,181000],[530500,180000]]]]}`,
			poly(`[[[530000,180000],[532000,180000],[532000,181000],[531000,181000],[531000,182000],[530000,182000],[530000,180000]]]`), "A: Self-intersection", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, _, err := planfile.Read(context.Background(), a, "good.geojson", []byte(bngCollection(tt.good)), planfile.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, rep, err := planfile.Read(context.Background(), a, "bad.geojson", []byte(bngCollection(tt.bad)), planfile.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got.Assign, want.Assign) || len(got.Assign) == 0 {
				t.Errorf("assignments %v, want %v", got.Assign, want.Assign)
			}
			if (tt.repaired == "") != (len(rep.Repaired) == 0) || tt.repaired != "" && (len(rep.Repaired) != 1 || !strings.HasPrefix(rep.Repaired[0], tt.repaired)) {
				t.Errorf("repaired %q, want %q", rep.Repaired, tt.repaired)
			}
			if rep.ClosedRings != tt.closed || rep.DroppedZM != tt.droppedZM {
				t.Errorf("closed %d dropped %d, want %d and %d", rep.ClosedRings, rep.DroppedZM, tt.closed, tt.droppedZM)
			}
			if len(rep.Notes()) != min(1, len(rep.Repaired))+min(1, rep.ClosedRings)+min(1, rep.DroppedZM) {
				t.Errorf("notes %q", rep.Notes())
			}
		})
	}
}

// TestReadPolygonsRejected: geometry no repair can mend is an EInvalid
// error whose one line names the file and the feature, by number and id.
func TestReadPolygonsRejected(t *testing.T) {
	a := footprinttest.Grid(t)
	wgs := func(geom string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"A"},"geometry":` + geom + `}]}`
	}
	tests := []struct{ name, data, want string }{
		{"empty", bngCollection(poly(`[]`)), "x.geojson: feature 1 (A): empty geometry"},
		{"empty multipolygon", bngCollection(`{"type":"MultiPolygon","coordinates":[]}`), "x.geojson: feature 1 (A): empty geometry"},
		{"empty ring", bngCollection(poly(`[[]]`)), "x.geojson: feature 1 (A): ring has 0 points, want at least 4"},
		{"no geometry", bngCollection(`null`), "x.geojson: feature 1 (A): feature has no geometry"},
		{"two points", bngCollection(poly(`[[[530000,180000],[531000,180000]]]`)), "x.geojson: feature 1 (A): ring has 3 points, want at least 4"},
		{"collinear", bngCollection(poly(`[[[530000,180000],[531000,180000],[532000,180000],[530000,180000]]]`)), "x.geojson: feature 1 (A): invalid geometry (Self-intersection[531000 180000]) has no area once made valid"},
		{"longitude 500", wgs(poly(`[[[-0.1,51.5],[500,51.5],[500,51.6],[-0.1,51.5]]]`)), "x.geojson: feature 1 (A): coordinates are not longitude and latitude (longitude 500 is outside -180 to 180)"},
		{"latitude -91", wgs(poly(`[[[-0.1,-91],[0,51.5],[0,51.6],[-0.1,-91]]]`)), "x.geojson: feature 1 (A): coordinates are not longitude and latitude (latitude -91 is outside -90 to 90)"},
		{"northing out of range", bngCollection(poly(`[[[530000,180000],[531000,1e20],[531000,182000],[530000,180000]]]`)), "x.geojson: feature 1 (A): northing 1e+20 is outside -100000 to 1400000"},
		{"short position", bngCollection(poly(`[[[530000],[531000,180000],[531000,182000],[530000,180000]]]`)), "x.geojson: feature 1 (A): position has 1 numbers, want x and y"},
		{"null coordinate", bngCollection(poly(`[[[530000,null],[531000,180000],[531000,182000],[530000,180000]]]`)), "x.geojson: feature 1 (A): coordinate is not a number"},
		{"huge coordinate", bngCollection(poly(`[[[530000,1e400],[531000,180000],[531000,182000],[530000,180000]]]`)), "x.geojson: feature 1 (A): coordinate 1e400 is not a finite number"},
		{"string coordinate", bngCollection(poly(`[[["530000",180000],[531000,180000],[531000,182000],[530000,180000]]]`)), "x.geojson: feature 1 (A): coordinate is not a number"},
		{"not a feature", strings.Replace(bngCollection(poly(westSquare)), `"type":"Feature",`, `"type":"Thing",`, 1), `x.geojson: feature 1 (A): type is "Thing", want Feature`},
		{"trailing data", bngCollection(poly(westSquare)) + `{}`, "x.geojson: not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := planfile.Read(context.Background(), a, "x.geojson", []byte(tt.data), planfile.Options{})
			if err == nil || footprint.Code(err) != footprint.EInvalid || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestReadGeoPackageRepaired reads bad polygons from GeoPackages: a bowtie
// is repaired, an unclosed ring closed, and a longitude of 500 refused.
func TestReadGeoPackageRepaired(t *testing.T) {
	a := footprinttest.Grid(t)
	write := func(srs int, mp orb.MultiPolygon) []byte {
		p := filepath.Join(t.TempDir(), "t.gpkg")
		err := gpkg.Write(p, []gpkg.Table{{Name: "footprints", SRS: srs, Fields: []gpkg.Field{{Name: "id", Type: "TEXT"}}, Rows: [][]any{{"A"}}, Geoms: []orb.MultiPolygon{mp}}})
		if err != nil {
			t.Fatal(err)
		}
		return readFile(t, p)
	}
	bow := orb.MultiPolygon{{{{529000, 179000}, {533500, 183500}, {533500, 179000}, {529000, 183500}, {529000, 179000}}}}
	_, rep, err := planfile.Read(context.Background(), a, "bow.gpkg", write(27700, bow), planfile.Options{})
	if err != nil || len(rep.Repaired) != 1 || !strings.HasPrefix(rep.Repaired[0], "A: Self-intersection") {
		t.Fatalf("bowtie: %v %+v", err, rep)
	}
	open := orb.MultiPolygon{{{{530000, 180000}, {531000, 180000}, {531000, 182000}, {530000, 182000}}}}
	p, rep, err := planfile.Read(context.Background(), a, "open.gpkg", write(27700, open), planfile.Options{})
	if err != nil || rep.ClosedRings != 1 || !maps.Equal(p.Assign, map[string]string{"E01000001": "A", "E01000004": "A"}) {
		t.Fatalf("unclosed: %v %+v %v", err, rep, p)
	}
	far := orb.MultiPolygon{{{{-0.1, 51.5}, {500, 51.5}, {500, 51.6}, {-0.1, 51.5}}}}
	_, _, err = planfile.Read(context.Background(), a, "far.gpkg", write(4326, far), planfile.Options{})
	if want := "far.gpkg: feature 1 (A): coordinates are not longitude and latitude (longitude 500 is outside -180 to 180)"; err == nil || !strings.HasPrefix(err.Error(), want) || footprint.Code(err) != footprint.EInvalid {
		t.Fatalf("got %v, want %q", err, want)
	}
}

// readFile returns a file's bytes, failing the test if it cannot.
func readFile(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadUnitsGeoJSON feeds back GeoJSON as GET /api/units writes it
// (numeric ids, coordinates to 5 decimals) with two units spoiled as the
// London layer's 8 invalid LSOAs are: one ring crosses itself, and one
// part has collapsed to a point. The plan reads, with both repaired.
func TestReadUnitsGeoJSON(t *testing.T) {
	a := footprinttest.Grid(t)
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := range a.Units {
		mp := a.Units[i].Geom
		switch i {
		case 1: // the last edge crosses the first near a corner
			r := mp.Bound()
			mp = orb.MultiPolygon{{{r.Min, {r.Max[0], r.Min[1]}, r.Max, {r.Min[0], r.Max[1]}, {r.Min[0] + 100, r.Min[1] - 100}, r.Min}}}
		case 4: // an extra part collapsed to one point
			c := a.Units[i].Centroid
			mp = append(mp, orb.Polygon{{c, c, c, c}})
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"type":"Feature","id":` + strconv.Itoa(i) + `,"properties":{"code":"` + a.Units[i].Code + `"},"geometry":`)
		b.Write(geojson.AppendMultiPolygon(nil, mp, 5))
		b.WriteByte('}')
	}
	b.WriteString("]}")
	p, rep, err := planfile.Read(context.Background(), a, "units.geojson", []byte(b.String()), planfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Repaired) != 2 || !strings.HasPrefix(rep.Repaired[0], "f2: Self-intersection") || !strings.HasPrefix(rep.Repaired[1], "f5: Too few points") {
		t.Errorf("repaired %q", rep.Repaired)
	}
	if len(p.Assign) != len(a.Units) {
		t.Errorf("%d of %d units assigned: %v", len(p.Assign), len(a.Units), p.Assign)
	}
}
