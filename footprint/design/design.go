package design

import (
	"cmp"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
)

// Mode says how a design starts.
type Mode string

// The design modes.
const (
	// Propose partitions each place afresh.
	Propose Mode = "propose"
	// FromPCN starts from the PCN catchments and moves as few LSOAs as it
	// can until every footprint is in band and contiguous.
	FromPCN Mode = "from-pcn"
	// Repair fixes a draft's out-of-band and non-contiguous footprints,
	// leaving locked ones untouched.
	Repair Mode = "repair"
)

// Options configure a design run.
type Options struct {
	Mode     Mode
	Places   []string // place codes; empty means all
	Seed     uint64
	Settings footprint.Settings // band, need weighting, crossing places
	// Weights weigh the objective: in Propose, the balanced option's (the
	// other options keep their own); in from-pcn and repair, the one
	// design's. Zero means the defaults.
	Weights  Weights
	Draft    *footprint.Plan // the plan to repair
	Progress footprint.Progress
	// Steps caps local-search steps per place and option (0: a default
	// by size).
	Steps int
	// Count is how many options Propose returns, 1 to MaxOptions (0: all).
	Count int
	// Unlock lists footprints of the start that from-pcn and repair may
	// change even though they are valid already.
	Unlock []string
}

// MaxOptions is the most options Propose returns.
const MaxOptions = 3

// Offered is the options Propose designs, in trade-off order: the
// first Count of balanced, alignment first and communities first.
func (o Options) Offered() []Option {
	n := o.Count
	if n <= 0 || n > MaxOptions {
		n = MaxOptions
	}
	chosen := []Option{Balanced, AlignmentFirst, CommunitiesFirst}[:n]
	var out []Option
	for _, x := range AllOptions() {
		if slices.Contains(chosen, x) {
			out = append(out, x)
		}
	}
	return out
}

// options is the options a run designs: Offered in Propose, else one
// unnamed.
func (o Options) options() []Option {
	if o.Mode != Propose {
		return []Option{""}
	}
	return o.Offered()
}

// weightsOf is the weights of an option: the run's own for balanced.
func (o Options) weightsOf(x Option) Weights {
	if x == Balanced {
		return o.Weights
	}
	return OptionWeights(x)
}

// PlaceResult reports the design of one place.
type PlaceResult struct {
	Place      string  `json:"place"`
	Name       string  `json:"name"`
	Population int64   `json:"population"`
	Footprints int     `json:"footprints"`
	Feasible   bool    `json:"feasible"`
	Reason     string  `json:"reason,omitempty"`
	MovedLSOAs int     `json:"moved_lsoas"` // against the start: the draft or the PCN catchments
	Moved      int64   `json:"moved_residents"`
	Kept       int     `json:"kept"` // valid footprints of the start kept: none of their own LSOAs left them
	Steps      int     `json:"steps"`
	Seconds    float64 `json:"seconds"`
	// SearchSeconds is the part of Seconds spent in local search.
	SearchSeconds float64 `json:"search_seconds"`
	// Unalignable lists the PCNs sited in the place that no footprint
	// can align, and why.
	Unalignable []Unalignable `json:"unalignable"`
}

// OptionResult is one option of a design: its plan, scorecard and
// per-place report.
type OptionResult struct {
	Option    Option          `json:"option"`
	Title     string          `json:"title"`
	Weights   Weights         `json:"weights"`
	Plan      *footprint.Plan `json:"-"`
	Scorecard Scorecard       `json:"scorecard"`
	Places    []PlaceResult   `json:"places"`
}

// Result is a design: its options, the first the default, with the
// default's plan and per-place report.
type Result struct {
	Plan           *footprint.Plan `json:"-"`
	Places         []PlaceResult   `json:"places"`
	Options        []OptionResult  `json:"options"`
	Steps          int             `json:"steps"`
	StepsPerSecond float64         `json:"steps_per_second"`
	Seconds        float64         `json:"seconds"`
}

// region is a set of units designed together: one place, or all chosen
// places when footprints may cross them.
type region struct {
	code, name string
	units      []int32
}

// regionsOf is the regions to design: one per place, or all the places
// together when footprints may cross them. codes are the places' codes.
func regionsOf(a *footprint.Atlas, set footprint.Settings, codes []string, places []int32) []region {
	if set.AllowCrossPlace && len(places) > 1 {
		r := region{code: strings.Join(codes, "+"), name: "the chosen places"}
		for _, pl := range places {
			r.units = append(r.units, a.Places[pl].Units...)
		}
		slices.Sort(r.units)
		return []region{r}
	}
	var regions []region
	for _, pl := range places {
		regions = append(regions, region{code: a.Places[pl].Code, name: a.Places[pl].Name, units: a.Places[pl].Units})
	}
	return regions
}

// lockedIDs is the ids of the draft's locked footprints, in repair.
func lockedIDs(opt Options) map[string]bool {
	locked := map[string]bool{}
	if opt.Mode == Repair {
		for _, f := range opt.Draft.Footprints {
			if f.Locked {
				locked[f.ID] = true
			}
		}
	}
	return locked
}

// renameShared gives a footprint id used in several regions (a PCN's,
// say) to the region holding most of its residents; elsewhere it gets
// the region's code as a suffix, and the plan a footprint of that id.
func renameShared(a *footprint.Atlas, plan *footprint.Plan, regions []region, assigns []map[int32]string) {
	type piece struct {
		region int
		pop    int64
	}
	pieces := map[string][]piece{}
	for i, m := range assigns {
		byID := map[string]int64{}
		for u, id := range m {
			byID[id] += int64(a.Units[u].Pop)
		}
		for id, n := range byID {
			pieces[id] = append(pieces[id], piece{i, n})
		}
	}
	rename := map[[2]string]string{}
	for id, ps := range pieces {
		if len(ps) < 2 {
			continue
		}
		slices.SortFunc(ps, func(x, y piece) int {
			if c := cmp.Compare(y.pop, x.pop); c != 0 {
				return c
			}
			return cmp.Compare(x.region, y.region)
		})
		for _, p := range ps[1:] {
			nid := id + "@" + regions[p.region].code
			rename[[2]string{id, regions[p.region].code}] = nid
			info := *plan.Ensure(id)
			info.ID, info.Name = nid, info.Name+" ("+regions[p.region].name+")"
			*plan.Ensure(nid) = info
		}
	}
	for i, m := range assigns {
		for u, id := range m {
			if nid, ok := rename[[2]string{id, regions[i].code}]; ok {
				m[u] = nid
			}
		}
	}
}

// keepUsed keeps only the plan's footprints that hold LSOAs, or are
// locked.
func keepUsed(plan *footprint.Plan, locked map[string]bool) {
	var keep []footprint.FootprintInfo
	used := map[string]bool{}
	for _, id := range plan.Assign {
		used[id] = true
	}
	for _, f := range plan.Footprints {
		if used[f.ID] || locked[f.ID] {
			keep = append(keep, f)
		}
	}
	plan.Footprints = keep
}
