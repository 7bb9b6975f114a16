package server

import (
	"bytes"
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
	once sync.Once
	p    *payload
}

// cached answers with the blob named key, of media type contentType,
// building it with build the first time; see servePayload.
func (s *Server) cached(c echo.Context, key, contentType string, build func(*bytes.Buffer)) error {
	return servePayload(c, contentType, cacheAtlas, s.blob(key, build).p)
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
		b.p = newPayload(buf.Bytes())
	})
	return b
}
