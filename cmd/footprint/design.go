package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/design"
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
	weights := fs.String("weights", "", "objective weights over the defaults, e.g. aligned=1,ward=0.08 (aligned, cross, containment, reach, sites, ward, msoa, compact, floor, moved)")
	options := fs.Int("options", 0, "propose: write this many options (1-3: balanced, alignment-first, communities-first) as DIR/<option>.json; --out is then a directory")
	unlock := fs.String("unlock", "", "from-pcn and repair: footprint ids, comma-separated, that may change though valid")
	needWeighted := fs.Bool("need-weighted", false, "apply the band to need-weighted population")
	cross := fs.Bool("cross", false, "allow footprints to cross the chosen places")
	out := fs.String("out", "", "plan file to write (CSV or .json)")
	quiet := fs.Bool("quiet", false, "no progress")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if err := checkDesignOut(*out, *options, design.Mode(*mode)); err != nil {
		return err
	}
	if (*place == "") == !*all {
		return fmt.Errorf("give --place CODE[,CODE…] or --all")
	}
	a, draft, err := loadDesignInput(*atlasPath, *planPath)
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
	w, err := parseWeights(*weights, design.Mode(*mode))
	if err != nil {
		return err
	}
	var places []string
	if *place != "" {
		places = strings.Split(*place, ",")
	}
	opt := design.Options{Mode: design.Mode(*mode), Places: places, Seed: *seed, Settings: set, Weights: w, Draft: draft, Count: *options}
	if *unlock != "" {
		opt.Unlock = strings.Split(*unlock, ",")
	}
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
	report := stdout
	if *out == stdoutName {
		report = stderr // the plan went to standard output
	}
	if *options > 0 {
		if err := writeOptions(res, *out); err != nil {
			return err
		}
	} else if err := writePlan(res.Plan, *out, stdout); err != nil {
		return err
	}
	printDesign(report, res, time.Since(t), *out)
	return nil
}

// loadDesignInput reads the atlas and, if a path is given, the draft
// plan.
func loadDesignInput(atlasPath, planPath string) (*footprint.Atlas, *footprint.Plan, error) {
	if planPath != "" {
		return loadPlan(atlasPath, planPath)
	}
	a, err := footprint.ReadAtlas(atlasPath)
	return a, nil, err
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

// parseWeights reads objective weights "name=number,…" over the
// mode's defaults.
func parseWeights(weights string, mode design.Mode) (design.Weights, error) {
	w := design.DefaultWeights()
	if mode != design.Propose {
		w = design.FromPCNWeights()
	}
	if weights == "" {
		return w, nil
	}
	fields := map[string]*float64{"aligned": &w.Aligned, "cross": &w.Cross, "containment": &w.Containment, "reach": &w.Reach, "sites": &w.Sites,
		"ward": &w.Ward, "msoa": &w.MSOA, "compact": &w.Compact, "floor": &w.Floor, "moved": &w.Moved}
	for _, kv := range strings.Split(weights, ",") {
		k, v, ok := strings.Cut(kv, "=")
		x, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil || !(x >= 0) {
			return w, fmt.Errorf("--weights %q: want name=number,… with numbers 0 or more", weights)
		}
		f, known := fields[k]
		if !known {
			return w, fmt.Errorf("--weights: unknown weight %q (aligned, cross, containment, reach, sites, ward, msoa, compact, floor, moved)", k)
		}
		*f = x
	}
	return w, w.Validate()
}
