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
