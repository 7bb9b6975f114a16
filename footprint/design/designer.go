package design

import (
	"context"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo/graph"
)

// designer designs one region. Footprints are indexes into fpID; the
// state is kept as integer counts so moves are cheap and exact.
type designer struct {
	a       *footprint.Atlas
	opt     Options
	reg     region
	rng     *rand.Rand
	in      map[int32]bool // units of the region
	size    []int64        // per unit: residents, or need-weighted residents
	min     int64
	max     int64
	assign  map[int32]int32 // unit to footprint
	fpID    []string
	fpSize  []int64
	fpUnits []int
	locked  []bool
	kept    []bool // valid at the start and kept: they lose none of their own LSOAs
	orders  int    // how many orders of PCNs coreStarts tries; 0: coreStarts
	steps   int
	// searchTime is the time spent in local search since the last outcome.
	searchTime time.Duration
	origin     map[int32]int32 // in repair, each LSOA's footprint at the start
	// cost weighs the boundaries a spanning tree prefers to cut: between
	// PCN catchments, wards and MSOAs.
	cost struct{ pcn, ward, msoa float64 }
	// costScale weighs edge costs in spanning trees: 1 at first, less on
	// retries.
	costScale float64
	search    *graph.Search // reused by staysConnected
	// ctx stops the design: every loop a request can make long asks
	// cancelled, which looks at ctx every pollEvery calls.
	ctx     context.Context
	polls   int
	stopped bool
}

// pollEvery is how many calls of cancelled pass between looks at the
// context: often enough that a cancelled design stops within
// milliseconds, rarely enough to cost nothing in local search.
const pollEvery = 64

// cancelled reports whether the design's context is done. Once it is,
// every loop unwinds without finishing its work: Run then returns the
// context's error, and the half-made design is dropped.
func (d *designer) cancelled() bool {
	if d.stopped {
		return true
	}
	d.polls++
	if d.polls%pollEvery == 0 && d.ctx.Err() != nil {
		d.stopped = true
	}
	return d.stopped
}

// cancelledNow is cancelled looking at the context every time, for loops
// whose every turn is costly, such as building a spanning tree.
func (d *designer) cancelledNow() bool {
	if !d.stopped && d.ctx.Err() != nil {
		d.stopped = true
	}
	return d.stopped
}

// newDesigner returns a designer of the region, with random stream
// stream of the seed, that stops soon after ctx is done.
func newDesigner(ctx context.Context, a *footprint.Atlas, opt Options, reg region, stream uint64) *designer {
	d := &designer{ctx: ctx, a: a, opt: opt, reg: reg, rng: rand.New(rand.NewPCG(opt.Seed, stream*0x9e3779b97f4a7c15+1)),
		in: make(map[int32]bool, len(reg.units)), size: make([]int64, len(a.Units)), assign: map[int32]int32{},
		min: opt.Settings.BandMin, max: opt.Settings.BandMax, costScale: 1, search: a.Graph().NewSearch()}
	d.cost.pcn, d.cost.ward, d.cost.msoa = 1, 0.5, 0.25
	for _, u := range reg.units {
		d.in[u] = true
		d.size[u] = unitSize(a, opt.Settings, u)
	}
	return d
}

// fromDraft starts from the draft's footprints, gives LSOAs without one
// to a neighbour, and repairs the result. Footprints in keep stay as they
// are, unless the region can't be repaired around them: then, for each
// piece left broken, the smallest kept footprint touching it is let go,
// and it tries again, at last with none kept. It returns the reasons for what it could not repair.
func (d *designer) fromDraft(start map[int32]string, locked, keep map[string]bool) []string {
	keep = maps.Clone(keep)
	for round := 0; ; round++ {
		reasons := d.fromDraftKeeping(start, locked, keep)
		if d.feasible() || !slices.Contains(d.kept, true) || d.cancelled() {
			return reasons
		}
		n := len(keep)
		d.releaseNear(d.pool(), keep)
		if len(keep) == n || round >= 16 {
			keep = nil
		}
		d.reset()
	}
}

// releaseNear lets go, for each connected piece of the pool that repair
// left broken, the one kept footprint touching it with the fewest
// residents: the least change that may let the piece be mended.
func (d *designer) releaseNear(pool []int32, keep map[string]bool) {
	in := map[int32]bool{}
	for _, u := range pool {
		in[u] = true
	}
	for _, comp := range d.components(pool, func(u int32) bool { return in[u] }) {
		if f := d.nearestKept(comp, keep); f >= 0 {
			delete(keep, d.fpID[f])
		}
	}
}

