package main

import (
	"fmt"
	"io"
	"time"

	"github.com/nhs-footprint/footprint/footprint/pack"
)

func runPack(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("pack", stderr)
	planOpt := addPlanFlags(fs)
	atlas := fs.String("atlas", "var/london.atlas", "atlas file")
	out := fs.String("out", "", "HTML file to write (required); - for standard output")
	version := fs.Int("version", 0, "the plan's version, for the cover")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("want one plan file (CSV, JSON, GeoJSON or GeoPackage) and --out")
	}
	if err := checkOut(*out); err != nil {
		return err
	}
	_, s, err := loadScorer(*atlas, pos[0], planOpt.options())
	if err != nil {
		return err
	}
	t := time.Now()
	opt := pack.Options{Version: *version, Date: t}
	if err := writeOut(*out, stdout, func(w io.Writer) error { return pack.Write(w, s, opt) }); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s in %d ms\n", *out, time.Since(t).Milliseconds())
	return nil
}
