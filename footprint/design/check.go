package design

import (
	"fmt"
	"math"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/flags"
)

// Check validates options as Run would, and rejects up front a band that
// no arrangement of LSOAs can meet: an LSOA that is bigger than the band's
// maximum on its own, or a place whose residents cannot be split into any
// whole number of footprints in the band. It is cheap, linear in the
// places' LSOAs, and does none of the design's work. Every error is
// EInvalid, naming the place and the numbers.
//
// A part of a place cut off from the rest, by a river say, is not
// rejected: the rest of the place can still be designed, and the place's
// report says why the part cannot.
func Check(a *footprint.Atlas, opt Options) error {
	opt, places, err := prepare(a, opt)
	if err != nil {
		return err
	}
	return feasibility(a, opt, places)
}

// prepare fills in the default settings and weights, validates the
// options, and resolves the places to design: each once, in the order
// given; every place if none; in repair without places of its own, the
// draft's.
func prepare(a *footprint.Atlas, opt Options) (Options, []int32, error) {
	if opt.Settings.BandMax == 0 {
		opt.Settings = footprint.DefaultSettings()
	}
	if err := opt.Settings.Validate(); err != nil {
		return opt, nil, err
	}
	if opt.Weights == (Weights{}) {
		opt.Weights = DefaultWeights()
		if opt.Mode != Propose {
			opt.Weights = FromPCNWeights()
		}
		if opt.Mode == Repair {
			opt.Weights.Moved = repairMoved
		}
	}
	if err := opt.Weights.Validate(); err != nil {
		return opt, nil, err
	}
	if opt.Count < 0 || opt.Count > MaxOptions {
		return opt, nil, footprint.Errorf(footprint.EInvalid, "%d options asked for: want 1 to %d", opt.Count, MaxOptions)
	}
	if len(opt.Unlock) > maxUnlock {
		return opt, nil, footprint.Errorf(footprint.EInvalid, "%d footprints to unlock: at most %d", len(opt.Unlock), maxUnlock)
	}
	places, err := placeIndexes(a, opt.Places)
	if err != nil {
		return opt, nil, err
	}
	switch opt.Mode {
	case Propose, FromPCN:
	case Repair:
		if opt.Draft == nil {
			return opt, nil, footprint.Errorf(footprint.EInvalid, "repair needs a draft plan")
		}
		if err := opt.Draft.Check(a); err != nil {
			return opt, nil, err
		}
		if len(opt.Places) == 0 && len(opt.Draft.Places) > 0 {
			if places, err = placeIndexes(a, opt.Draft.Places); err != nil {
				return opt, nil, err
			}
		}
	default:
		return opt, nil, footprint.Errorf(footprint.EInvalid, "unknown design mode %q: use propose, from-pcn or repair", opt.Mode)
	}
	return opt, places, nil
}

// placeIndexes resolves place codes to place indexes, each once, in the
// order first given; no codes means every place.
func placeIndexes(a *footprint.Atlas, codes []string) ([]int32, error) {
	var places []int32
	if len(codes) == 0 {
		for i := range a.Places {
			places = append(places, int32(i))
		}
	}
	seen := make([]bool, len(a.Places))
	for _, c := range codes {
		pl := a.PlaceIndex(c)
		if pl < 0 {
			return nil, footprint.Errorf(footprint.EInvalid, "unknown place code %q", c)
		}
		if !seen[pl] {
			seen[pl] = true
			places = append(places, pl)
		}
	}
	return places, nil
}

// repairMoved is repair's default weight of each 10,000 residents moved:
// a draft is someone's work, so repair mends it and little else.
const repairMoved = 5

// maxUnlock is the most footprints a design may be told to unlock.
const maxUnlock = 10000

// maxProblems is the most places an infeasible band's error names.
const maxProblems = 5

// feasibility rejects a band that no arrangement of the regions' LSOAs
// can meet, naming the regions that cannot (the first few). LSOAs in locked footprints
// of a repair's draft are left out, and so is the count of footprints of
// a region holding any: the locked footprints take their share.
func feasibility(a *footprint.Atlas, opt Options, places []int32) error {
	codes := make([]string, len(places))
	for i, pl := range places {
		codes[i] = a.Places[pl].Code
	}
	locked := lockedIDs(opt)
	what := "residents"
	if opt.Settings.NeedWeighted {
		what = "need-weighted residents"
	}
	var problems []string
	for _, r := range regionsOf(a, opt.Settings, codes, places) {
		if p := regionProblem(a, opt, r, locked, what); p != "" {
			problems = append(problems, p)
		}
	}
	if len(problems) == 0 {
		return nil
	}
	if len(problems) > maxProblems {
		problems = append(problems[:maxProblems], fmt.Sprintf("and %d more places", len(problems)-maxProblems))
	}
	return footprint.Errorf(footprint.EInvalid, "no footprints in the band %s–%s can be made: %s",
		flags.Thousands(opt.Settings.BandMin), flags.Thousands(opt.Settings.BandMax), strings.Join(problems, "; "))
}

// regionProblem says why no footprints in band can be made of the
// region, or "" if they may.
func regionProblem(a *footprint.Atlas, opt Options, r region, locked map[string]bool, what string) string {
	lo, hi := opt.Settings.BandMin, opt.Settings.BandMax
	name := fmt.Sprintf("%s (%s)", r.name, r.code)
	var n, biggest int64
	big := int32(-1)
	anyLocked := false
	for _, u := range r.units {
		if opt.Draft != nil && locked[opt.Draft.Assign[a.Units[u].Code]] {
			anyLocked = true
			continue
		}
		s := unitSize(a, opt.Settings, u)
		n += s
		if s > biggest {
			biggest, big = s, u
		}
	}
	switch {
	case biggest > hi:
		ex := a.Units[big]
		return fmt.Sprintf("in %s, LSOA %s %s alone has %s %s, more than the band's maximum of %s", name, ex.Code, ex.Name, flags.Thousands(biggest), what, flags.Thousands(hi))
	case anyLocked || n == 0:
		return ""
	case n < lo:
		return fmt.Sprintf("%s has %s %s, fewer than the band's minimum of %s", name, flags.Thousands(n), what, flags.Thousands(lo))
	}
	if k := (n + hi - 1) / hi; k > n/lo {
		fewer := fmt.Sprintf("%d footprints", k-1)
		if k == 2 {
			fewer = "one footprint"
		}
		return fmt.Sprintf("%s has %s %s, too many for %s of at most %s and too few for %d of at least %s",
			name, flags.Thousands(n), what, fewer, flags.Thousands(hi), k, flags.Thousands(lo))
	}
	return ""
}

// unitSize is what the band counts of unit u: its residents, or its
// need-weighted residents.
func unitSize(a *footprint.Atlas, set footprint.Settings, u int32) int64 {
	if set.NeedWeighted {
		return int64(math.Round(float64(a.Need(u)) / footprint.Micro))
	}
	return int64(a.Units[u].Pop)
}
