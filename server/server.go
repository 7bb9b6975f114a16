// Package server is Footprint's HTTP API and web map host, built on echo.
// It is transport only: handlers parse the request, call the domain and
// render the result. Routes are in one table (routes.go), domain errors
// map to HTTP statuses in one place (errors.go), and plans are kept by
// package store.
package server

import (
	"cmp"
	"compress/gzip"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/server/store"
	"golang.org/x/time/rate"
)

// MaxBody is the largest request body the API accepts, but for imports
// (MaxImport).
const MaxBody = 4 << 20

// Server serves one atlas and the plans drawn on it.
type Server struct {
	atlas    *footprint.Atlas
	store    *store.Store
	plans    sessions
	tiles    *tileCache
	outlines bounded[outlineKey]
	blobs    blobCache
	designs  designJobs
	creates  limiter
	echo     *echo.Echo
	log      *slog.Logger
}

// Options configure a Server.
type Options struct {
	Static fs.FS        // the web map's files; nil serves none
	Store  *store.Store // where plans live; nil serves no plans
	Log    *slog.Logger // nil logs nothing

	// MaxSessionBytes bounds the estimated memory of open plans; the
	// least recently used are closed past it. 0 means
	// DefaultMaxSessionBytes.
	MaxSessionBytes int64
	// CreateRate and CreateBurst limit how fast one client address may
	// create plans. 0 means DefaultCreateRate and DefaultCreateBurst;
	// rate.Inf means no limit.
	CreateRate  rate.Limit
	CreateBurst int
	// Design bounds design jobs: their time limit, how many run at once,
	// and how long finished ones are kept. Zero fields take the defaults.
	Design DesignLimits
	// TrustedProxies are the proxies whose X-Forwarded-For is believed
	// when finding a client's address; with none, the address is the
	// connecting peer's.
	TrustedProxies []netip.Prefix
}

// New makes a Server for an atlas.
func New(a *footprint.Atlas, opt Options) *Server {
	s := &Server{atlas: a, store: opt.Store, designs: designJobs{jobs: map[string]*DesignJob{}, limits: opt.Design}, tiles: newTileCache(4096), outlines: newBounded[outlineKey](outlineCount), echo: echo.New(), log: opt.Log}
	s.plans = sessions{open: map[string]*session{}, max: cmp.Or(opt.MaxSessionBytes, DefaultMaxSessionBytes)}
	s.creates = limiter{every: cmp.Or(opt.CreateRate, DefaultCreateRate), burst: cmp.Or(opt.CreateBurst, DefaultCreateBurst), by: map[netip.Addr]*rate.Limiter{}}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.IPExtractor = ipExtractor(opt.TrustedProxies)
	e.Pre(securityHeaders)
	e.Use(middleware.Recover())
	e.Use(limitBody)
	// Cached layers and tiles come gzipped already. The rest (scores,
	// outlines, plans) is made afresh for each edit, so the fastest level:
	// it compresses London's 1.7 MB score document in half the time of
	// level 5 (about 20 ms against 44), for a fifth more bytes.
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{Level: gzip.BestSpeed, MinLength: 1024, Skipper: precompressed}))
	s.routes(e)
	if opt.Static != nil {
		e.GET("/*", echo.WrapHandler(http.FileServer(http.FS(opt.Static))))
		go s.warm()
	}
	return s
}

// ServeHTTP makes a Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }
