package server

import (
	"net/http"
	"time"
)

// Timeouts bound how long one client may hold a connection, so that slow
// clients (a body trickled a byte at a time, a large response never read)
// are cut off.
type Timeouts struct {
	ReadHeader time.Duration // to read a request's headers
	Read       time.Duration // to read a whole request, body included
	Write      time.Duration // from the end of the headers to the end of the response
	Idle       time.Duration // between requests on a kept-alive connection
}

// DefaultTimeouts cut any slow client within 30 seconds.
func DefaultTimeouts() Timeouts {
	return Timeouts{ReadHeader: 10 * time.Second, Read: 30 * time.Second, Write: 30 * time.Second, Idle: 30 * time.Second}
}

// HTTPServer returns the http.Server that serves h with the timeouts and
// headers of at most 64 KB.
func HTTPServer(h http.Handler, t Timeouts) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: t.ReadHeader, ReadTimeout: t.Read, WriteTimeout: t.Write, IdleTimeout: t.Idle, MaxHeaderBytes: 64 << 10}
}
