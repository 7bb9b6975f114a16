package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/planfile"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// parseArgs parses flags that may come before or after positional
// arguments, returning the positionals.
func parseArgs(fs interface {
	Parse([]string) error
	Args() []string
}, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// loadPlan reads the atlas and a plan file of any kind planfile reads,
// polygon plans with the default layer and columns.
func loadPlan(atlasPath, planPath string) (*footprint.Atlas, *footprint.Plan, error) {
	return loadPlanWith(atlasPath, planPath, planfile.Options{})
}

// loadPlanWith reads the atlas and a plan file, polygon plans as opt says.
func loadPlanWith(atlasPath, planPath string, opt planfile.Options) (*footprint.Atlas, *footprint.Plan, error) {
	a, err := footprint.ReadAtlas(atlasPath)
	if err != nil {
		return nil, nil, err
	}
	p, err := readPlan(a, planPath, opt)
	return a, p, err
}

// readPlan reads a plan file of any kind planfile reads, reporting a
// polygon import's matching on stderr.
func readPlan(a *footprint.Atlas, planPath string, opt planfile.Options) (*footprint.Plan, error) {
	data, err := os.ReadFile(planPath)
	if err != nil {
		return nil, footprint.Errorf(footprint.EInvalid, "read plan %s: %v", planPath, err)
	}
	p, rep, err := planfile.Read(context.Background(), a, planPath, data, opt)
	if err != nil {
		return nil, err
	}
	if rep != nil {
		names := ""
		if rep.NameProperty != "" {
			names = fmt.Sprintf(", names from %q", rep.NameProperty)
		}
		fmt.Fprintf(os.Stderr, "%s: %d polygons (%s, ids from %q%s): %d LSOAs assigned by population-weighted centroid; %d in no polygon; %d cut by more than %.0f%% of their area\n",
			planPath, rep.Features, rep.CRS, rep.IDProperty, names, rep.Assigned, len(rep.Unmatched), len(rep.Split), 100*planfile.SplitShare)
		for _, note := range rep.Notes() {
			fmt.Fprintf(os.Stderr, "%s: %s\n", planPath, note)
		}
	}
	return p, nil
}

// loadScorer reads the atlas and a plan file and scores the plan.
func loadScorer(atlasPath, planPath string, opt planfile.Options) (*footprint.Atlas, *score.Scorer, error) {
	a, p, err := loadPlanWith(atlasPath, planPath, opt)
	if err != nil {
		return nil, nil, err
	}
	s, err := score.NewScorer(a, p)
	if err != nil {
		return nil, nil, err
	}
	return a, s, nil
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(v)
}

func runScore(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("score", stderr)
	planOpt := addPlanFlags(fs)
	atlas := fs.String("atlas", "var/london.atlas", "atlas file")
	asJSON := fs.Bool("json", false, "print the score document as JSON")
	geometry := fs.Bool("geometry", true, "measure compactness")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("want one plan file (CSV lsoa21cd,footprint or plan JSON), got %d", len(pos))
	}
	_, s, err := loadScorer(*atlas, pos[0], planOpt.options())
	if err != nil {
		return err
	}
	sc := s.Score(*geometry)
	if *asJSON {
		return writeJSON(stdout, sc)
	}
	printScore(stdout, sc)
	return nil
}

func opt(v *float64, format string) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf(format, *v)
}

