package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/coverage"
	"github.com/nhs-footprint/footprint/footprint/score"
)

func runCoverage(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("coverage", stderr)
	planOpt := addPlanFlags(fs)
	atlasPath := fs.String("atlas", "var/london.atlas", "atlas file")
	pcn := fs.String("pcn", "", "PCN code")
	practice := fs.String("practice", "", "practice code, instead of a PCN")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	code := *pcn
	if *practice != "" {
		code = *practice
	}
	if code == "" || len(pos) > 1 {
		return fmt.Errorf("want --pcn CODE or --practice CODE, and at most one plan file")
	}
	var a *footprint.Atlas
	var s *score.Scorer
	if len(pos) == 1 {
		if a, s, err = loadScorer(*atlasPath, pos[0], planOpt.options()); err != nil {
			return err
		}
	} else if a, err = footprint.ReadAtlas(*atlasPath); err != nil {
		return err
	}
	c, err := coverage.Report(a, code, s)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, c)
	}
	printCoverage(stdout, c)
	return nil
}

func printCoverage(w io.Writer, c *footprint.Coverage) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	p := func(format string, args ...any) { fmt.Fprintf(bw, format+"\n", args...) }
	title := c.Name + " (" + c.Code + ")"
	if c.Kind == "practice" {
		title += ", in " + c.PCNName
	}
	p("%s", title)
	p("  list size %d (%s)", c.ListSize, c.Vintages["list_sizes"])
	p("  registered %.0f (%s): %.0f in the region, %.0f outside it, %.0f with no LSOA", c.Registered, c.Vintages["registrations"], c.InRegion, c.OutsideRegion, c.NoLSOA)
	p("  PCN membership: %s", c.Vintages["practices"])
	p("\npractices:")
	for _, pr := range c.Practices {
		ls := "-"
		if pr.ListSize != nil {
			ls = fmt.Sprint(*pr.ListSize)
		}
		fp := ""
		if pr.Footprint != "" {
			fp = ", footprint " + pr.Footprint
		}
		p("  %s %-40s list %7s, registered %7.0f, site in %s%s", pr.Code, pr.Name, ls, pr.Registered, pr.LSOA, fp)
	}
	if c.Plan != "" {
		p("\nin plan %q: home footprint %s, status %s, containment %.1f%%", c.Plan, c.Home, c.Status, 100**c.Containment)
		var restN int
		var restP float64
		for _, f := range c.Footprints {
			if f.Share < 0.005 && !f.Home {
				restN++
				restP += f.Patients
				continue
			}
			mark := ""
			if f.Home {
				mark = " (home)"
			}
			p("  %-12s %-36s %7.0f patients %5.1f%%%s", f.Code, f.Name, f.Patients, 100*f.Share, mark)
		}
		if restN > 0 {
			p("  and %d more footprints with under 0.5%% each: %.0f patients in all", restN, restP)
		}
		for _, f := range c.Flags {
			p("  %s %s: %s\n    action: %s", f.Severity, f.Kind, f.Message, f.Action)
		}
	}
	p("\nboroughs:")
	for _, b := range c.Boroughs {
		p("  %-36s %7.0f patients %5.1f%%", b.Name, b.Patients, 100*b.Share)
	}
	p("ICBs:")
	for _, b := range c.ICBs {
		p("  %-36s %7.0f patients %5.1f%%", b.Name, b.Patients, 100*b.Share)
	}
	p("\nneighbouring PCNs (sharing LSOAs where each has 5%% of residents):")
	for _, n := range c.Neighbours {
		p("  %s %-36s %3d shared LSOAs; %6.0f of theirs live in our catchment, %6.0f of ours in theirs", n.Code, n.Name, n.SharedLSOAs, n.TheirsInOurs, n.OursInTheirs)
	}
	if len(c.Notes) > 0 {
		p("\nnotes:")
		for _, n := range c.Notes {
			p("  %s", n)
		}
	}
}
