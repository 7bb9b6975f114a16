package server

import (
	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
)

// routes registers every route of the API and the tiles: the one table of
// what the server answers. Every edit checks its token (needToken) before
// its body is read; creating plans is rate-limited per client. Reads that
// any origin may make, and HEAD, are registered with readOnly.
func (s *Server) routes(e *echo.Echo) {
	api := e.Group("/api")
	s.readOnly(api, "/openapi.json", s.getOpenAPI)
	s.readOnly(api, "/atlas", s.getAtlas)
	s.readOnly(api, "/units", s.getUnits)
	api.GET("/units/:code", s.getUnit)
	s.readOnly(api, "/unit-attributes", s.getUnitAttributes)
	s.readOnly(api, "/layers/:name", s.getLayer)
	api.GET("/places", s.getPlaces)
	api.GET("/pcns", s.getPCNs)
	api.GET("/pcns/:code", s.getPCN)
	api.GET("/pcns/:code/coverage", s.getCoverage)
	api.GET("/practices/:code/coverage", s.getCoverage)
	api.POST("/plans", s.createPlan, s.rateLimited)
	s.readOnly(api, "/plans/:id", s.getPlan)
	api.PATCH("/plans/:id", s.patchPlan, s.needToken)
	api.PATCH("/plans/:id/assignments", s.patchAssignments, s.needToken)
	api.POST("/plans/:id/footprints/:op", s.postFootprints, s.needToken)
	api.GET("/plans/:id/scores", s.getScores)
	api.GET("/plans/:id/profiles", s.getProfiles)
	api.GET("/plans/:id/versions", s.getVersions)
	api.POST("/plans/:id/versions/:n/restore", s.restoreVersion, s.needToken)
	api.GET("/plans/:id/export", s.getExport)
	api.GET("/plans/:id/register", s.getRegister)
	api.GET("/plans/:id/pack", s.getPack)
	api.GET("/plans/:id/outlines", s.getOutlines)
	api.GET("/compare", s.getCompare)
	api.GET("/design", s.getDesignDefaults)
	api.POST("/design", s.postDesign)
	api.GET("/design/:job", s.getDesign)
	api.DELETE("/design/:job", s.deleteDesign)
	api.POST("/plans/:id/import", s.postImport, s.needToken)
	s.readOnly(e, "/tiles/:z/:x/:y", s.getTile)
	s.readOnly(e, "/tiles/tilejson.json", s.getTileJSON)
	api.Any("/*", func(c echo.Context) error {
		return footprint.Errorf(footprint.ENotFound, "no API route %s %s", c.Request().Method, c.Request().URL.Path)
	})
}