// nearestKept is the kept footprint still in keep nearest the units,
// through footprints not kept: of those touching them, the one with the
// fewest residents; else the first a breadth-first search reaches; -1 if
// none.
func (d *designer) nearestKept(units []int32, keep map[string]bool) int32 {
	seen := map[int32]bool{}
	frontier := slices.Clone(units)
	for _, u := range units {
		seen[u] = true
	}
	for len(frontier) > 0 {
		best := int32(-1)
		var next []int32
		for _, u := range frontier {
			for _, v := range d.a.Graph().Neighbours(u) {
				f, ok := d.assign[v]
				if !ok || seen[v] {
					continue
				}
				seen[v] = true
				switch {
				case d.kept[f] && keep[d.fpID[f]]:
					if best < 0 || d.fpSize[f] < d.fpSize[best] {
						best = f
					}
				case !d.locked[f]:
					next = append(next, v)
				}
			}
		}
		if best >= 0 {
			return best
		}
		frontier = next
	}
	return -1
}

// fromDraftKeeping is fromDraft keeping the footprints in keep.
func (d *designer) fromDraftKeeping(start map[int32]string, locked, keep map[string]bool) []string {
	d.place(start, locked, keep)
	// Kept footprints are locked while the rest are repaired.
	wasLocked := slices.Clone(d.locked)
	for f, k := range d.kept {
		d.locked[f] = d.locked[f] || k
	}
	d.attachOrphans()
	reasons := d.repair()
	n := copy(d.locked, wasLocked)
	for f := n; f < len(d.locked); f++ {
		d.locked[f] = false
	}
	return reasons
}

// place assigns the units as the start has them, to footprints of the
// start's ids, locked and kept as the sets say, and returns the index of
// each id.
func (d *designer) place(start map[int32]string, locked, keep map[string]bool) map[string]int32 {
	ids := map[string]int32{}
	for _, u := range d.reg.units {
		id, ok := start[u]
		if !ok {
			continue
		}
		f, ok := ids[id]
		if !ok {
			f = d.newFootprint(id)
			ids[id] = f
			d.locked[f] = locked[id]
			d.kept[f] = keep[id] && !locked[id]
		}
		d.set(u, f)
	}
	return ids
}

// reset clears the designer for another start.
func (d *designer) reset() {
	d.assign = map[int32]int32{}
	d.fpID, d.fpSize, d.fpUnits, d.locked, d.kept = nil, nil, nil, nil, nil
	d.origin = nil
	d.steps = 0
}

// sizeOf is the units' total size: residents, or need-weighted residents.
func (d *designer) sizeOf(units []int32) int64 {
	var n int64
	for _, u := range units {
		n += d.size[u]
	}
	return n
}

// components returns the connected components of the units under the
// membership test, each sorted.
func (d *designer) components(units []int32, in func(int32) bool) [][]int32 {
	seen := make([]bool, len(d.a.Units))
	comps := d.a.Graph().ComponentsOf(units, in, seen)
	return comps
}

// feasibleK returns the footprint counts a component of size n allows.
func (d *designer) feasibleK(n int64) (lo, hi int) {
	return int((n + d.max - 1) / d.max), int(n / d.min)
}

// isIn tests membership of footprint f: a unit outside the region has
// no footprint, not footprint 0.
func (d *designer) isIn(f int32) func(int32) bool {
	return func(u int32) bool {
		g, ok := d.assign[u]
		return ok && g == f
	}
}

// newFootprint adds an empty footprint with the id and returns its
// index.
func (d *designer) newFootprint(id string) int32 {
	d.fpID = append(d.fpID, id)
	d.fpSize = append(d.fpSize, 0)
	d.fpUnits = append(d.fpUnits, 0)
	d.locked = append(d.locked, false)
	d.kept = append(d.kept, false)
	return int32(len(d.fpID) - 1)
}

// set assigns unit u to footprint f (before the objective is built).
func (d *designer) set(u, f int32) {
	if old, ok := d.assign[u]; ok {
		d.fpSize[old] -= d.size[u]
		d.fpUnits[old]--
	}
	d.assign[u] = f
	d.fpSize[f] += d.size[u]
	d.fpUnits[f]++
}

// members returns the region's units in footprint f, in region order.
func (d *designer) members(f int32) []int32 {
	var m []int32
	for _, u := range d.reg.units {
		if g, ok := d.assign[u]; ok && g == f {
			m = append(m, u)
		}
	}
	return m
}
