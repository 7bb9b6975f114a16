package design

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// starts is what a region's design starts from, by LSOA code.
type starts struct {
	draft      map[string]string // from-pcn: the catchments; repair: the draft
	catchments map[string]string // the PCN catchments
	locked     map[string]bool   // footprints no design may change
	keep       map[string]bool   // valid footprints from-pcn and repair keep
}

// outcome is one option's design of a region.
type outcome struct {
	option Option
	assign map[int32]string
	res    PlaceResult
}

// snapshot is a designer's assignment, to go back to.
type snapshot struct {
	assign       map[int32]int32
	fpID         []string
	fpSize       []int64
	fpUnits      []int
	locked, kept []bool
	origin       map[int32]int32
	reasons      []string
	feasible     bool
}

// save snapshots the designer with the reasons its start gave.
func (d *designer) save(reasons []string) snapshot {
	return snapshot{maps.Clone(d.assign), slices.Clone(d.fpID), slices.Clone(d.fpSize), slices.Clone(d.fpUnits),
		slices.Clone(d.locked), slices.Clone(d.kept), maps.Clone(d.origin), reasons, d.feasible()}
}

// keptCount is how many footprints the snapshot keeps from its start.
func (s snapshot) keptCount() int {
	n := 0
	for f, k := range s.kept {
		if k && s.fpUnits[f] > 0 {
			n++
		}
	}
	return n
}

// restore goes back to a snapshot.
func (d *designer) restore(s snapshot) {
	d.assign, d.fpID, d.fpSize, d.fpUnits = maps.Clone(s.assign), slices.Clone(s.fpID), slices.Clone(s.fpSize), slices.Clone(s.fpUnits)
	d.locked, d.kept, d.origin = slices.Clone(s.locked), slices.Clone(s.kept), maps.Clone(s.origin)
}

// unitStart is an assignment by code as one by unit, for the region.
func (d *designer) unitStart(byCode map[string]string) map[int32]string {
	start := map[int32]string{}
	for _, u := range d.reg.units {
		if id, ok := byCode[d.a.Units[u].Code]; ok {
			start[u] = id
		}
	}
	return start
}

// budget is the local-search steps of one option.
func (d *designer) budget() int {
	if d.opt.Steps > 0 {
		return d.opt.Steps
	}
	return max(minSteps, stepsPerUnit*len(d.reg.units))
}

// stepsPerUnit is the default local-search budget of an option, per LSOA.
const stepsPerUnit = 150

// balancedBudget is how many times the default budget the balanced
// option gets: it has the most to weigh.
const balancedBudget = 3

// minSteps is the least default budget: small places are cheap to search
// thoroughly.
const minSteps = 20000

// run designs the region and returns one outcome per option: the three
// options in Propose, one in from-pcn and repair.
func (d *designer) run(st starts) []outcome {
	t := time.Now()
	if d.opt.Mode != Propose {
		reasons := d.mendStart(st)
		return []outcome{d.outcome("", d.unitStart(st.draft), reasons, t)}
	}
	catch := d.coreStarts()
	d.reset()
	bis := d.save(d.proposeStart())
	if !catch.feasible {
		catch = bis // whose reasons say best why a place cannot be partitioned
	}
	if !bis.feasible && catch.feasible {
		bis = catch
	}
	var out []outcome
	var last snapshot
	start := d.unitStart(st.catchments)
	for _, o := range d.opt.options() {
		switch o {
		case AlignmentFirst:
			d.restore(catch)
		case CommunitiesFirst:
			d.restore(bis)
		case Balanced:
			// Balanced starts where alignment first ended, if it ran.
			if len(out) == 0 || out[len(out)-1].option != AlignmentFirst {
				d.restore(catch)
			}
		}
		t := time.Now()
		reasons := catch.reasons
		if o == CommunitiesFirst {
			reasons = bis.reasons
		}
		if d.feasible() {
			steps := d.budget()
			if o == Balanced {
				steps *= balancedBudget
			}
			d.improve(newState(d, d.opt.weightsOf(o), nil, nil), schedule{steps, 0.03, 0.0005})
		}
		if o == CommunitiesFirst && len(out) > 0 && out[len(out)-1].option == Balanced {
			d.bestOf(last, o)
		}
		oc := d.outcome(o, start, reasons, t)
		oc.res.MovedLSOAs, oc.res.Moved = 0, 0
		out = append(out, oc)
		last = d.save(nil)
		d.steps = 0
	}
	return out
}

