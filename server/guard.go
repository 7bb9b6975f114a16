package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
	"golang.org/x/time/rate"
)

// ContentSecurityPolicy is sent with every response: the page runs only
// its own scripts and styles, and talks only to this server.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries, errors and
// static files included.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		return next(c)
	}
}

// limitBody bounds the request body while it streams: a declared length
// over the limit is refused before anything is read, and a chunked body
// fails with http.MaxBytesError once it passes the limit.
func limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		limit := int64(MaxBody)
		if c.Path() == "/api/plans/:id/import" {
			limit = MaxImport
		}
		r := c.Request()
		if r.ContentLength > limit {
			return tooLarge(limit)
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
		return next(c)
	}
}

// tooLarge is the error for a body over limit bytes.
func tooLarge(limit int64) error {
	return footprint.Errorf(footprint.ETooLarge, "request body is too large: larger than %d MB, the limit for this call", limit>>20)
}

// readError turns a failure to read the body into an error for the client:
// 413 for a body over the limit, 400 otherwise.
func readError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(mbe.Limit)
	}
	return footprint.Errorf(footprint.EInvalid, "malformed JSON body: %v", err)
}

// bind decodes a JSON body strictly: unknown fields and anything after the
// one JSON value are errors.
func bind(c echo.Context, v any) error {
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return readError(err)
	}
	var extra json.RawMessage
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
		return nil
	case err == nil:
		return footprint.Errorf(footprint.EInvalid, "malformed JSON body: more than one JSON value")
	default:
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge(mbe.Limit)
		}
		return footprint.Errorf(footprint.EInvalid, "malformed JSON body: data after the JSON value")
	}
}

// tokenChecked is the context key set once an edit's token has passed.
const tokenChecked = "footprint.token-checked"

// needToken checks the plan's edit token before the handler reads the
// body, so an unauthorised upload costs no parsing.
func (s *Server) needToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.checkToken(c, c.Param("id")); err != nil {
			return err
		}
		return next(c)
	}
}

// checkToken checks the edit token of plan id, once per request.
func (s *Server) checkToken(c echo.Context, id string) error {
	if c.Get(tokenChecked) == id {
		return nil
	}
	if s.store == nil {
		return footprint.Errorf(footprint.EInternal, "this server has no plan store")
	}
	if err := s.store.CheckToken(c.Request().Context(), id, token(c)); err != nil {
		return err
	}
	c.Set(tokenChecked, id)
	return nil
}

// Defaults for creating plans: each client address may create a burst of
// 30 plans, then one every 6 seconds.
const (
	DefaultCreateRate  = rate.Limit(1.0 / 6)
	DefaultCreateBurst = 30
	maxClients         = 10000 // addresses remembered by the limiter
)

// limiter rate-limits by client address; IPv6 clients are counted by /64.
type limiter struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	by    map[netip.Addr]*rate.Limiter
}

// wait reports how long the client at ip must wait before its next
// request, or 0 and takes a token if it need not.
func (l *limiter) wait(ip string, now time.Time) time.Duration {
	if l.every == rate.Inf {
		return 0
	}
	key := clientKey(ip)
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.by[key]
	if !ok {
		if len(l.by) >= maxClients {
			l.sweep(now)
		}
		lim = rate.NewLimiter(l.every, l.burst)
		l.by[key] = lim
	}
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return time.Hour
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d
	}
	return 0
}

// sweep forgets clients whose limiters are full again, and every client if
// that frees nothing, so the map stays bounded.
func (l *limiter) sweep(now time.Time) {
	for k, lim := range l.by {
		if lim.TokensAt(now) >= float64(l.burst) {
			delete(l.by, k)
		}
	}
	if len(l.by) >= maxClients {
		clear(l.by)
	}
}

// clientKey is the address a client is counted by: itself, or its /64 for
// IPv6, since one host holds a whole /64.
func clientKey(ip string) netip.Addr {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return netip.Addr{}
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.Addr()
	}
	return a
}

// rateLimited answers 429 with Retry-After when the client has created
// plans too fast.
func (s *Server) rateLimited(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if d := s.creates.wait(c.RealIP(), time.Now()); d > 0 {
			secs := int(math.Ceil(d.Seconds()))
			c.Response().Header().Set("Retry-After", fmt.Sprint(secs))
			return echo.NewHTTPError(http.StatusTooManyRequests, fmt.Sprintf("too many new plans from this address: try again in %d seconds", secs))
		}
		return next(c)
	}
}

// ipExtractor finds the client's address: the connecting peer, or, when
// the peer is a trusted proxy, the nearest untrusted address in
// X-Forwarded-For.
func ipExtractor(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		p = p.Masked()
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
