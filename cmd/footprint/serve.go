package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
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
	if err := fs.Parse(args); err != nil {
		return errUsage
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
	srv := server.New(a, server.Options{Static: static.FS, Store: store, Log: log})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", *addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
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
