package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/coverage"
	"github.com/paulmach/orb"
)

// getAtlas serves the atlas's summary, which never changes while the
// server runs.
func (s *Server) getAtlas(c echo.Context) error {
	return s.cached(c, "atlas", "application/json", func(buf *bytes.Buffer) {
		json.NewEncoder(buf).Encode(s.atlas.Summary())
	})
}

// parseBBox reads "minLon,minLat,maxLon,maxLat".
func parseBBox(v string) (orb.Bound, error) {
	parts := strings.Split(v, ",")
	if len(parts) != 4 {
		return orb.Bound{}, footprint.Errorf(footprint.EInvalid, "bbox %q: want minLon,minLat,maxLon,maxLat", v)
	}
	var f [4]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || x != x {
			return orb.Bound{}, footprint.Errorf(footprint.EInvalid, "bbox %q: %q is not a number", v, p)
		}
		f[i] = x
	}
	if f[0] > f[2] || f[1] > f[3] || f[0] < -180 || f[2] > 180 || f[1] < -90 || f[3] > 90 {
		return orb.Bound{}, footprint.Errorf(footprint.EInvalid, "bbox %q: want minLon ≤ maxLon and minLat ≤ maxLat, in degrees", v)
	}
	return orb.Bound{Min: orb.Point{f[0], f[1]}, Max: orb.Point{f[2], f[3]}}, nil
}

func (s *Server) getUnits(c echo.Context) error {
	a := s.atlas
	var idx []int32
	switch c.QueryParam("fields") {
	case "", "all":
	case "map":
		if c.QueryParam("bbox") != "" {
			return footprint.Errorf(footprint.EInvalid, "fields=map gives every LSOA: leave out bbox")
		}
		return s.cached(c, "units-map", geoJSONType, s.writeMapUnits)
	default:
		return footprint.Errorf(footprint.EInvalid, "fields %q: want all (the default) or map", c.QueryParam("fields"))
	}
	if v := c.QueryParam("bbox"); v != "" {
		b, err := parseBBox(v)
		if err != nil {
			return err
		}
		idx = a.UnitsIn(b)
	} else {
		// The whole layer never changes: build and compress it once.
		return s.cached(c, "units", geoJSONType, s.writeUnits)
	}
	g, put := s.geosContext()
	defer put()
	ctx := c.Request().Context()
	var buf bytes.Buffer
	buf.Grow(len(idx) * 1200)
	buf.WriteString(`{"type":"FeatureCollection","features":[`)
	for k, i := range idx {
		if k%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if k > 0 {
			buf.WriteByte(',')
		}
		writeUnitFeature(&buf, g, a, i)
	}
	buf.WriteString("]}")
	return c.Blob(http.StatusOK, geoJSONType, buf.Bytes())
}

// getUnitAttributes serves every unit's attributes without geometry: what
// the web map needs beside vector tiles for a large atlas. It is plain
// JSON, not GeoJSON.
func (s *Server) getUnitAttributes(c echo.Context) error {
	return s.cached(c, "unit-attributes", "application/json", func(buf *bytes.Buffer) {
		buf.WriteString(`{"units":[`)
		for i := range s.atlas.Units {
			if i > 0 {
				buf.WriteByte(',')
			}
			b, _ := json.Marshal(unitProps(s.atlas, int32(i)))
			buf.Write(b)
		}
		buf.WriteString("]}")
	})
}

// writeUnits writes every LSOA with all its attributes.
func (s *Server) writeUnits(buf *bytes.Buffer) {
	s.writeEveryUnit(buf, func(i int32) any { return unitProps(s.atlas, i) })
}

// writeEveryUnit writes every LSOA as a GeoJSON FeatureCollection, each
// with the properties props gives it.
func (s *Server) writeEveryUnit(buf *bytes.Buffer, props func(i int32) any) {
	g, put := s.geosContext()
	defer put()
	buf.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := range s.atlas.Units {
		if i > 0 {
			buf.WriteByte(',')
		}
		b, _ := json.Marshal(props(int32(i)))
		writeFeature(buf, g, s.atlas, int32(i), b)
	}
	buf.WriteString("]}")
}

// MapUnitProps are the properties of an LSOA that the web map's own
// layers read, as its tiles (?fields=map) and GET /api/units?fields=map
// give them: the page has the rest from GET /api/unit-attributes, and
// leaving them out makes the layer less than half the size to parse.
type MapUnitProps struct {
	Code      string `json:"code"`
	IMDDecile int    `json:"imd_decile"`
}

