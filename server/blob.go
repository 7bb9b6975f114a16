package server

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// blobCache holds responses that never change while the server runs (the
// atlas layers), encoded and gzipped once.
type blobCache struct {
	mu    sync.Mutex
	blobs map[string]*blob
}

type blob struct {
	once      sync.Once
	raw, gzip []byte
}

// cached answers with the blob named key, building it with build the
// first time, gzipped if the client accepts it.
func (s *Server) cached(c echo.Context, key string, build func(*bytes.Buffer)) error {
	b := s.blob(key, build)
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Vary", "Accept-Encoding")
	if strings.Contains(c.Request().Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		return c.Blob(http.StatusOK, "application/geo+json", b.gzip)
	}
	return c.Blob(http.StatusOK, "application/geo+json", b.raw)
}

// blob returns the blob named key, building it the first time.
func (s *Server) blob(key string, build func(*bytes.Buffer)) *blob {
	s.blobs.mu.Lock()
	if s.blobs.blobs == nil {
		s.blobs.blobs = map[string]*blob{}
	}
	b, ok := s.blobs.blobs[key]
	if !ok {
		b = &blob{}
		s.blobs.blobs[key] = b
	}
	s.blobs.mu.Unlock()
	b.once.Do(func() {
		var buf bytes.Buffer
		build(&buf)
		b.raw = buf.Bytes()
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.DefaultCompression)
		zw.Write(b.raw)
		zw.Close()
		b.gzip = z.Bytes()
	})
	return b
}
