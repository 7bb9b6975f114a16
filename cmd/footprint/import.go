package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/ingest"
)

// flagSet makes a FlagSet that reports errors instead of exiting.
func flagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// errUsage marks a bad command line, already reported by the flag package.
var errUsage = errors.New("bad usage")

func runImport(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("import", stderr)
	manifest := fs.String("manifest", "data/london.json", "dataset manifest")
	data := fs.String("data", "../shared/data", "data root the manifest's paths are relative to")
	out := fs.String("out", "", "atlas file to write (required); - for standard output")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	quiet := fs.Bool("quiet", false, "no progress output")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if err := checkOut(*out); err != nil {
		return err
	}
	m, err := ingest.ReadManifest(*manifest)
	if err != nil {
		return err
	}
	var progress footprint.Progress
	if !*quiet {
		progress = progressPrinter(stderr)
	}
	start := time.Now()
	a, err := ingest.Import(m, *data, progress)
	if err != nil {
		return err
	}
	if err := writeOut(*out, stdout, func(w io.Writer) error { return footprint.EncodeAtlas(w, a) }); err != nil {
		return fmt.Errorf("write atlas: %w", err)
	}
	if !*quiet {
		fmt.Fprintf(stderr, "wrote %s in %.1f s\n", *out, time.Since(start).Seconds())
	}
	if *out == stdoutName {
		// The atlas went to standard output: the summary goes to stderr.
		return printSummary(stderr, a.Summary(), *asJSON)
	}
	return printSummary(stdout, a.Summary(), *asJSON)
}

// progressPrinter prints each finished step with its time, and running
// counts for steps that go on for more than a second.
func progressPrinter(w io.Writer) footprint.Progress {
	return func(ev footprint.ProgressEvent) {
		if ev.Finished {
			fmt.Fprintf(w, "  %-16s %6.2f s  %s\n", ev.Step, ev.Elapsed.Seconds(), ev.Detail)
			return
		}
		if ev.Elapsed > time.Second || ev.Total > 0 {
			if ev.Total > 0 {
				fmt.Fprintf(w, "  %-16s %d/%d %s (%.0f%%)\n", ev.Step, ev.Done, ev.Total, ev.Unit, 100*float64(ev.Done)/float64(ev.Total))
			} else {
				fmt.Fprintf(w, "  %-16s %d %s…\n", ev.Step, ev.Done, ev.Unit)
			}
		}
	}
}

func runAtlas(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("atlas", stderr)
	path := fs.String("atlas", "london.atlas", "atlas file")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	a, err := footprint.ReadAtlas(*path)
	if err != nil {
		return err
	}
	return printSummary(stdout, a.Summary(), *asJSON)
}

func printSummary(w io.Writer, s footprint.Summary, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p("%s atlas (built %s)", s.Name, s.Built)
	p("  LSOAs          %8d   population %d (%s)", s.Units, s.Population, asOf(s, "population"))
	p("  MSOAs          %8d   wards %d, boroughs %d, places %d, sub-ICBs %d, ICBs %d", s.MSOAs, s.Wards, s.Boroughs, s.Places, s.SubICBs, s.ICBs)
	p("  GP practices   %8d   PCNs %d", s.Practices, s.PCNs)
	r := s.Registrations
	if r.Rows > 0 {
		p("  registrations  %8.0f   patients living in the region (%s; %s; %d rows)", r.Patients, r.Vintage, r.Basis, r.Rows)
		p("                 %8.0f   outside the region, %.0f with no LSOA; %d rows apportioned", r.OutsideRegion, r.NoLSOA, r.ApportionedRows)
		p("                 %8d   unlisted practices with %.0f patients in the region", r.UnlistedPractices, r.UnlistedPatients)
	}
	ad := s.Adjacency
	p("  adjacency      %8d   edges, %d components, %.0f km shared boundary (%s)", ad.Edges, ad.Components, ad.SharedKm, ad.Rule)
	for _, ps := range ad.PlacesSplit {
		var parts []string
		for _, c := range ps.Components {
			parts = append(parts, fmt.Sprintf("%d LSOAs/%d residents", c.Units, c.Population))
		}
		p("  place in pieces: %s %s: %s", ps.Place, ps.Name, strings.Join(parts, " + "))
	}
	for _, b := range ad.Barriers {
		p("  barrier: %s: %d bank LSOAs; %d pairs face each other across it within 500 m and are not adjacent", b.Name, b.BankUnits, b.FacingPairs)
		if b.FacingPairs > b.Unreachable {
			p("           the graph path between them goes round: median %d hops, max %d (%s)", b.MedianHops, b.MaxHops, b.MaxExample)
		}
		if b.Unreachable > 0 {
			p("           %d of those pairs have no path at all: the barrier cuts the graph", b.Unreachable)
		}
	}
	p("  sources (vintage):")
	for _, src := range s.Sources {
		p("    %-15s %s: %s", src.Layer, src.File, src.Vintage)
	}
	for _, wn := range s.Warnings {
		p("  warning [%s] %s", wn.Layer, wn.Message)
	}
	return nil
}

// asOf is the short date of a source layer of the atlas summary.
func asOf(s footprint.Summary, layer string) string {
	if d := footprint.AsOf(s.Sources, layer); d != "" {
		return d
	}
	return "vintage not recorded"
}
