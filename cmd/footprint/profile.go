package main

import (
	"bufio"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/nhs-footprint/footprint/footprint/export"
	"github.com/nhs-footprint/footprint/footprint/profile"
)

func runProfile(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("profile", stderr)
	planOpt := addPlanFlags(fs)
	atlas := fs.String("atlas", "var/london.atlas", "atlas file")
	asJSON := fs.Bool("json", false, "print JSON")
	asCSV := fs.Bool("csv", false, "print CSV: one row per footprint, scores and profile")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("want one plan file")
	}
	_, s, err := loadScorer(*atlas, pos[0], planOpt.options())
	if err != nil {
		return err
	}
	switch {
	case *asCSV:
		return export.ProfilesCSV(stdout, s)
	case *asJSON:
		return writeJSON(stdout, profile.Plan(s))
	}
	doc := profile.Plan(s)
	bw := bufio.NewWriter(stdout)
	defer bw.Flush()
	fmt.Fprintf(bw, "%s: %d footprints\n\n", doc.Plan, len(doc.Profiles))
	tw := tabwriter.NewWriter(bw, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "id\tname\tresidents\tneed-wtd\t0-4\t0-19\t20-64\t65+\t85+\tIMD\td1-2\thealth\tpractices\tlist\tlist/res\treg/res\treg inside\tnearest m\tbest hub\t")
	for _, pr := range doc.Profiles {
		name := pr.Name
		if len(name) > 28 {
			name = name[:27] + "…"
		}
		hub := "-"
		if len(pr.Hubs) > 0 {
			hub = fmt.Sprintf("%s %.0f m", pr.Hubs[0].Practice, pr.Hubs[0].MeanDistanceM)
		}
		seg := func(i int) string { return fmt.Sprintf("%.0f%%", 100*pr.Segments[i].Share) }
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t\n", pr.ID, name, pr.Population, pr.NeedWeightedPopulation,
			seg(0), seg(1), seg(2), seg(3), seg(4), opt(pr.IMDMean, "%.1f"), pctOpt(pr.IMDD12Share), pr.Domains[3].Mean, len(pr.Practices), pr.ListSize,
			opt(pr.ListPerResident, "%.2f"), opt(pr.ListInflation, "%.2f"), pctOpt(pr.RegisteredInside), opt(pr.MeanDistanceM, "%.0f"), hub)
	}
	tw.Flush()
	fmt.Fprintln(bw)
	for _, n := range doc.Notes {
		fmt.Fprintln(bw, "  "+n)
	}
	fmt.Fprintf(bw, "  data: population %s; IMD %s; list sizes %s; registrations %s\n", doc.Vintages["population"], doc.Vintages["imd"], doc.Vintages["list_sizes"], doc.Vintages["registrations"])
	return nil
}
