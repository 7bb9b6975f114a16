package geojson

import (
	"errors"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/planar"
)

// wgs84 and bng are proj.WGS84 and proj.BNG, spelled out so that this
// package tests without cgo.
const (
	wgs84 = "EPSG:4326"
	bng   = "EPSG:27700"
)

func TestParsePolygons(t *testing.T) {
	data := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[
	{"type":"Feature","properties":{"code":"A","n":12},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}},
	{"type":"Feature","properties":{"code":"B"},"geometry":{"type":"MultiPolygon","coordinates":[[[[3,0],[4,0],[4,1],[3,0]]],[[[5,0],[6,0],[6,1],[5,0]]]]}}]}`
	c, err := ParsePolygons("t.geojson", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if CRSName(c.CRS) != bng {
		t.Errorf("CRS %q read as %q, want %s", c.CRS, CRSName(c.CRS), bng)
	}
	if len(c.Features) != 2 || len(c.Features[0].Geometry) != 1 || len(c.Features[1].Geometry) != 2 {
		t.Fatalf("features not read as multipolygons: %+v", c.Features)
	}
	if got := c.Features[0].Prop("n"); got != "12" {
		t.Errorf("numeric property read as %q", got)
	}
	if got := planar.Area(c.Features[0].Geometry); got != 4 {
		t.Errorf("area %v, want 4", got)
	}
}

func TestParsePolygonsErrors(t *testing.T) {
	feature := func(geom string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},{"type":"Feature","properties":{},"geometry":` + geom + `}]}`
	}
	tests := []struct{ name, data, want string }{
		{"not json", `{"type":`, "t.geojson: not valid JSON"},
		{"not a collection", `{"type":"Feature"}`, `t.geojson: GeoJSON type is "Feature", want FeatureCollection`},
		{"point", feature(`{"type":"Point","coordinates":[0,0]}`), "t.geojson: feature 2: geometry is Point, want Polygon or MultiPolygon"},
		{"no geometry", feature(`null`), "t.geojson: feature 2: feature has no geometry"},
		{"short ring", feature(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`), "t.geojson: feature 2: ring has 3 points"},
		{"unclosed two points", feature(`{"type":"Polygon","coordinates":[[[0,0],[1,0]]]}`), "t.geojson: feature 2: ring has 3 points"},
		{"empty", feature(`{"type":"Polygon","coordinates":[]}`), "t.geojson: feature 2: empty geometry"},
		{"empty part", feature(`{"type":"MultiPolygon","coordinates":[[]]}`), "t.geojson: feature 2: polygon 1 is empty"},
		{"no coordinates", feature(`{"type":"Polygon"}`), "t.geojson: feature 2: coordinates: want an array of rings"},
		{"one number", feature(`{"type":"Polygon","coordinates":[[[0],[1,0],[1,1],[0,0]]]}`), "t.geojson: feature 2: position has 1 numbers, want x and y"},
		{"null", feature(`{"type":"Polygon","coordinates":[[[0,null],[1,0],[1,1],[0,0]]]}`), "t.geojson: feature 2: coordinate is not a number"},
		{"overflow", feature(`{"type":"Polygon","coordinates":[[[0,1e999],[1,0],[1,1],[0,0]]]}`), "t.geojson: feature 2: coordinate 1e999 is not a finite number"},
		{"flat ring", feature(`{"type":"Polygon","coordinates":[[0,0],[1,0],[1,1],[0,0]]}`), "t.geojson: feature 2: coordinates: want an array of numbers"},
		{"not a feature", strings.Replace(feature(`null`), `"type":"Feature"`, `"type":"Point"`, 1), `t.geojson: feature 1: type is "Point", want Feature`},
		{"bad features", `{"type":"FeatureCollection","features":{}}`, "t.geojson: bad GeoJSON"},
		{"trailing data", feature(`null`) + ` []`, "t.geojson: not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolygons("t.geojson", []byte(tt.data))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestParsePolygonsMends: rings that are not closed are closed, and Z
// and M values dropped, each recorded in the feature; ids come from the
// first id property a feature has, else its "id" member.
func TestParsePolygonsMends(t *testing.T) {
	data := `{"type":"FeatureCollection","features":[
	{"type":"Feature","id":7,"properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}},
	{"type":"Feature","id":"x","properties":{"code":"B"},"geometry":{"type":"Polygon","coordinates":[[[0,0,9],[2,0,9],[2,2,9],[0,2,9],[0,0,9]]]}},
	{"type":"Feature","properties":{"code":"C"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0,1,2],[3,0,1,2],[0,3,1,2]]]]}}]}`
	c, err := ParsePolygons("t.geojson", []byte(data), "code")
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		id     string
		area   float64
		closed int
		zm     bool
	}{{"7", 1, 1, false}, {"B", 4, 0, true}, {"C", 4.5, 1, true}} {
		f := c.Features[i]
		if f.ID != want.id || planar.Area(f.Geometry) != want.area || f.ClosedRings != want.closed || f.DroppedZM != want.zm {
			t.Errorf("feature %d: id %q area %v closed %d zm %v, want %+v", i+1, f.ID, planar.Area(f.Geometry), f.ClosedRings, f.DroppedZM, want)
		}
	}
	_, err = ParsePolygons("t.geojson", []byte(strings.Replace(data, `[[[0,0],[1,0],[1,1],[0,1]]]`, `[[[0,0],[1,0]]]`, 1)), "code")
	var re *geo.RowError
	if !errors.As(err, &re) || err.Error() != "t.geojson: feature 1 (7): ring has 3 points, want at least 4" {
		t.Errorf("short ring: %v", err)
	}
}

func TestCRSName(t *testing.T) {
	for in, want := range map[string]string{"": wgs84, "OGC:CRS84": wgs84, "urn:ogc:def:crs:OGC:1.3:CRS84": wgs84, "EPSG:4326": wgs84,
		"urn:ogc:def:crs:EPSG::27700": bng, "epsg:27700": bng, "EPSG:3857": "EPSG:3857"} {
		if got := CRSName(in); got != want {
			t.Errorf("CRSName(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParsePolygons: arbitrary bytes give polygons or a *RowError, never a
// panic.
func FuzzParsePolygons(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}`))
	for _, geom := range []string{
		`{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}`,           // bowtie
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`,                 // unclosed
		`{"type":"Polygon","coordinates":[]}`,                                          // empty
		`{"type":"Polygon","coordinates":[[]]}`,                                        // empty ring
		`{"type":"Polygon","coordinates":[[[0,0,1],[1,0,1],[1,1,1],[0,0,1]]]}`,         // 3D
		`{"type":"Polygon","coordinates":[[[0,0,1,2],[1,0,1,2],[1,1,1,2],[0,0,1,2]]]}`, // ZM
		`{"type":"Polygon","coordinates":[[[0,0],[500,0],[500,1],[0,0]]]}`,             // longitude 500
		`{"type":"Polygon","coordinates":[[[0,1e999],[1,0],[1,1],[0,0]]]}`,             // overflow
		`{"type":"Polygon","coordinates":[[[0],[1,0],[1,1],[0,0]]]}`,                   // one number
		`{"type":"Polygon","coordinates":[[[null,0],[1,0],[1,1],[0,0]]]}`,              // null
	} {
		f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"properties":{"id":"a"},"geometry":` + geom + `}]}`))
	}
	f.Add([]byte(`{"type":"FeatureCollection","features":[]} {}`)) // trailing data
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParsePolygons("fuzz.geojson", data)
		if err != nil {
			var re *geo.RowError
			if !errors.As(err, &re) || re.Problem == "" || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %T is not a one-line *RowError: %v", err, err)
			}
			return
		}
		for _, f := range c.Features {
			if err := CheckMultiPolygon(f.Geometry); err != nil {
				t.Fatalf("feature %d accepted with %v", f.Number, err)
			}
			planar.Area(f.Geometry)
		}
	})
}
