package geojson

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/paulmach/orb"
)

// Feature is one polygonal GeoJSON feature: its properties and its geometry
// as a MultiPolygon (a Polygon is promoted to a MultiPolygon of one).
type Feature struct {
	Number     int    // 1-based position in the collection
	ID         string // the first of the reader's id properties it has, else its "id" member, else ""
	Properties map[string]any
	Geometry   orb.MultiPolygon
	// ClosedRings counts the rings that did not end where they began,
	// which the reader closed.
	ClosedRings int
	// DroppedZM reports that positions had a third or fourth number (Z
	// or M), which the reader dropped.
	DroppedZM bool
}

// Prop returns a property as a trimmed string: strings as they are, numbers
// in their shortest form, and "" for a missing or null property.
func (f *Feature) Prop(name string) string { return propString(f.Properties[name]) }

// propString formats a property or id value as Prop does.
func propString(v any) string {
	switch v := v.(type) {
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
// MultiPolygon features, as ParsePolygons does.
func ReadPolygons(path string, idProps ...string) (*Collection, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, geo.OpenError(path, err)
	}
	return ParsePolygons(path, data, idProps...)
}

// rawCollection is a FeatureCollection as encoding/json decodes it, with
// each geometry's coordinates left for parseCoordinates.
type rawCollection struct {
	Type string `json:"type"`
	CRS  *struct {
		Properties struct {
			Name string `json:"name"`
		} `json:"properties"`
	} `json:"crs"`
	Features []struct {
		Type       string         `json:"type"`
		ID         any            `json:"id"`
		Properties map[string]any `json:"properties"`
		Geometry   *struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// ParsePolygons parses a GeoJSON FeatureCollection of Polygon and
// MultiPolygon features; name is used in errors. Each feature's ID is
// the first of idProps it has, else its "id" member. Rings that are not
// closed are closed and Z and M values dropped, as each Feature records.
// Any other geometry type, a feature without geometry, an empty geometry,
// a ring of fewer than four points or a coordinate that is not a finite
// number is a *geo.RowError naming the feature.
func ParsePolygons(name string, data []byte, idProps ...string) (*Collection, error) {
	var raw rawCollection
	if err := json.Unmarshal(data, &raw); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && raw.Type == "FeatureCollection" {
			return nil, &geo.RowError{File: name, Problem: "bad GeoJSON: " + err.Error()}
		}
		return nil, &geo.RowError{File: name, Problem: "not valid JSON: " + err.Error()}
	}
	if raw.Type != "FeatureCollection" {
		return nil, &geo.RowError{File: name, Problem: fmt.Sprintf("GeoJSON type is %q, want FeatureCollection", raw.Type)}
	}
	c := &Collection{File: name, Features: make([]Feature, 0, len(raw.Features))}
	if raw.CRS != nil {
		c.CRS = raw.CRS.Properties.Name
	}
	for i, rf := range raw.Features {
		f := Feature{Number: i + 1, Properties: rf.Properties, ID: propString(rf.ID)}
		for _, p := range idProps {
			if v := f.Prop(p); v != "" {
				f.ID = v
				break
			}
		}
		fail := func(format string, args ...any) error {
			return &geo.RowError{File: name, Line: f.Number, Feature: true, ID: f.ID, Problem: fmt.Sprintf(format, args...)}
		}
		if rf.Type != "Feature" {
			return nil, fail("type is %q, want Feature", rf.Type)
		}
		if rf.Geometry == nil {
			return nil, fail("feature has no geometry")
		}
		switch t := rf.Geometry.Type; t {
		case "Polygon", "MultiPolygon":
		case "":
			return nil, fail("geometry has no type")
		default:
			return nil, fail("geometry is %s, want Polygon or MultiPolygon", geo.OneLine(t))
		}
		mp, zm, err := parseCoordinates(rf.Geometry.Type, rf.Geometry.Coordinates)
		if err != nil {
			return nil, fail("%v", err)
		}
		f.Geometry, f.ClosedRings = planar.CloseRings(mp)
		f.DroppedZM = zm
		if err := CheckMultiPolygon(f.Geometry); err != nil {
			return nil, fail("%v", err)
		}
		c.Features = append(c.Features, f)
	}
	return c, nil
}

// CheckMultiPolygon reports why mp cannot be a feature geometry: it is
// empty, a polygon has no rings, a ring is not closed or has fewer than
// four points, or a coordinate is NaN or infinite; it returns nil for a
// usable geometry (which may still be invalid, as GEOS judges validity).
// ParsePolygons applies it to every feature, once it has closed the
// rings; other readers that build a Collection should too.
func CheckMultiPolygon(mp orb.MultiPolygon) error {
	if len(mp) == 0 {
		return errors.New("empty geometry")
	}
	for i, p := range mp {
		if len(p) == 0 {
			return fmt.Errorf("polygon %d is empty", i+1)
		}
		for _, r := range p {
			if len(r) < 4 {
				return fmt.Errorf("ring has %d points, want at least 4", len(r))
			}
			for _, pt := range r {
				if math.IsNaN(pt[0]) || math.IsNaN(pt[1]) || math.IsInf(pt[0], 0) || math.IsInf(pt[1], 0) {
					return errors.New("non-finite coordinate")
				}
			}
			if r[0] != r[len(r)-1] {
				return errors.New("ring is not closed")
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