// mendStart designs from-pcn and repair: it mends the start by repair,
// and in from-pcn also by designing afresh around the kept catchments
// (see fromCatchments) catchmentTries times, and improves each by a
// short local search. It searches the best of them (see bestMend) for
// the rest of the budget, and returns its reasons.
func (d *designer) mendStart(st starts) []string {
	start := d.unitStart(st.draft)
	var cands []snapshot
	screen := d.budget() / screenShare
	if d.opt.Mode == FromPCN {
		for try := range catchmentTries {
			if reasons, ok := d.fromCatchments(start, st.locked, st.keep, try); ok {
				cands = append(cands, d.searched(reasons, schedule{screen, 0.02, 0.0005}))
			}
		}
	}
	steps := d.steps
	d.reset()
	cands = append(cands, d.searched(d.fromDraft(start, st.locked, st.keep), schedule{screen, 0.02, 0.0005}))
	steps += d.steps
	best := d.bestMend(cands)
	d.restore(cands[best])
	d.steps = steps
	c := d.searched(cands[best].reasons, schedule{d.budget() - screen, 0.01, 0.0005})
	if d.bestMend([]snapshot{cands[best], c}) == 0 {
		d.restore(cands[best])
	}
	return cands[best].reasons
}

// catchmentTries is how many fresh designs around the kept catchments
// from-pcn tries, each from its own random stream, before it keeps the
// best: the one start decides much of what the search can reach.
const catchmentTries = 4

// catchmentOrders is how many orders of PCN cores each of those tries
// builds (see coreStarts): fewer than Propose's, as the tries are
// searched and the best kept.
const catchmentOrders = 3

// thinnestKept is the least Polsby-Popper score, as the search measures
// it, that mendStart prefers every footprint to reach: a margin above
// KeepPolsbyPopper, as the search measures a shape from the boundary
// lengths of the LSOA graph and the scorer from dissolved geometry, which
// can differ a little.
const thinnestKept = KeepPolsbyPopper + 0.01

// screenShare is the share of the search budget, one in screenShare,
// that each start of from-pcn and repair is searched for before the best
// is searched for the rest.
const screenShare = 3

// bestMend is the index of the best of the snapshots: the feasible one,
// then one with no footprint thinner than thinnestKept, then the one
// keeping more valid footprints, then the one the objective rates higher.
func (d *designer) bestMend(cands []snapshot) int {
	best, bestTier, bestKept, bestJ := -1, 0, 0, 0.0
	for i, c := range cands {
		d.restore(c)
		s := newState(d, d.opt.Weights, d.kept, d.origin)
		tier := 0
		switch {
		case !c.feasible:
			tier = 2
		case s.thinnest() < thinnestKept:
			tier = 1
		}
		j, kept := s.total(), c.keptCount()
		if best < 0 || tier < bestTier || tier == bestTier && (kept > bestKept || kept == bestKept && j > bestJ) {
			best, bestTier, bestKept, bestJ = i, tier, kept, j
		}
	}
	return best
}

// searched improves a feasible start by local search on the schedule,
// trying two moves at once where one alone leaves the band, and
// snapshots it with the reasons.
func (d *designer) searched(reasons []string, sc schedule) snapshot {
	if d.feasible() && sc.steps > 0 {
		st := newState(d, d.opt.Weights, d.kept, d.origin)
		st.chains = true
		d.improve(st, sc)
	}
	return d.save(reasons)
}

