package server

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
	"github.com/paulmach/orb"
)

func (s *Server) getAtlas(c echo.Context) error {
	return c.JSON(http.StatusOK, s.atlas.Summary())
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
	if v := c.QueryParam("bbox"); v != "" {
		b, err := parseBBox(v)
		if err != nil {
			return err
		}
		idx = a.UnitsIn(b)
	} else {
		idx = make([]int32, len(a.Units))
		for i := range idx {
			idx[i] = int32(i)
		}
	}
	var buf bytes.Buffer
	buf.Grow(len(idx) * 1200)
	buf.WriteString(`{"type":"FeatureCollection","features":[`)
	for k, i := range idx {
		if k > 0 {
			buf.WriteByte(',')
		}
		writeUnitFeature(&buf, a, i)
	}
	buf.WriteString("]}")
	return c.Blob(http.StatusOK, "application/geo+json", buf.Bytes())
}

func (s *Server) getUnit(c echo.Context) error {
	d, err := s.atlas.UnitDetail(c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, unitJSON(s.atlas, d))
}

// layerNames lists the layers GET /api/layers/{name} serves.
var layerNames = []string{"msoa", "ward", "borough", "icb", "barrier", "practices", "pcn_catchments"}

func (s *Server) getLayer(c echo.Context) error {
	a := s.atlas
	var buf bytes.Buffer
	switch name := c.Param("name"); name {
	case "msoa":
		writeAreaCollection(&buf, a.MSOAs)
	case "ward":
		writeAreaCollection(&buf, a.Wards)
	case "borough":
		writeAreaCollection(&buf, a.Boroughs)
	case "icb":
		writeAreaCollection(&buf, a.ICBs)
	case "barrier":
		list := make([]footprint.Area, len(a.Barriers))
		for i, b := range a.Barriers {
			list[i] = footprint.Area{Code: strconv.Itoa(i), Name: b.Name, Geom: b.Geom}
		}
		writeAreaCollection(&buf, list)
	case "pcn_catchments":
		list := make([]footprint.Area, len(a.PCNs))
		for i, p := range a.PCNs {
			list[i] = footprint.Area{Code: p.Code, Name: p.Name, Geom: p.Catchment}
		}
		writeAreaCollection(&buf, list)
	case "practices":
		writePractices(&buf, a)
	default:
		return footprint.Errorf(footprint.ENotFound, "no layer %q: layers are %s", name, strings.Join(layerNames, ", "))
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, "application/geo+json", buf.Bytes())
}
