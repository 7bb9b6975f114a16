package geo

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestParsePolygons(t *testing.T) {
	data := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[
	{"type":"Feature","properties":{"code":"A","n":12},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}},
	{"type":"Feature","properties":{"code":"B"},"geometry":{"type":"MultiPolygon","coordinates":[[[[3,0],[4,0],[4,1],[3,0]]],[[[5,0],[6,0],[6,1],[5,0]]]]}}]}`
	c, err := ParsePolygons("t.geojson", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if CRSName(c.CRS) != BNG {
		t.Errorf("CRS %q read as %q, want %s", c.CRS, CRSName(c.CRS), BNG)
	}
	if len(c.Features) != 2 || len(c.Features[0].Geometry) != 1 || len(c.Features[1].Geometry) != 2 {
		t.Fatalf("features not read as multipolygons: %+v", c.Features)
	}
	if got := c.Features[0].Prop("n"); got != "12" {
		t.Errorf("numeric property read as %q", got)
	}
	if got := Area(c.Features[0].Geometry); got != 4 {
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

func TestCRSName(t *testing.T) {
	for in, want := range map[string]string{"": WGS84, "OGC:CRS84": WGS84, "urn:ogc:def:crs:OGC:1.3:CRS84": WGS84, "EPSG:4326": WGS84,
		"urn:ogc:def:crs:EPSG::27700": BNG, "epsg:27700": BNG, "EPSG:3857": "EPSG:3857"} {
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
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParsePolygons("fuzz.geojson", data)
		if err != nil {
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatalf("error %T is not a *RowError", err)
			}
			return
		}
		for _, f := range c.Features {
			if len(f.Geometry) == 0 {
				t.Fatal("empty geometry accepted")
			}
			Area(f.Geometry)
		}
	})
}

func ExampleAppendMultiPolygon() {
	shape := orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0.5}, {0, 0}}}}
	fmt.Println(string(AppendMultiPolygon(nil, shape, -1)))
	fmt.Println(string(AppendMultiPolygon(nil, shape, 2)))
	// Output:
	// {"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0.5],[0,0]]]]}
	// {"type":"MultiPolygon","coordinates":[[[[0.00,0.00],[1.00,0.00],[1.00,1.00],[0.00,0.50],[0.00,0.00]]]]}
}
