package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/design"
)

// checkDesignOut checks design's --out before any work: a plan file, or
// with --options an existing directory.
func checkDesignOut(out string, options int, mode design.Mode) error {
	if options == 0 {
		return checkOut(out)
	}
	if mode != design.Propose {
		return fmt.Errorf("--options: only propose offers options")
	}
	if options < 1 || options > design.MaxOptions {
		return fmt.Errorf("--options %d: want 1 to %d", options, design.MaxOptions)
	}
	if info, err := os.Stat(out); err != nil || !info.IsDir() {
		return fmt.Errorf("--out %s: with --options, give an existing directory", out)
	}
	for _, o := range design.AllOptions() {
		if err := footprint.CheckReplaceable(optionPath(out, o)); err != nil {
			return err
		}
	}
	return nil
}

// optionPath is where an option's plan is written in the directory.
func optionPath(dir string, o design.Option) string {
	return filepath.Join(dir, string(o)+".json")
}

// writeOptions writes each option's plan as JSON into the directory.
func writeOptions(res *design.Result, dir string) error {
	for _, o := range res.Options {
		if err := writePlan(o.Plan, optionPath(dir, o.Option), io.Discard); err != nil {
			return err
		}
	}
	return nil
}

// printDesign prints the design's places, then each option's scorecard.
func printDesign(w io.Writer, res *design.Result, elapsed time.Duration, out string) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "place\tname\tresidents\tfootprints\tfeasible\tkept\tmoved LSOAs\tmoved residents\tcannot align\tsteps\ttime\treason")
	for _, p := range res.Places {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%v\t%d\t%d\t%d\t%d\t%d\t%.2f s\t%s\n", p.Place, p.Name, p.Population, p.Footprints, p.Feasible, p.Kept, p.MovedLSOAs, p.Moved, len(p.Unalignable), p.Steps, p.Seconds, p.Reason)
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "option\tfootprints\tin band\tcontiguous\taligned\tcross-boundary\tre-align\tPCN containment\twards split\tMSOAs split\tPolsby-Popper mean\tmin\tkept of valid (whole, unchanged)\tmoved residents")
	for _, o := range res.Options {
		c := o.Scorecard
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f%%\t%d\t%d\t%.3f\t%.3f\t%d of %d (%d, %d)\t%d\n", o.Title, c.Footprints, c.InBand, c.Contiguous,
			c.PCNStatus[footprint.PCNAligned], c.PCNStatus[footprint.PCNCrossBoundary], c.PCNStatus[footprint.PCNRealign], 100*c.PCNContainmentMean,
			c.WardsSplit, c.MSOAsSplit, c.PolsbyPopperMean, c.PolsbyPopperMin, c.Kept, c.Valid, c.KeptWhole, c.Unchanged, c.MovedResidents)
	}
	tw.Flush()
	fmt.Fprintf(w, "designed in %.2f s (%d local-search steps, %.0f steps/s); wrote %s\n", elapsed.Seconds(), res.Steps, res.StepsPerSecond, out)
}
