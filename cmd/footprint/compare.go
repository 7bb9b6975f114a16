package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/compare"
)

func runCompare(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("compare", stderr)
	planOpt := addPlanFlags(fs)
	atlasPath := fs.String("atlas", "var/london.atlas", "atlas file")
	asJSON := fs.Bool("json", false, "print the comparison as one JSON document")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 || len(pos) > compare.MaxPlans {
		return fmt.Errorf("want 2 to %d plan files (CSV, JSON, GeoJSON or GeoPackage), got %d", compare.MaxPlans, len(pos))
	}
	a, err := footprint.ReadAtlas(*atlasPath)
	if err != nil {
		return err
	}
	in := make([]compare.Input, len(pos))
	for i, path := range pos {
		p, err := readPlan(a, path, planOpt.options())
		if err != nil {
			return err
		}
		in[i] = compare.Input{Label: filepath.Base(path), Plan: p}
	}
	c, err := compare.Plans(a, in)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, c)
	}
	printComparison(stdout, c)
	return nil
}

// printComparison prints the scorecard table, one column per plan, and
// the PCNs whose status changes.
func printComparison(w io.Writer, c *footprint.Comparison) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	row := func(label string, cell func(s footprint.Scorecard) string) {
		fmt.Fprint(tw, label)
		for _, s := range c.Plans {
			fmt.Fprint(tw, "\t", cell(s))
		}
		fmt.Fprintln(tw, "\t")
	}
	row("", func(s footprint.Scorecard) string { return s.Label })
	row("footprints", func(s footprint.Scorecard) string { return fmt.Sprint(s.Footprints) })
	row("in band", func(s footprint.Scorecard) string { return fmt.Sprint(s.InBand) })
	row("contiguous", func(s footprint.Scorecard) string { return fmt.Sprint(s.Contiguous) })
	row("PCNs aligned / cross-boundary / re-align", func(s footprint.Scorecard) string {
		return fmt.Sprintf("%d / %d / %d", s.PCNsAligned, s.PCNsCrossBoundary, s.PCNsRealign)
	})
	row("mean PCN containment", func(s footprint.Scorecard) string { return fmt.Sprintf("%.1f%%", 100*s.PCNContainmentMean) })
	row("mean footprint containment", func(s footprint.Scorecard) string { return fmt.Sprintf("%.1f%%", 100*s.FootprintContainmentMean) })
	row("wards / MSOAs split", func(s footprint.Scorecard) string { return fmt.Sprintf("%d / %d", s.WardsSplit, s.MSOAsSplit) })
	row("cut edges", func(s footprint.Scorecard) string { return fmt.Sprint(s.CutEdges) })
	row("residents moved from the first", func(s footprint.Scorecard) string { return thousands(s.MovedResidents) })
	row("mean Polsby-Popper", func(s footprint.Scorecard) string { return opt(s.PolsbyPopperMean, "%.3f") })
	row("IMD mean ± spread", func(s footprint.Scorecard) string {
		return opt(s.IMDMean, "%.1f") + " ± " + opt(s.IMDSpread, "%.1f")
	})
	row("errors", func(s footprint.Scorecard) string { return fmt.Sprint(s.Errors) })
	tw.Flush()
	if len(c.Diffs) > 0 {
		fmt.Fprintf(w, "\n%s\n", c.Diffs[0].Matching)
	}
	var changed []string
	for _, p := range c.PCNs {
		if !p.Changes {
			break
		}
		var st []string
		for _, s := range p.Status {
			st = append(st, string(s))
		}
		changed = append(changed, fmt.Sprintf("  %s %s: %s", p.Code, p.Name, strings.Join(st, " → ")))
	}
	fmt.Fprintf(w, "\n%d PCNs change status:\n%s\n", len(changed), strings.Join(changed, "\n"))
}

// thousands formats a count with thousands separators.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