// writeMapUnits writes every LSOA with only its MapUnitProps.
func (s *Server) writeMapUnits(buf *bytes.Buffer) {
	s.writeEveryUnit(buf, func(i int32) any {
		u := &s.atlas.Units[i]
		return MapUnitProps{Code: u.Code, IMDDecile: int(u.IMD.Decile)}
	})
}

// warm builds the layers and tiles the web map loads first, in the
// background, so the first visitor does not wait for them. The units
// layers, as GeoJSON, are for other clients: they are built when first
// asked for.
func (s *Server) warm() {
	s.warmTiles()
	for _, name := range layerNames {
		if name != "pcn_catchments" {
			s.blob("layer/"+name, func(buf *bytes.Buffer) { s.writeLayer(buf, name) })
		}
	}
}

func (s *Server) getUnit(c echo.Context) error {
	d, err := s.atlas.UnitDetail(c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, unitJSON(s.atlas, d))
}

// geoJSONType is the media type of GeoJSON (RFC 7946).
const geoJSONType = "application/geo+json"

// layerNames lists the layers GET /api/layers/{name} serves.
var layerNames = []string{"msoa", "ward", "borough", "icb", "barrier", "practices", "pcn_catchments"}

func (s *Server) getLayer(c echo.Context) error {
	name := c.Param("name")
	if !slices.Contains(layerNames, name) {
		return footprint.Errorf(footprint.ENotFound, "no layer %q: layers are %s", name, strings.Join(layerNames, ", "))
	}
	return s.cached(c, "layer/"+name, geoJSONType, func(buf *bytes.Buffer) { s.writeLayer(buf, name) })
}

// writeLayer writes a layer as GeoJSON (RFC 7946): see rfc7946.
func (s *Server) writeLayer(buf *bytes.Buffer, name string) {
	a := s.atlas
	g, put := s.geosContext()
	defer put()
	switch name {
	case "msoa":
		writeAreaCollection(buf, g, a.MSOAs)
	case "ward":
		writeAreaCollection(buf, g, a.Wards)
	case "borough":
		writeAreaCollection(buf, g, a.Boroughs)
	case "icb":
		writeAreaCollection(buf, g, a.ICBs)
	case "barrier":
		list := make([]footprint.Area, len(a.Barriers))
		for i, b := range a.Barriers {
			list[i] = footprint.Area{Code: strconv.Itoa(i), Name: b.Name, Geom: b.Geom}
		}
		writeAreaCollection(buf, g, list)
	case "pcn_catchments":
		list := make([]footprint.Area, len(a.PCNs))
		for i, p := range a.PCNs {
			list[i] = footprint.Area{Code: p.Code, Name: p.Name, Geom: p.Catchment}
		}
		writeAreaCollection(buf, g, list)
	case "practices":
		writePractices(buf, a)
	}
}

func (s *Server) getPCNs(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]any{"pcns": s.atlas.PCNList()})
}

func (s *Server) getPCN(c echo.Context) error {
	p, err := s.atlas.PCNPatients(c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// PlaceJSON is a place in GET /api/places.
type PlaceJSON struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	Boroughs   []string `json:"boroughs"`
	LSOAs      int      `json:"lsoas"`
	Population int64    `json:"population"`
}

func (s *Server) getPlaces(c echo.Context) error {
	a := s.atlas
	out := make([]PlaceJSON, 0, len(a.Places))
	for _, p := range a.Places {
		pj := PlaceJSON{Code: p.Code, Name: p.Name, LSOAs: len(p.Units), Population: p.Pop}
		for _, b := range p.Boroughs {
			pj.Boroughs = append(pj.Boroughs, a.Boroughs[b].Name)
		}
		out = append(out, pj)
	}
	return c.JSON(http.StatusOK, map[string]any{"places": out})
}

// getCoverage serves /api/pcns/{code}/coverage and
// /api/practices/{code}/coverage, optionally within a plan (?plan=id).
func (s *Server) getCoverage(c echo.Context) error {
	code := c.Param("code")
	planID := c.QueryParam("plan")
	if planID == "" {
		cov, err := coverage.Report(s.atlas, code, nil)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, cov)
	}
	ss, err := s.lockSession(c.Request().Context(), planID)
	if err != nil {
		return err
	}
	cov, err := coverage.Report(s.atlas, code, ss.scorer)
	ss.mu.Unlock()
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cov)
}
