package server

import (
	"bytes"
	_ "embed"

	"github.com/labstack/echo/v4"
)

// openAPI is the OpenAPI 3.1 document of the API, kept beside the routes
// in openapi.json: a route added to routes.go must be added there too,
// which TestOpenAPIRoutes checks.
//
//go:embed openapi.json
var openAPI []byte

// getOpenAPI serves /api/openapi.json.
func (s *Server) getOpenAPI(c echo.Context) error {
	return s.cached(c, "openapi", "application/json", func(buf *bytes.Buffer) { buf.Write(openAPI) })
}
