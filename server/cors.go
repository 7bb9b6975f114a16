package server

import (
	"github.com/labstack/echo/v4"
)

// readOnly registers a read-only GET route that other origins may call: it
// answers HEAD as well, and carries Access-Control-Allow-Origin: * (see
// public). Only data anyone may read goes through it: tiles, TileJSON, the
// atlas and its layers, the API document and plans read by share link.
// Editing calls are never registered so, and answer no preflight, so a
// page on another origin cannot send them.
func (s *Server) readOnly(g interface {
	GET(string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route
	HEAD(string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route
}, path string, h echo.HandlerFunc) {
	g.GET(path, h, public)
	g.HEAD(path, h, public)
}

// public allows any origin to read the response of a GET or HEAD that
// carries no credentials: a request with an Authorization header gets no
// CORS headers, so what a token unlocks is never shared.
func public(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Header.Get("Authorization") == "" {
			h := c.Response().Header()
			h.Set("Access-Control-Allow-Origin", "*")
			h.Set("Access-Control-Expose-Headers", "ETag, Link, Content-Encoding")
			h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		}
		return next(c)
	}
}

// precompressed reports whether a route sends bodies gzipped by itself
// (servePayload), with their length, so the gzip middleware must skip it.
func precompressed(c echo.Context) bool {
	switch c.Path() {
	case "/api/units":
		return c.QueryParam("bbox") == ""
	case "/api/layers/:name", "/api/unit-attributes", "/api/atlas", "/api/openapi.json", "/tiles/:z/:x/:y", "/tiles/tilejson.json", "/api/plans/:id/outlines":
		return true
	}
	return false
}
