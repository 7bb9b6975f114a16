package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/design"
	"github.com/nhs-footprint/footprint/footprint/score"
)

func runDesign(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("design", stderr)
	atlasPath := fs.String("atlas", "var/london.atlas", "atlas file")
	place := fs.String("place", "", "place code(s), comma-separated")
	all := fs.Bool("all", false, "every place")
	mode := fs.String("mode", "propose", "propose, from-pcn or repair")
	planPath := fs.String("plan", "", "draft plan to repair")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same plan")
	band := fs.String("band", "30000-50000", "population band, min-max residents")
	weights := fs.String("weights", "", "objective weights, e.g. pcn=1,ward=0.5,msoa=0.25,cut=0.5")
	needWeighted := fs.Bool("need-weighted", false, "apply the band to need-weighted population")
	cross := fs.Bool("cross", false, "allow footprints to cross the chosen places")
	out := fs.String("out", "", "plan file to write (CSV or .json)")
	quiet := fs.Bool("quiet", false, "no progress")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if err := checkOut(*out); err != nil {
		return err
	}
	if (*place == "") == !*all {
		return fmt.Errorf("give --place CODE[,CODE…] or --all")
	}
	var a *footprint.Atlas
	var draft *footprint.Plan
	var err error
	if *planPath != "" {
		a, draft, err = loadPlan(*atlasPath, *planPath)
	} else {
		a, err = footprint.ReadAtlas(*atlasPath)
	}
	if err != nil {
		return err
	}
	set := footprint.DefaultSettings()
	if draft != nil {
		set = draft.Settings
	}
	if set.BandMin, set.BandMax, err = parseBand(*band); err != nil {
		return err
	}
	set.NeedWeighted = set.NeedWeighted || *needWeighted
	set.AllowCrossPlace = set.AllowCrossPlace || *cross
	w, err := parseWeights(*weights)
	if err != nil {
		return err
	}
	var places []string
	if *place != "" {
		places = strings.Split(*place, ",")
	}
	opt := design.Options{Mode: design.Mode(*mode), Places: places, Seed: *seed, Settings: set, Weights: w, Draft: draft}
	if !*quiet {
		opt.Progress = func(ev footprint.ProgressEvent) {
			fmt.Fprintf(stderr, "  %3d/%d places  %5.1f s  %s\n", ev.Done, ev.Total, ev.Elapsed.Seconds(), ev.Detail)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	t := time.Now()
	res, err := design.Run(ctx, a, opt)
	if err != nil {
		return err
	}
	if err := writePlan(res.Plan, *out, stdout); err != nil {
		return err
	}
	s, err := score.NewScorer(a, res.Plan)
	if err != nil {
		return err
	}
	report := stdout
	if *out == stdoutName {
		report = stderr // the plan went to standard output
	}
	printDesign(report, res, s.Score(false), time.Since(t), *out)
	return nil
}

// parseBand reads a population band "min-max".
func parseBand(band string) (lo, hi int64, err error) {
	a, b, ok := strings.Cut(band, "-")
	lo, err1 := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
	hi, err2 := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("--band %q: want min-max, e.g. 30000-50000", band)
	}
	return lo, hi, nil
}

// parseWeights reads objective weights "name=number,…" over the defaults.
func parseWeights(weights string) (design.Weights, error) {
	w := design.DefaultWeights()
	if weights == "" {
		return w, nil
	}
	for _, kv := range strings.Split(weights, ",") {
		k, v, ok := strings.Cut(kv, "=")
		x, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil || x < 0 {
			return w, fmt.Errorf("--weights %q: want name=number,…", weights)
		}
		switch k {
		case "pcn":
			w.PCN = x
		case "ward":
			w.Ward = x
		case "msoa":
			w.MSOA = x
		case "cut":
			w.Cut = x
		default:
			return w, fmt.Errorf("--weights: unknown weight %q (pcn, ward, msoa, cut)", k)
		}
	}
	return w, nil
}

// printDesign prints the design's places and the plan's scorecard.
func printDesign(stdout io.Writer, res *design.Result, sc *footprint.Score, elapsed time.Duration, out string) {
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "place\tname\tresidents\tfootprints\tfeasible\tmoved LSOAs\tmoved residents\tsteps\ttime\treason")
	for _, p := range res.Places {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%v\t%d\t%d\t%d\t%.2f s\t%s\n", p.Place, p.Name, p.Population, p.Footprints, p.Feasible, p.MovedLSOAs, p.Moved, p.Steps, p.Seconds, p.Reason)
	}
	tw.Flush()
	ps := sc.Plan
	fmt.Fprintf(stdout, "\n%d footprints: %d in band, %d contiguous; PCN containment mean %.1f%%; footprint containment mean %.1f%%; PCNs %d aligned, %d cross-boundary, %d to re-align; %d wards and %d MSOAs split; %d cut edges\n",
		ps.Footprints, ps.InBand, ps.Contiguous, 100*ps.PCNContainmentMean, 100*ps.FootprintContainmentMean, ps.PCNStatus[footprint.PCNAligned], ps.PCNStatus[footprint.PCNCrossBoundary], ps.PCNStatus[footprint.PCNRealign], ps.WardsSplit, ps.MSOAsSplit, ps.CutEdges)
	fmt.Fprintf(stdout, "designed in %.2f s (%d local-search steps, %.0f steps/s); wrote %s\n", elapsed.Seconds(), res.Steps, res.StepsPerSecond, out)
}
