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
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParsePolygons("fuzz.geojson", data)
		if err != nil {
			var re *geo.RowError
			if !errors.As(err, &re) {
				t.Fatalf("error %T is not a *RowError", err)
			}
			return
		}
		for _, f := range c.Features {
			if len(f.Geometry) == 0 {
				t.Fatal("empty geometry accepted")
			}
			planar.Area(f.Geometry)
		}
	})
}
