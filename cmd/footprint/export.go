package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nhs-footprint/footprint/footprint/export"
)

func runExport(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("export", stderr)
	atlas := fs.String("atlas", "var/london.atlas", "atlas file")
	format := fs.String("format", "", "geojson, gpkg, csv or json (default: from --out)")
	out := fs.String("out", "", "file to write (required)")
	crs := fs.String("crs", "EPSG:27700", "GeoPackage CRS: EPSG:27700 or EPSG:4326")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return fmt.Errorf("want one plan file (CSV, JSON, GeoJSON or GeoPackage) and --out")
	}
	f := export.Format(*format)
	if f == "" {
		for _, k := range export.Formats() {
			if strings.HasSuffix(*out, k.Ext()) {
				f = k
			}
		}
	}
	_, s, err := loadScorer(*atlas, pos[0])
	if err != nil {
		return err
	}
	t := time.Now()
	if err := export.File(s, *out, export.Options{Format: f, CRS: *crs}); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (%s) in %d ms\n", *out, f, time.Since(t).Milliseconds())
	return nil
}