func printScore(w io.Writer, sc *footprint.Score) {
	ps := sc.Plan
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	fmt.Fprintf(bw, "%s: %d footprints over %s (%d LSOAs in scope)\n", ps.Name, ps.Footprints, strings.Join(ps.Places, ", "), ps.ScopeLSOAs)
	fmt.Fprintf(bw, "  in band %d-%d residents: %d of %d; contiguous: %d; unassigned LSOAs: %d (%d residents)\n", ps.BandMin, ps.BandMax, ps.InBand, ps.Footprints, ps.Contiguous, ps.Unassigned, ps.UnassignedPopulation)
	fmt.Fprintf(bw, "  wards split: %d (effective splits %.1f); MSOAs split: %d (%.1f); cut edges: %d\n", ps.WardsSplit, ps.WardEffectiveSplits, ps.MSOAsSplit, ps.MSOAEffectiveSplits, ps.CutEdges)
	fmt.Fprintf(bw, "  PCN containment mean %.1f%%, min %.1f%%; footprint containment mean %.1f%%, min %.1f%%\n", 100*ps.PCNContainmentMean, 100*ps.PCNContainmentMin, 100*ps.FootprintContainmentMean, 100*ps.FootprintContainmentMin)
	fmt.Fprintf(bw, "  PCNs: %d aligned, %d cross-boundary, %d to re-align, %d external\n", ps.PCNStatus[footprint.PCNAligned], ps.PCNStatus[footprint.PCNCrossBoundary], ps.PCNStatus[footprint.PCNRealign], ps.PCNStatus[footprint.PCNExternal])
	fmt.Fprintf(bw, "  flags: %d errors, %d warnings, %d info\n", ps.Flags[footprint.SeverityError], ps.Flags[footprint.SeverityWarning], ps.Flags[footprint.SeverityInfo])
	fmt.Fprintf(bw, "  data: population %s; registrations %s; PCNs %s\n\n", ps.Vintages["population"], ps.Vintages["registrations"], ps.Vintages["practices"])
	tw := tabwriter.NewWriter(bw, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "id\tname\tresidents\tband\tpieces\tPolsby-Popper\tReock\thull\tward int.\tMSOA int.\tdemand cont.\tsupply cont.\tIMD mean\tIMD d1-2\tflags\t")
	for _, f := range sc.Footprints {
		band := "ok"
		if !f.InBand {
			band = "OUT"
		}
		name := f.Name
		if len(name) > 32 {
			name = name[:31] + "…"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", f.ID, name, f.Population, band, f.Components,
			opt(f.PolsbyPopper, "%.2f"), opt(f.Reock, "%.2f"), opt(f.HullRatio, "%.2f"), pctOpt(f.WardIntegrity), pctOpt(f.MSOAIntegrity),
			pctOpt(f.DemandContainment), pctOpt(f.SupplyContainment), opt(f.IMDMean, "%.1f"), pctOpt(f.IMDD12Share), f.Flags)
	}
	tw.Flush()
	fmt.Fprintf(bw, "\nflags (%d):\n", len(sc.Flags))
	for _, fl := range sc.Flags {
		fmt.Fprintf(bw, "  %-7s %-22s %s %s: %s\n          action: %s\n", fl.Severity, fl.Kind, fl.Subject.Kind, fl.Subject.Code, fl.Message, fl.Action)
	}
}

func pctOpt(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100**v)
}

func runBaseline(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("baseline", stderr)
	atlas := fs.String("atlas", "var/london.atlas", "atlas file")
	kind := fs.String("kind", "pcn", "pcn or borough")
	places := fs.String("places", "", "comma-separated place codes (default: all)")
	out := fs.String("out", "", "file to write (default: standard output); .json writes the plan JSON")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if *out != "" {
		if err := checkOut(*out); err != nil {
			return err
		}
	}
	a, err := footprint.ReadAtlas(*atlas)
	if err != nil {
		return err
	}
	var pl []string
	if *places != "" {
		pl = strings.Split(*places, ",")
	}
	p, err := baseline.Build(a, baseline.Kind(*kind), pl)
	if err != nil {
		return err
	}
	return writePlan(p, *out, stdout)
}

// writePlan writes a plan as CSV, or JSON if the name ends in .json: to
// w when name is "" or "-", else to the file atomically.
func writePlan(p *footprint.Plan, name string, w io.Writer) error {
	write := planfile.WriteCSV
	if strings.HasSuffix(name, ".json") {
		write = planfile.WriteJSON
	}
	if name == "" {
		name = stdoutName
	}
	return writeOut(name, w, func(w io.Writer) error { return write(w, p) })
}
