package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// payload is a response body that does not change while the server runs,
// kept plain and gzipped, with an entity tag for each.
type payload struct {
	raw, gzip []byte
	etag      string // of raw; the gzipped body's tag adds "-gz"
}

// newPayload compresses raw and tags it by its SHA-256.
func newPayload(raw []byte) *payload {
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.DefaultCompression)
	zw.Write(raw)
	zw.Close()
	sum := sha256.Sum256(raw)
	return &payload{raw: raw, gzip: z.Bytes(), etag: hex.EncodeToString(sum[:12])}
}

// Cache-Control values: data of the atlas may be kept an hour and then
// revalidated with its ETag; documents that name this server's address
// are revalidated every time.
const (
	cacheAtlas      = "public, max-age=3600"
	cacheRevalidate = "public, no-cache"
)

// servePayload answers with p: 304 Not Modified if the client holds it
// already (If-None-Match), else the whole body with its Content-Length,
// gzipped if the client accepts gzip. The gzip middleware must skip the
// route (see precompressed), so the length is the length sent.
func servePayload(c echo.Context, contentType, cacheControl string, p *payload) error {
	h := c.Response().Header()
	gz := acceptsGzip(c.Request().Header.Get("Accept-Encoding"))
	body, tag := p.raw, `"`+p.etag+`"`
	if gz {
		body, tag = p.gzip, `"`+p.etag+`-gz"`
	}
	h.Set("ETag", tag)
	h.Set("Cache-Control", cacheControl)
	h.Add("Vary", "Accept-Encoding")
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && matchETag(inm, p.etag) {
		return c.NoContent(http.StatusNotModified)
	}
	if gz {
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.Response().WriteHeader(http.StatusOK)
	if c.Request().Method == http.MethodHead {
		return nil
	}
	_, err := c.Response().Write(body)
	return err
}

// acceptsGzip reports whether an Accept-Encoding header accepts gzip: it is
// listed, and not with q=0.
func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(name) != "*" {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// matchETag reports whether an If-None-Match header names either
// representation of the payload tagged etag (weak comparison), or is "*".
func matchETag(inm, etag string) bool {
	for _, t := range strings.Split(inm, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == `"`+etag+`"` || t == `"`+etag+`-gz"` {
			return true
		}
	}
	return false
}
