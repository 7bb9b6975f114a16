package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/server"
	"github.com/nhs-footprint/footprint/server/store"
	"github.com/nhs-footprint/footprint/static"
)

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("serve", stderr)
	path := fs.String("atlas", "london.atlas", "atlas file")
	addr := fs.String("addr", "localhost:8080", "address to listen on")
	dbPath := fs.String("db", "var/plans.db", "SQLite database of plans (created if missing)")
	proxies := fs.String("trusted-proxies", "", "comma-separated CIDR prefixes of proxies whose X-Forwarded-For is trusted")
	sessionMB := fs.Int64("session-mb", server.DefaultMaxSessionBytes>>20, "estimated memory of open plans, in MB, before the least recently used close")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	trusted, err := parsePrefixes(*proxies)
	if err != nil {
		return err
	}
	start := time.Now()
	a, err := footprint.ReadAtlas(*path)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if err := os.MkdirAll(filepath.Dir(*dbPath), 0o755); err != nil {
		return err
	}
	store, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	srv := server.New(a, server.Options{Static: static.FS, Store: store, Log: log, TrustedProxies: trusted, MaxSessionBytes: *sessionMB << 20})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", *addr, err)
	}
	hs := server.HTTPServer(srv, server.DefaultTimeouts())
	fmt.Fprintf(stdout, "footprint: serving %s atlas (%d LSOAs) on http://%s, ready in %d ms\n", a.Name, len(a.Units), ln.Addr(), time.Since(start).Milliseconds())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// parsePrefixes parses comma-separated CIDR prefixes, such as
// "10.0.0.0/8,::1/128".
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("-trusted-proxies: %w", err)
		}
		out = append(out, p)
	}
	return out, nil
}
