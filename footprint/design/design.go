package design

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/colour"
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

// Weights weigh the soft objective of design. Each term is normalised to
// about 0..1 for a place, so the defaults read as relative importance.
type Weights struct {
	// PCN rewards patients living in their PCN's home footprint.
	PCN float64 `json:"pcn"`
	// Ward and MSOA penalise split wards and MSOAs.
	Ward float64 `json:"ward"`
	MSOA float64 `json:"msoa"`
	// Cut penalises adjacency edges between footprints: compactness.
	Cut float64 `json:"cut"`
}

// DefaultWeights returns the default weights: PCN alignment first, then
// whole wards and compact shapes, then whole MSOAs.
func DefaultWeights() Weights { return Weights{PCN: 1, Ward: 0.5, MSOA: 0.25, Cut: 0.5} }

// Options configure a design run.
type Options struct {
	Mode     Mode
	Places   []string // place codes; empty means all
	Seed     uint64
	Settings footprint.Settings // band, need weighting, crossing places
	Weights  Weights
	Draft    *footprint.Plan // the plan to repair
	Progress footprint.Progress
	// Steps caps local-search steps per place (0: a default by size).
	Steps int
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
	Steps      int     `json:"steps"`
	Seconds    float64 `json:"seconds"`
}

// Result is a designed plan with its per-place report.
type Result struct {
	Plan           *footprint.Plan `json:"-"`
	Places         []PlaceResult   `json:"places"`
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

// Run proposes or repairs footprints. Places are designed in parallel,
// each with its own random stream from the seed, so the same seed gives
// the same plan. Bad options, and a band no arrangement of LSOAs can meet
// (see Check), are an EInvalid error, found before any design work; a
// cancelled context gives an error wrapping the context's error, within
// milliseconds, as every inner loop looks at it.
func Run(ctx context.Context, a *footprint.Atlas, opt Options) (*Result, error) {
	start := time.Now()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("design cancelled: %w", err)
	}
	opt, places, err := prepare(a, opt)
	if err != nil {
		return nil, err
	}
	if err := feasibility(a, opt, places); err != nil {
		return nil, err
	}
	plan, draft, err := startPlan(a, opt)
	if err != nil {
		return nil, err
	}
	for _, pl := range places {
		plan.Places = append(plan.Places, a.Places[pl].Code)
	}
	regions := regionsOf(a, opt.Settings, plan.Places, places)
	locked := lockedIDs(opt)
	results, assigns := designRegions(ctx, a, opt, regions, draft, locked, start)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("design cancelled: %w", err)
	}
	res := &Result{Plan: plan, Places: results}
	renameShared(a, plan, regions, assigns)
	for i, m := range assigns {
		for u, id := range m {
			plan.Assign[a.Units[u].Code] = id
			info := plan.Ensure(id)
			if info.Name == id && opt.Mode == Propose {
				info.Name = fmt.Sprintf("%s %s", regions[i].name, strings.TrimPrefix(id, regions[i].code+"-"))
			}
		}
		res.Steps += results[i].Steps
	}
	keepUsed(plan, locked)
	plan.Normalize()
	colour.Assign(a, plan)
	res.Seconds = time.Since(start).Seconds()
	if res.Seconds > 0 {
		res.StepsPerSecond = float64(res.Steps) / res.Seconds
	}
	return res, nil
}

// startPlan makes the plan the mode starts from, named and holding the
// footprints of its start, with the start's assignment as a draft. The
// options are prepared.
func startPlan(a *footprint.Atlas, opt Options) (*footprint.Plan, map[string]string, error) {
	plan := footprint.NewPlan("")
	plan.Settings = opt.Settings
	var draft map[string]string
	switch opt.Mode {
	case Propose:
		plan.Name = "Proposal"
	case FromPCN:
		plan.Name = "From PCN catchments"
		base, err := baseline.Build(a, baseline.PCN, nil)
		if err != nil {
			return nil, nil, err
		}
		draft = base.Assign
		for _, f := range base.Footprints {
			*plan.Ensure(f.ID) = f
		}
	case Repair:
		plan.Name = opt.Draft.Name + " (repaired)"
		draft = opt.Draft.Assign
		for _, f := range opt.Draft.Footprints {
			*plan.Ensure(f.ID) = f
		}
	}
	return plan, draft, nil
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

// designRegions designs the regions on two workers, reporting progress
// as each finishes. Once ctx is done, regions not yet started are
// skipped.
func designRegions(ctx context.Context, a *footprint.Atlas, opt Options, regions []region, draft map[string]string, locked map[string]bool, start time.Time) ([]PlaceResult, []map[int32]string) {
	results := make([]PlaceResult, len(regions))
	assigns := make([]map[int32]string, len(regions))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if ctx.Err() != nil {
					continue
				}
				d := newDesigner(ctx, a, opt, regions[i], uint64(i))
				assigns[i], results[i] = d.run(draft, locked)
				mu.Lock()
				done++
				if opt.Progress != nil {
					opt.Progress(footprint.ProgressEvent{Step: "design", Done: done, Total: len(regions), Unit: "places", Elapsed: time.Since(start), Detail: regions[i].name})
				}
				mu.Unlock()
			}
		}()
	}
	for i := range regions {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results, assigns
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
