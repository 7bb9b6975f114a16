package server

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/export"
)

// MaxImport is the largest file the import endpoint accepts.
const MaxImport = 32 << 20

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// getExport serves /api/plans/{id}/export?format=geojson|gpkg|csv|json
// [&crs=EPSG:4326] as a download.
func (s *Server) getExport(c echo.Context) error {
	format := export.Format(c.QueryParam("format"))
	if !format.Known() {
		return footprint.Errorf(footprint.EInvalid, "format %q: use geojson, gpkg, csv or json", format)
	}
	dir, err := os.MkdirTemp("", "footprint-export-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "plan"+format.Ext())
	ss, err := s.lockSession(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	name, version := ss.scorer.Plan().Name, ss.version
	err = export.File(ss.scorer, path, export.Options{Format: format, CRS: c.QueryParam("crs")})
	ss.mu.Unlock()
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d%s"`, fileName(name), version, format.Ext()))
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return c.Stream(http.StatusOK, format.MediaType(), f)
}
