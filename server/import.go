package server

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/export"
	"github.com/nhs-footprint/footprint/footprint/planfile"
)

// ImportResponse answers an import.
type ImportResponse struct {
	Version int                     `json:"version"`
	Changed int                     `json:"changed"`
	Report  *planfile.PolygonImport `json:"report,omitempty"`
	Plan    PlanJSON                `json:"plan"`
}

// postImport replaces a plan's assignment with a file's:
// POST /api/plans/{id}/import?format=csv|json|geojson|gpkg|shp|fgb&base_version=n
// [&layer=name&id_column=col&name_column=col], the file as the body
// (shp is a zipped Shapefile). The layer and columns choose what a
// polygon file's footprints come from, as planfile.Options says. The token is checked (needToken) before the body
// is read, and the plan is untouched unless the whole file reads and
// applies.
func (s *Server) postImport(c echo.Context) error {
	format := export.Format(c.QueryParam("format"))
	if !format.Known() {
		return footprint.Errorf(footprint.EInvalid, "format %q: use csv, json, geojson, gpkg, shp (zipped Shapefile) or fgb", format)
	}
	opt := planfile.Options{Layer: c.QueryParam("layer"), IDColumn: c.QueryParam("id_column"), NameColumn: c.QueryParam("name_column")}
	if err := opt.Check(); err != nil {
		return err
	}
	base, err := strconv.Atoi(c.QueryParam("base_version"))
	if err != nil {
		return footprint.Errorf(footprint.EInvalid, "base_version %q is not a number", c.QueryParam("base_version"))
	}
	data, err := io.ReadAll(c.Request().Body) // limited by limitBody
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return footprint.Errorf(footprint.ETooLarge, "the file is larger than %d MB", MaxImport>>20)
		}
		return footprint.Errorf(footprint.EInvalid, "read upload: %v", err)
	}
	p, rep, err := planfile.Read(c.Request().Context(), s.atlas, "upload"+format.Ext(), data, opt)
	if err != nil {
		return err
	}
	ss, err := s.editable(c, &base)
	if err != nil {
		return err
	}
	defer ss.mu.Unlock()
	changed, err := s.replaceFootprints(c.Request().Context(), ss, p, nil, false)
	if err != nil {
		// replaceFootprints adds the file's footprints before it moves
		// LSOAs; if the moves are refused, reload the plan from the store.
		s.evict(ss)
		return err
	}
	s.resized(ss)
	v := ss.version
	plan := ss.scorer.Plan()
	return c.JSON(http.StatusOK, ImportResponse{Version: v, Changed: changed, Report: rep, Plan: planJSON(ss.id, v, plan)})
}
