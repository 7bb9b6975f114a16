// Package server is Footprint's HTTP API and web map host, built on echo.
// Handlers parse the request, call the domain and render the result; the
// storage they use lives here too.
package server

import (
	"errors"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/nhs-footprint/footprint/footprint"
)

// MaxBody is the largest request body the API accepts.
const MaxBody = "4M"

// Server serves one atlas and the plans drawn on it.
type Server struct {
	atlas   *footprint.Atlas
	store   *Store
	plans   sessions
	tiles   *tileCache
	blobs   blobCache
	designs designJobs
	echo    *echo.Echo
	log     *slog.Logger
}

// Options configure a Server.
type Options struct {
	Static fs.FS        // the web map's files; nil serves none
	Store  *Store       // where plans live; nil serves no plans
	Log    *slog.Logger // nil logs nothing
}

// New makes a Server for an atlas.
func New(a *footprint.Atlas, opt Options) *Server {
	s := &Server{atlas: a, store: opt.Store, plans: sessions{open: map[string]*session{}}, designs: designJobs{jobs: map[string]*DesignJob{}}, tiles: newTileCache(4096), echo: echo.New(), log: opt.Log}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.Use(middleware.Recover())
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: MaxBody,
		Skipper: func(c echo.Context) bool { return c.Path() == "/api/plans/:id/import" }}))
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{Level: 5, MinLength: 1024,
		// Cached layers come gzipped already.
		Skipper: func(c echo.Context) bool {
			switch c.Path() {
			case "/api/units":
				return c.QueryParam("bbox") == ""
			case "/api/layers/:name", "/api/unit-attributes":
				return true
			}
			return false
		}}))
	api := e.Group("/api")
	api.GET("/atlas", s.getAtlas)
	api.GET("/units", s.getUnits)
	api.GET("/units/:code", s.getUnit)
	api.GET("/unit-attributes", s.getUnitAttributes)
	api.GET("/layers/:name", s.getLayer)
	api.GET("/places", s.getPlaces)
	api.GET("/pcns", s.getPCNs)
	api.GET("/pcns/:code", s.getPCN)
	api.GET("/pcns/:code/coverage", s.getCoverage)
	api.GET("/practices/:code/coverage", s.getCoverage)
	api.POST("/plans", s.createPlan)
	api.GET("/plans/:id", s.getPlan)
	api.PATCH("/plans/:id", s.patchPlan)
	api.PATCH("/plans/:id/assignments", s.patchAssignments)
	api.GET("/plans/:id/scores", s.getScores)
	api.GET("/plans/:id/profiles", s.getProfiles)
	api.GET("/plans/:id/versions", s.getVersions)
	api.POST("/plans/:id/versions/:n/restore", s.restoreVersion)
	api.GET("/plans/:id/export", s.getExport)
	api.POST("/design", s.postDesign)
	api.GET("/design/:job", s.getDesign)
	api.DELETE("/design/:job", s.deleteDesign)
	api.POST("/plans/:id/import", s.postImport, middleware.BodyLimit("40M"))
	e.GET("/tiles/:z/:x/:y", s.getTile)
	api.Any("/*", func(c echo.Context) error {
		return footprint.Errorf(footprint.ENotFound, "no API route %s %s", c.Request().Method, c.Request().URL.Path)
	})
	if opt.Static != nil {
		e.GET("/*", echo.WrapHandler(http.FileServer(http.FS(opt.Static))))
		go s.warm()
	}
	return s
}

// ServeHTTP makes a Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// statusOf maps a domain error code to an HTTP status: the one place this
// is decided.
func statusOf(code footprint.ErrorCode) int {
	switch code {
	case footprint.EInvalid:
		return http.StatusBadRequest
	case footprint.ENotFound:
		return http.StatusNotFound
	case footprint.EConflict:
		return http.StatusConflict
	case footprint.EUnauthorized:
		return http.StatusUnauthorized
	case footprint.ETooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON of every error response. A 409 for a stale edit
// also carries the plan's version and what changed since the editor's.
type ErrorBody struct {
	Error   string              `json:"error"`
	Code    footprint.ErrorCode `json:"code"`
	Version int                 `json:"version,omitempty"`
	Changes []Version           `json:"changes,omitempty"`
}

func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, body := http.StatusInternalServerError, ErrorBody{Error: "internal error", Code: footprint.EInternal}
	var he *echo.HTTPError
	var fe *footprint.Error
	var stale *staleError
	switch {
	case errors.As(err, &stale):
		status, body = statusOf(footprint.EConflict), ErrorBody{Error: stale.Error(), Code: footprint.EConflict, Version: stale.version, Changes: stale.changes}
	case errors.As(err, &fe):
		status, body = statusOf(fe.Code), ErrorBody{Error: fe.Error(), Code: fe.Code}
	case errors.As(err, &he):
		status = he.Code
		body = ErrorBody{Error: http.StatusText(he.Code), Code: footprint.EInvalid}
		if m, ok := he.Message.(string); ok {
			body.Error = m
		}
		switch he.Code {
		case http.StatusNotFound:
			body.Code = footprint.ENotFound
		case http.StatusRequestEntityTooLarge:
			body.Code, body.Error = footprint.ETooLarge, "request body is too large: the limit is "+MaxBody+"B, and 32 MB for imports"
		}
	}
	if status >= 500 {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(status)
		return
	}
	c.JSON(status, body)
}
