package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
)

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
	case footprint.ERateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON of every error response. A 409 for a stale edit
// also carries the plan's version and what changed since the editor's.
type ErrorBody struct {
	Error   string              `json:"error"`
	Code    footprint.ErrorCode `json:"code"`
	Version int                 `json:"version,omitempty"`
	Changes []footprint.Version `json:"changes,omitempty"`
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
			body.Code, body.Error = footprint.ETooLarge, fmt.Sprintf("request body is too large: the limit is %d MB, and %d MB for imports", MaxBody>>20, MaxImport>>20)
		case http.StatusTooManyRequests:
			body.Code = footprint.ERateLimited
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
