package geojson

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/nhs-footprint/footprint/geo"
	"github.com/paulmach/orb"
	orbgeojson "github.com/paulmach/orb/geojson"
)

// Feature is one polygonal GeoJSON feature: its properties and its geometry
// as a MultiPolygon (a Polygon is promoted to a MultiPolygon of one).
type Feature struct {
	Number     int // 1-based position in the collection
	Properties map[string]any
	Geometry   orb.MultiPolygon
}

// Prop returns a property as a trimmed string: strings as they are, numbers
// in their shortest form, and "" for a missing or null property.
func (f *Feature) Prop(name string) string {
	switch v := f.Properties[name].(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	default:
		return fmt.Sprint(v)
	}
}

// Collection is a polygon FeatureCollection as read from a file.
type Collection struct {
	File string
	// CRS is the name in the legacy "crs" member, if the file has one
	// (ONS and GDAL exports in British National Grid carry it), else "".
	CRS      string
	Features []Feature
}

// ReadPolygons reads a GeoJSON FeatureCollection of Polygon and
// MultiPolygon features. Any other geometry type, a feature without
// geometry, or a non-finite coordinate is an error naming the feature.
func ReadPolygons(path string) (*Collection, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, geo.OpenError(path, err)
	}
	return ParsePolygons(path, data)
}

// ParsePolygons parses GeoJSON data; name is used in errors.
func ParsePolygons(name string, data []byte) (*Collection, error) {
	var head struct {
		Type string `json:"type"`
		CRS  *struct {
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"crs"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, &geo.RowError{File: name, Problem: "not valid JSON: " + err.Error()}
	}
	if head.Type != "FeatureCollection" {
		return nil, &geo.RowError{File: name, Problem: fmt.Sprintf("GeoJSON type is %q, want FeatureCollection", head.Type)}
	}
	fc, err := orbgeojson.UnmarshalFeatureCollection(data)
	if err != nil {
		return nil, &geo.RowError{File: name, Problem: "bad GeoJSON: " + err.Error()}
	}
	c := &Collection{File: name, Features: make([]Feature, 0, len(fc.Features))}
	if head.CRS != nil {
		c.CRS = head.CRS.Properties.Name
	}
	for i, f := range fc.Features {
		var mp orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		case nil:
			return nil, &geo.RowError{File: name, Line: i + 1, Feature: true, Problem: "feature has no geometry"}
		default:
			return nil, &geo.RowError{File: name, Line: i + 1, Feature: true, Problem: fmt.Sprintf("geometry is %s, want Polygon or MultiPolygon", g.GeoJSONType())}
		}
		if err := CheckMultiPolygon(mp); err != nil {
			return nil, &geo.RowError{File: name, Line: i + 1, Feature: true, Problem: err.Error()}
		}
		c.Features = append(c.Features, Feature{Number: i + 1, Properties: f.Properties, Geometry: mp})
	}
	return c, nil
}

// CheckMultiPolygon reports why mp cannot be a feature geometry: it is
// empty, a ring has fewer than four points, or a coordinate is NaN or
// infinite; it returns nil for a usable geometry. ReadPolygons applies it to every feature; other readers that
// build a Collection should too.
func CheckMultiPolygon(mp orb.MultiPolygon) error {
	if len(mp) == 0 {
		return fmt.Errorf("empty geometry")
	}
	for _, p := range mp {
		for _, r := range p {
			if len(r) < 4 {
				return fmt.Errorf("ring has %d points, want at least 4", len(r))
			}
			for _, pt := range r {
				if math.IsNaN(pt[0]) || math.IsNaN(pt[1]) || math.IsInf(pt[0], 0) || math.IsInf(pt[1], 0) {
					return fmt.Errorf("non-finite coordinate")
				}
			}
		}
	}
	return nil
}

// CRSName normalises a CRS identifier such as "EPSG:27700",
// "urn:ogc:def:crs:EPSG::27700" or "OGC:CRS84" to "EPSG:NNNN" form, with
// CRS84 reported as EPSG:4326 (this package always uses lon/lat order).
func CRSName(s string) string {
	u := strings.ToUpper(strings.TrimSpace(s))
	switch {
	case u == "", strings.HasSuffix(u, "CRS84"), strings.HasSuffix(u, "::4326"), u == "EPSG:4326":
		return "EPSG:4326"
	case strings.HasPrefix(u, "URN:OGC:DEF:CRS:EPSG:"):
		return "EPSG:" + u[strings.LastIndex(u, ":")+1:]
	}
	return u
}
