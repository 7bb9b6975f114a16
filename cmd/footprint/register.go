package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/register"
)

func runRegister(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("register", stderr)
	planOpt := addPlanFlags(fs)
	atlas := fs.String("atlas", "var/london.atlas", "atlas file")
	asJSON := fs.Bool("json", false, "print JSON")
	asCSV := fs.Bool("csv", false, "print CSV: one row per agreement")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("want one plan file (CSV, JSON, GeoJSON or GeoPackage)")
	}
	_, s, err := loadScorer(*atlas, pos[0], planOpt.options())
	if err != nil {
		return err
	}
	r := register.Plan(s)
	switch {
	case *asJSON:
		return writeJSON(stdout, r)
	case *asCSV:
		return register.WriteCSV(stdout, r)
	}
	printRegister(stdout, r)
	return nil
}

// printRegister prints the register's three tables.
func printRegister(w io.Writer, r *footprint.Register) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "PCN re-alignments (%d)\tpatients outside home\tcontainment\taction\n", len(r.Realignments))
	for _, re := range r.Realignments {
		fmt.Fprintf(tw, "  %s %s\t%s\t%.0f%%\t%s\n", re.PCN, re.Name, thousands(int64(re.Affected)), 100*re.Containment, re.Action)
	}
	fmt.Fprintf(tw, "\ncross-boundary arrangements (%d)\tpatients\tshare\taction\n", len(r.Arrangements))
	for _, ar := range r.Arrangements {
		fmt.Fprintf(tw, "  %s %s: %s and %s\t%s\t%.0f%%\t%s\n", ar.PCN, ar.PCNName, ar.HomeName, ar.OtherName, thousands(int64(ar.Patients+0.5)), 100*ar.Share, ar.Action)
	}
	fmt.Fprintf(tw, "\nfootprints crossing places or ICBs (%d)\tresidents outside the largest side\t\taction\n", len(r.Crossings))
	for _, c := range r.Crossings {
		fmt.Fprintf(tw, "  %s (%s)\t%s\t\t%s\n", c.Name, c.Kind, thousands(c.Affected), c.Action)
	}
	tw.Flush()
}
