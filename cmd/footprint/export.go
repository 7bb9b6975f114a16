package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nhs-footprint/footprint/footprint/export"
	"github.com/nhs-footprint/footprint/footprint/score"
)

func runExport(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("export", stderr)
	planOpt := addPlanFlags(fs)
	atlas := fs.String("atlas", "var/london.atlas", "atlas file")
	format := fs.String("format", "", "geojson, gpkg, shp (zipped Shapefile), fgb (FlatGeobuf), csv or json (default: from --out)")
	out := fs.String("out", "", "file to write (required); - for standard output")
	crs := fs.String("crs", "EPSG:27700", "CRS of gpkg, shp and fgb: EPSG:27700 or EPSG:4326")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return fmt.Errorf("want one plan file (CSV, JSON, GeoJSON, GeoPackage, zipped Shapefile or FlatGeobuf) and --out")
	}
	if err := checkOut(*out); err != nil {
		return err
	}
	f := export.Format(*format)
	if f == "" {
		for _, k := range export.Formats() {
			if strings.HasSuffix(*out, k.Ext()) {
				f = k
			}
		}
	}
	if !f.Known() {
		if f == "" && *out != stdoutName {
			return fmt.Errorf("unknown export format for %s: name it .geojson, .gpkg, .shp.zip, .fgb, .csv or .json, or give --format", *out)
		}
		return fmt.Errorf("unknown export format %q: use geojson, gpkg, shp, fgb, csv or json (--out - needs --format)", f)
	}
	_, s, err := loadScorer(*atlas, pos[0], planOpt.options())
	if err != nil {
		return err
	}
	t := time.Now()
	if *out == stdoutName {
		err = exportStdout(s, f, *crs, stdout)
	} else {
		err = export.File(s, *out, export.Options{Format: f, CRS: *crs})
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (%s) in %d ms\n", *out, f, time.Since(t).Milliseconds())
	return nil
}

// exportStdout writes the export to standard output. A GeoPackage,
// Shapefile or FlatGeobuf is made by a library that needs a file name,
// so it is made in a temporary file and copied.
func exportStdout(s *score.Scorer, f export.Format, crs string, stdout io.Writer) error {
	if f != export.GPKG && f != export.SHP && f != export.FGB {
		return export.Write(stdout, s, f)
	}
	dir, err := os.MkdirTemp("", "footprint-export-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "plan"+f.Ext())
	if err := export.File(s, path, export.Options{Format: f, CRS: crs}); err != nil {
		return err
	}
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	_, err = io.Copy(stdout, file)
	return err
}