// bestOf anneals a second start for an option, from the snapshot, and
// keeps whichever of it and the designer's current assignment the
// option's objective rates higher. Communities first so tries both the
// fresh partition and the balanced plan given back its wards.
func (d *designer) bestOf(from snapshot, o Option) {
	w := d.opt.weightsOf(o)
	steps := d.steps
	cur := d.save(nil)
	curJ := newState(d, w, nil, nil).total()
	d.restore(from)
	if !d.feasible() {
		d.restore(cur)
		return
	}
	d.improve(newState(d, w, nil, nil), schedule{d.budget(), 0.03, 0.0005})
	if !d.feasible() || newState(d, w, nil, nil).total() <= curJ {
		d.restore(cur)
	}
	d.steps += steps
}

// improve anneals the state and finishes greedily, then writes it back.
func (d *designer) improve(s *state, sc schedule) {
	t := time.Now()
	defer func() { d.searchTime += time.Since(t) }()
	s.anneal(sc)
	s.greedy(sc.steps / 4)
	s.commit()
}

// outcome reports the designer's assignment as an option's outcome.
func (d *designer) outcome(o Option, start map[int32]string, reasons []string, t time.Time) outcome {
	a := d.a
	res := PlaceResult{Place: d.reg.code, Name: d.reg.name, Population: d.sizeOf(d.reg.units), Feasible: d.feasible()}
	out := make(map[int32]string, len(d.assign))
	for u, f := range d.assign {
		out[u] = d.fpID[f]
	}
	for f := range d.fpID {
		if d.fpUnits[f] > 0 {
			res.Footprints++
			if d.kept[f] {
				res.Kept++
			}
		}
	}
	for _, u := range d.reg.units {
		if id, ok := start[u]; ok && out[u] != id {
			res.MovedLSOAs++
			res.Moved += int64(a.Units[u].Pop)
		}
	}
	if !res.Feasible {
		res.Reason = explain(reasons)
	}
	res.Steps = d.steps
	res.Seconds = time.Since(t).Seconds()
	res.SearchSeconds = d.searchTime.Seconds()
	d.searchTime = 0
	return outcome{option: o, assign: out, res: res}
}

// proposeStart partitions the region by spanning-tree bisection from
// several seeded starts and keeps the one the communities-first
// objective rates best. It returns the reasons the kept start gave for
// parts it could not partition.
func (d *designer) proposeStart() []string {
	var best snapshot
	bestJ := 0.0
	have := false
	saved := d.cost
	d.cost.pcn, d.cost.ward, d.cost.msoa = 0.5, 1, 0.5
	defer func() { d.cost = saved }()
	for try := 0; try < d.starts(restarts) && !d.cancelled(); try++ {
		d.reset()
		var reasons []string
		comps := d.components(d.reg.units, func(u int32) bool { return d.in[u] })
		for ci, comp := range comps {
			reasons = append(reasons, d.partition(comp, fmt.Sprintf("%s-%d", d.reg.code, ci+1))...)
		}
		d.kept = make([]bool, len(d.fpID))
		// Feasibility first: an attempt that breaks the band loses to
		// any that does not.
		j := newState(d, OptionWeights(CommunitiesFirst), nil, nil).total() - 1000*float64(d.violations())
		if !have || j > bestJ {
			best, bestJ, have = d.save(reasons), j, true
		}
	}
	d.restore(best)
	return best.reasons
}

// restarts is how many seeded starts a proposal tries.
const restarts = 8

// violations counts unlocked footprints out of band.
func (d *designer) violations() int {
	n := 0
	for f := range d.fpID {
		if d.fpUnits[f] > 0 && !d.locked[f] && (d.fpSize[f] < d.min || d.fpSize[f] > d.max) {
			n++
		}
	}
	return n
}
