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

// Run designs footprints: in Propose, one plan per option along the
// trade-off between PCN alignment and whole communities; in from-pcn and
// repair, one plan that keeps every valid footprint of its start. Places
// are designed in parallel, each with its own random stream from the
// seed, so the same seed gives the same plans. Bad options, and a band
// no arrangement of LSOAs can meet (see Check), are an EInvalid error,
// found before any design work; a cancelled context gives an error
// wrapping the context's error, within milliseconds, as every inner loop
// looks at it.
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
	base, err := baseline.Build(a, baseline.PCN, nil)
	if err != nil {
		return nil, fmt.Errorf("design: PCN catchments: %w", err)
	}
	plan, from := startPlan(opt, base)
	for _, pl := range places {
		plan.Places = append(plan.Places, a.Places[pl].Code)
	}
	regions := regionsOf(a, opt.Settings, plan.Places, places)
	st := starts{draft: from.Assign, catchments: base.Assign, locked: lockedIDs(opt)}
	if opt.Mode != Propose {
		if st.keep, err = keepIDs(a, opt, from); err != nil {
			return nil, err
		}
	}
	outs := designRegions(ctx, a, opt, regions, st, start)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("design cancelled: %w", err)
	}
	why := unalignable(a, opt.Settings, regions)
	res := &Result{}
	for k, o := range opt.options() {
		or, err := assemble(a, opt, plan, from, st.keep, regions, outs, k, why)
		if err != nil {
			return nil, err
		}
		or.Option, or.Title, or.Weights = o, o.Title(), opt.weightsOf(o)
		if o == "" {
			or.Title, or.Weights = plan.Name, opt.Weights
		}
		res.Options = append(res.Options, or)
		if o == Balanced || o == "" {
			res.Plan, res.Places = or.Plan, or.Places
		}
		for _, p := range or.Places {
			res.Steps += p.Steps
		}
	}
	if res.Plan == nil {
		res.Plan, res.Places = res.Options[0].Plan, res.Options[0].Places
	}
	res.Seconds = time.Since(start).Seconds()
	if res.Seconds > 0 {
		res.StepsPerSecond = float64(res.Steps) / res.Seconds
	}
	return res, nil
}

// assemble makes option k's plan from the regions' outcomes, with its
// scorecard against the start and what it kept of the valid footprints.
func assemble(a *footprint.Atlas, opt Options, tmpl, from *footprint.Plan, valid map[string]bool, regions []region, outs [][]outcome, k int, why map[string][]Unalignable) (OptionResult, error) {
	plan := tmpl.Clone()
	o := outs[0][k].option
	if o != "" {
		plan.Name = "Proposal: " + strings.ToLower(o.Title())
	}
	assigns := make([]map[int32]string, len(regions))
	var or OptionResult
	for i := range regions {
		assigns[i] = outs[i][k].assign
		p := outs[i][k].res
		p.Unalignable = why[regions[i].code]
		if p.Unalignable == nil {
			p.Unalignable = []Unalignable{}
		}
		or.Places = append(or.Places, p)
	}
	if opt.Mode == Propose {
		renumber(a, regions, assigns)
	} else {
		renameShared(a, plan, regions, assigns)
	}
	for i, m := range assigns {
		for u, id := range m {
			plan.Assign[a.Units[u].Code] = id
			info := plan.Ensure(id)
			if info.Name == id && opt.Mode == Propose {
				info.Name = fmt.Sprintf("%s %s", regions[i].name, strings.TrimPrefix(id, idPrefix(regions[i])+"-"))
			}
		}
	}
	keepUsed(plan, lockedIDs(opt))
	plan.Normalize()
	colour.Assign(a, plan)
	card, err := scorecard(a, plan, from, valid)
	if err != nil {
		return or, err
	}
	or.Plan, or.Scorecard = plan, card
	return or, nil
}

// renumber gives the footprints of each region ids of the region's code
// and a number, in the order of their first LSOA's code.
func renumber(a *footprint.Atlas, regions []region, assigns []map[int32]string) {
	for i, m := range assigns {
		first := map[string]string{}
		for u, id := range m {
			if c, ok := first[id]; !ok || a.Units[u].Code < c {
				first[id] = a.Units[u].Code
			}
		}
		ids := make([]string, 0, len(first))
		for id := range first {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(x, y string) int { return cmp.Compare(first[x], first[y]) })
		to := map[string]string{}
		for j, id := range ids {
			to[id] = fmt.Sprintf("%s-%02d", idPrefix(regions[i]), j+1)
		}
		for u, id := range m {
			m[u] = to[id]
		}
	}
}

// idPrefix is the prefix of a region's footprint ids: its place code, or
// "cross" for places designed together, whose joined codes would make
// ids too long.
func idPrefix(r region) string {
	if strings.Contains(r.code, "+") {
		return "cross"
	}
	return r.code
}

// startPlan makes the plan the mode starts from, named and holding the
// footprints of its start, and returns it with the plan it starts from:
// the PCN catchments, or the draft in repair. The options are prepared.
func startPlan(opt Options, base *footprint.Plan) (plan, from *footprint.Plan) {
	plan = footprint.NewPlan("")
	plan.Settings = opt.Settings
	from = base
	switch opt.Mode {
	case Propose:
		plan.Name = "Proposal"
	case FromPCN:
		plan.Name = "From PCN catchments"
		for _, f := range base.Footprints {
			*plan.Ensure(f.ID) = f
		}
	case Repair:
		plan.Name = opt.Draft.Name + " (repaired)"
		from = opt.Draft
		for _, f := range opt.Draft.Footprints {
			*plan.Ensure(f.ID) = f
		}
	}
	return plan, from
}

// designRegions designs the regions on two workers, reporting progress
// as each finishes, and returns each region's outcome per option. Once
// ctx is done, regions not yet started are skipped.
func designRegions(ctx context.Context, a *footprint.Atlas, opt Options, regions []region, st starts, start time.Time) [][]outcome {
	outs := make([][]outcome, len(regions))
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
				outs[i] = d.run(st)
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
	return outs
}
