package footprint

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// DesignMode says how design starts.
type DesignMode string

// Design modes.
const (
	// ModePropose partitions each place afresh.
	ModePropose DesignMode = "propose"
	// ModeFromPCN starts from the PCN catchments and moves as few LSOAs as
	// it can until every footprint is in band and contiguous.
	ModeFromPCN DesignMode = "from-pcn"
	// ModeRepair fixes a draft's out-of-band and non-contiguous
	// footprints, leaving locked ones untouched.
	ModeRepair DesignMode = "repair"
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

// DefaultWeights: PCN alignment first, then whole wards and compact
// shapes, then whole MSOAs.
func DefaultWeights() Weights { return Weights{PCN: 1, Ward: 0.5, MSOA: 0.25, Cut: 0.5} }

// DesignOptions configure a design run.
type DesignOptions struct {
	Mode     DesignMode
	Places   []string // place codes; empty means all
	Seed     uint64
	Settings Settings // band, need weighting, crossing places
	Weights  Weights
	Draft    *Plan // the plan to repair
	Progress Progress
	// Steps caps local-search steps per place (0: a default by size).
	Steps int
}

// PlaceDesign reports the design of one place.
type PlaceDesign struct {
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

// DesignResult is a designed plan with its per-place report.
type DesignResult struct {
	Plan           *Plan         `json:"-"`
	Places         []PlaceDesign `json:"places"`
	Steps          int           `json:"steps"`
	StepsPerSecond float64       `json:"steps_per_second"`
	Seconds        float64       `json:"seconds"`
}

// region is a set of units designed together: one place, or all chosen
// places when footprints may cross them.
type region struct {
	code, name string
	units      []int32
}

// Design proposes or repairs footprints. Places are designed in parallel,
// each with its own random stream from the seed, so the same seed gives
// the same plan.
func Design(ctx context.Context, a *Atlas, opt DesignOptions) (*DesignResult, error) {
	start := time.Now()
	if opt.Settings.BandMax == 0 {
		opt.Settings = DefaultSettings()
	}
	if err := opt.Settings.Validate(); err != nil {
		return nil, err
	}
	if opt.Weights == (Weights{}) {
		opt.Weights = DefaultWeights()
	}
	var places []int32
	if len(opt.Places) == 0 {
		for i := range a.Places {
			places = append(places, int32(i))
		}
	}
	for _, c := range opt.Places {
		pl := a.PlaceIndex(c)
		if pl < 0 {
			return nil, Errorf(EInvalid, "unknown place code %q", c)
		}
		places = append(places, pl)
	}
	plan := NewPlan("")
	plan.Settings = opt.Settings
	var draft map[string]string
	switch opt.Mode {
	case ModePropose:
		plan.Name = "Proposal"
	case ModeFromPCN:
		plan.Name = "From PCN catchments"
		base, err := Baseline(a, BaselinePCN, nil)
		if err != nil {
			return nil, err
		}
		draft = base.Assign
		for _, f := range base.Footprints {
			*plan.Footprint(f.ID) = f
		}
	case ModeRepair:
		if opt.Draft == nil {
			return nil, Errorf(EInvalid, "repair needs a draft plan")
		}
		if err := opt.Draft.Check(a); err != nil {
			return nil, err
		}
		plan.Name = opt.Draft.Name + " (repaired)"
		draft = opt.Draft.Assign
		for _, f := range opt.Draft.Footprints {
			*plan.Footprint(f.ID) = f
		}
		if len(opt.Places) == 0 && len(opt.Draft.Places) > 0 {
			places = places[:0]
			for _, c := range opt.Draft.Places {
				places = append(places, a.PlaceIndex(c))
			}
		}
	default:
		return nil, Errorf(EInvalid, "unknown design mode %q: use propose, from-pcn or repair", opt.Mode)
	}
	for _, pl := range places {
		plan.Places = append(plan.Places, a.Places[pl].Code)
	}
	var regions []region
	if opt.Settings.AllowCrossPlace && len(places) > 1 {
		r := region{code: strings.Join(plan.Places, "+"), name: "the chosen places"}
		for _, pl := range places {
			r.units = append(r.units, a.Places[pl].Units...)
		}
		slices.Sort(r.units)
		regions = []region{r}
	} else {
		for _, pl := range places {
			regions = append(regions, region{code: a.Places[pl].Code, name: a.Places[pl].Name, units: a.Places[pl].Units})
		}
	}
	locked := map[string]bool{}
	if opt.Mode == ModeRepair {
		for _, f := range opt.Draft.Footprints {
			if f.Locked {
				locked[f.ID] = true
			}
		}
	}
	results := make([]PlaceDesign, len(regions))
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
				d := newDesigner(a, opt, regions[i], uint64(i))
				assigns[i], results[i] = d.run(draft, locked)
				mu.Lock()
				done++
				if opt.Progress != nil {
					opt.Progress(ProgressEvent{Step: "design", Done: done, Total: len(regions), Unit: "places", Elapsed: time.Since(start), Detail: regions[i].name})
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
	if err := ctx.Err(); err != nil {
		return nil, Errorf(EInvalid, "design cancelled")
	}
	res := &DesignResult{Plan: plan, Places: results}
	// A footprint id used in several places (a PCN's, say) stays with the
	// place holding most of its residents; elsewhere it gets the place's
	// code.
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
			info := *plan.Footprint(id)
			info.ID, info.Name = nid, info.Name+" ("+regions[p.region].name+")"
			*plan.Footprint(nid) = info
		}
	}
	for i, m := range assigns {
		for u, id := range m {
			if nid, ok := rename[[2]string{id, regions[i].code}]; ok {
				m[u] = nid
			}
		}
	}
	for i, m := range assigns {
		for u, id := range m {
			plan.Assign[a.Units[u].Code] = id
			info := plan.Footprint(id)
			if info.Name == id && opt.Mode == ModePropose {
				info.Name = fmt.Sprintf("%s %s", regions[i].name, strings.TrimPrefix(id, regions[i].code+"-"))
			}
		}
		res.Steps += results[i].Steps
	}
	// Keep only footprints that hold LSOAs, or locked ones.
	var keep []FootprintInfo
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
	plan.index = nil
	plan.Normalize()
	ColourFootprints(a, plan)
	res.Seconds = time.Since(start).Seconds()
	if res.Seconds > 0 {
		res.StepsPerSecond = float64(res.Steps) / res.Seconds
	}
	return res, nil
}

// designer designs one region. Footprints are indexes into fpID; the
// state is kept as integer counts so moves are cheap and exact.
type designer struct {
	a       *Atlas
	opt     DesignOptions
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
	// Objective state.
	pr      map[int32][]int64 // per PCN, patients by footprint
	pcnBest map[int32]int64   // per PCN, its patients in its home footprint
	ward    map[int32]map[int32]int32
	msoa    map[int32]map[int32]int32
	splitsW int
	splitsM int
	cut     int
	steps   int
	norm    struct{ pcn, ward, msoa, cut float64 }
	origin  map[int32]int32 // in repair, each LSOA's footprint at the start
	// costScale weighs edge costs in spanning trees: 1 at first, less on
	// retries.
	costScale float64
}

func newDesigner(a *Atlas, opt DesignOptions, reg region, stream uint64) *designer {
	d := &designer{a: a, opt: opt, reg: reg, rng: rand.New(rand.NewPCG(opt.Seed, stream*0x9e3779b97f4a7c15+1)),
		in: make(map[int32]bool, len(reg.units)), size: make([]int64, len(a.Units)), assign: map[int32]int32{},
		min: opt.Settings.BandMin, max: opt.Settings.BandMax, costScale: 1}
	for _, u := range reg.units {
		d.in[u] = true
		if opt.Settings.NeedWeighted {
			d.size[u] = int64(math.Round(float64(a.score.need[u]) / micro))
		} else {
			d.size[u] = int64(a.Units[u].Pop)
		}
	}
	return d
}

func (d *designer) sizeOf(units []int32) int64 {
	var n int64
	for _, u := range units {
		n += d.size[u]
	}
	return n
}

// components of the units under the membership test, each sorted.
func (d *designer) components(units []int32, in func(int32) bool) [][]int32 {
	seen := make([]bool, len(d.a.Units))
	comps := d.a.graph.ComponentsOf(units, in, seen)
	return comps
}

// feasibleK returns the footprint counts a component of size n allows.
func (d *designer) feasibleK(n int64) (lo, hi int) {
	return int((n + d.max - 1) / d.max), int(n / d.min)
}

func (d *designer) run(draft map[string]string, locked map[string]bool) (map[int32]string, PlaceDesign) {
	t := time.Now()
	a := d.a
	res := PlaceDesign{Place: d.reg.code, Name: d.reg.name, Population: d.sizeOf(d.reg.units), Feasible: true}
	start := map[int32]string{}
	for _, u := range d.reg.units {
		if id, ok := draft[a.Units[u].Code]; ok {
			start[u] = id
		}
	}
	var reasons []string
	switch d.opt.Mode {
	case ModePropose:
		// Several seeded starts; keep the best objective.
		var best map[int32]int32
		var bestIDs []string
		bestJ := math.Inf(-1)
		steps := 0
		for try := 0; try < d.restarts(); try++ {
			d.reset()
			reasons = reasons[:0]
			comps := d.components(d.reg.units, func(u int32) bool { return d.in[u] })
			for ci, comp := range comps {
				reasons = append(reasons, d.partition(comp, fmt.Sprintf("%s-%d", d.reg.code, ci+1))...)
			}
			d.buildObjective()
			d.localSearch()
			steps += d.steps
			// Feasibility first: an attempt that breaks the band loses to
			// any that does not.
			j := d.objective() - 1000*float64(d.violations())
			if j > bestJ {
				bestJ, best, bestIDs = j, maps.Clone(d.assign), slices.Clone(d.fpID)
			}
		}
		d.reset()
		d.fpID = bestIDs
		d.fpSize = make([]int64, len(bestIDs))
		d.fpUnits = make([]int, len(bestIDs))
		d.locked = make([]bool, len(bestIDs))
		for u, f := range best {
			d.set(u, f)
		}
		d.steps = steps
	default:
		// Start from the draft; LSOAs without a footprint join a neighbour.
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
			}
			d.set(u, f)
		}
		d.attachOrphans()
		reasons = d.repair()
	}
	out := make(map[int32]string, len(d.assign))
	for u, f := range d.assign {
		out[u] = d.fpID[f]
	}
	for f := range d.fpID {
		if d.fpUnits[f] > 0 {
			res.Footprints++
		}
	}
	for _, u := range d.reg.units {
		if id, ok := start[u]; ok && out[u] != id {
			res.MovedLSOAs++
			res.Moved += int64(a.Units[u].Pop)
		}
	}
	if d.opt.Mode == ModePropose {
		res.MovedLSOAs, res.Moved = 0, 0
	}
	// Check the hard constraints, whatever the path.
	for f := range d.fpID {
		if d.fpUnits[f] == 0 || d.locked[f] {
			continue
		}
		if d.fpSize[f] < d.min || d.fpSize[f] > d.max {
			res.Feasible = false
		}
		if len(d.components(d.members(int32(f)), d.isIn(int32(f)))) > 1 {
			res.Feasible = false
		}
	}
	if !res.Feasible {
		slices.Sort(reasons)
		reasons = slices.Compact(reasons)
		if len(reasons) == 0 {
			reasons = []string{"no partition into contiguous footprints within the band was found"}
		}
		res.Reason = strings.Join(reasons, "; ")
	}
	res.Steps = d.steps
	res.Seconds = time.Since(t).Seconds()
	return out, res
}

// isIn tests membership of footprint f: a unit outside the region has
// no footprint, not footprint 0.
func (d *designer) isIn(f int32) func(int32) bool {
	return func(u int32) bool {
		g, ok := d.assign[u]
		return ok && g == f
	}
}

// restarts is how many seeded starts a proposal tries.
func (d *designer) restarts() int {
	return 24
}

// reset clears the designer for another start.
func (d *designer) reset() {
	d.assign = map[int32]int32{}
	d.fpID, d.fpSize, d.fpUnits, d.locked = nil, nil, nil, nil
	d.splitsW, d.splitsM, d.cut, d.steps = 0, 0, 0, 0
}

// violations counts footprints out of band.
func (d *designer) violations() int {
	n := 0
	for f := range d.fpID {
		if d.fpUnits[f] > 0 && !d.locked[f] && (d.fpSize[f] < d.min || d.fpSize[f] > d.max) {
			n++
		}
	}
	return n
}

// objective is the value the local search raises.
func (d *designer) objective() float64 {
	w := d.opt.Weights
	var best int64
	for _, b := range d.pcnBest {
		best += b
	}
	return w.PCN*float64(best)/d.norm.pcn - w.Ward*float64(d.splitsW)/d.norm.ward - w.MSOA*float64(d.splitsM)/d.norm.msoa - w.Cut*float64(d.cut)/d.norm.cut
}

func (d *designer) newFootprint(id string) int32 {
	d.fpID = append(d.fpID, id)
	d.fpSize = append(d.fpSize, 0)
	d.fpUnits = append(d.fpUnits, 0)
	d.locked = append(d.locked, false)
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

func (d *designer) members(f int32) []int32 {
	var m []int32
	for _, u := range d.reg.units {
		if g, ok := d.assign[u]; ok && g == f {
			m = append(m, u)
		}
	}
	return m
}

// edgeCost is how much cutting the edge u-v is worth: boundaries between
// PCN catchments, wards and MSOAs are where footprints should meet.
func (d *designer) edgeCost(u, v int32) float64 {
	a := d.a
	c := 0.0
	if a.score.leader[u] != a.score.leader[v] {
		c += 4 * d.opt.Weights.PCN
	}
	if a.Units[u].Ward != a.Units[v].Ward {
		c += 2 * d.opt.Weights.Ward
	}
	if a.Units[u].MSOA != a.Units[v].MSOA {
		c += d.opt.Weights.MSOA
	}
	if d.origin != nil && d.origin[u] != d.origin[v] {
		c += 16 // in repair, the old boundaries first: fewer LSOAs move
	}
	return c
}

// partition splits a connected component into footprints in band by
// recursive bisection of a spanning tree. It returns reasons when it
// cannot.
func (d *designer) partition(comp []int32, prefix string) []string {
	n := d.sizeOf(comp)
	lo, hi := d.feasibleK(n)
	if lo > hi || lo == 0 {
		f := d.newFootprint(prefix)
		for _, u := range comp {
			d.set(u, f)
		}
		return []string{d.why(comp, n)}
	}
	k := int(math.Round(float64(n) / float64((d.min+d.max)/2)))
	k = max(lo, min(hi, k))
	var parts [][]int32
	// Later tries weigh the edge costs less, so the trees grow more
	// varied, towards uniform random spanning trees.
	tries := max(40, min(300, 60000/max(1, len(comp))))
	for try := 0; try < tries && parts == nil; try++ {
		kk := k
		if try >= 20 { // try the other feasible counts too
			kk = lo + try%(hi-lo+1)
		}
		d.costScale = max(0, 1-float64(try)/float64(tries/2))
		parts = d.bisect(comp, kk, 0)
	}
	d.costScale = 1
	if parts == nil {
		f := d.newFootprint(prefix)
		for _, u := range comp {
			d.set(u, f)
		}
		return []string{fmt.Sprintf("%s: no split of %s residents into %d contiguous footprints in band was found", d.reg.name, thousands(n), k)}
	}
	for i, p := range parts {
		f := d.newFootprint(fmt.Sprintf("%s%s", prefix, partSuffix(i, len(parts))))
		for _, u := range p {
			d.set(u, f)
		}
	}
	return nil
}

func partSuffix(i, n int) string {
	if n == 1 {
		return ""
	}
	return fmt.Sprintf("-%02d", i+1)
}

// why explains why a component cannot be footprints in band.
func (d *designer) why(comp []int32, n int64) string {
	a := d.a
	what := fmt.Sprintf("%s has %s residents", d.reg.name, thousands(n))
	if len(comp) < len(d.reg.units) {
		ex := a.Units[comp[0]]
		what = fmt.Sprintf("a part of %s cut off from the rest (%d LSOAs with %s residents, around %s %s), by the river or the place's edge,", d.reg.name, len(comp), thousands(n), ex.Code, ex.Name)
	}
	if n < d.min {
		return fmt.Sprintf("%s: fewer than the band's %s", what, thousands(d.min))
	}
	lo, _ := d.feasibleK(n)
	return fmt.Sprintf("%s: too many for one footprint of at most %s and too few for %d of at least %s", what, thousands(d.max), lo, thousands(d.min))
}

// bisect splits comp into k parts in band, recursively, cutting a
// minimum spanning tree (random tie-breaks) where the cut is worth most.
// It returns nil when it finds no valid cut.
func (d *designer) bisect(comp []int32, k, depth int) [][]int32 {
	if k == 1 {
		n := d.sizeOf(comp)
		if n < d.min || n > d.max {
			return nil
		}
		return [][]int32{comp}
	}
	parent, order := d.spanningTree(comp)
	sub := map[int32]int64{}
	for i := len(order) - 1; i >= 0; i-- {
		u := order[i]
		sub[u] += d.size[u]
		if p := parent[u]; p >= 0 {
			sub[p] += sub[u]
		}
	}
	total := sub[order[0]]
	type cut struct {
		u     int32
		k1    int
		score float64
	}
	var cuts []cut
	for _, u := range order[1:] {
		s := sub[u]
		for k1 := 1; k1 < k; k1++ {
			if s < int64(k1)*d.min || s > int64(k1)*d.max || total-s < int64(k-k1)*d.min || total-s > int64(k-k1)*d.max {
				continue
			}
			// Prefer cuts on boundaries, then balanced ones.
			target := float64(total) * float64(k1) / float64(k)
			score := d.edgeCost(u, parent[u]) - 0.5*math.Abs(float64(s)-target)/float64(total) + 0.01*d.rng.Float64()
			cuts = append(cuts, cut{u, k1, score})
		}
	}
	slices.SortStableFunc(cuts, func(x, y cut) int { return cmp.Compare(y.score, x.score) })
	// The best cuts in turn, until one splits all the way down.
	for _, c := range cuts[:min(len(cuts), 6)] {
		if parts := d.cutAt(comp, parent, order, c.u, c.k1, k, depth); parts != nil {
			return parts
		}
	}
	return nil
}

// cutAt splits comp at the tree edge above u into k1 and k-k1 parts.
func (d *designer) cutAt(comp []int32, parent map[int32]int32, order []int32, at int32, k1, k, depth int) [][]int32 {
	best := struct {
		u  int32
		k1 int
	}{at, k1}
	// Split at best.u: its subtree against the rest.
	inSub := map[int32]bool{best.u: true}
	for _, u := range order {
		if p := parent[u]; p >= 0 && inSub[p] {
			inSub[u] = true
		}
	}
	var left, right []int32
	for _, u := range comp {
		if inSub[u] {
			left = append(left, u)
		} else {
			right = append(right, u)
		}
	}
	lp := d.bisect(left, best.k1, depth+1)
	if lp == nil {
		return nil
	}
	rp := d.bisect(right, k-best.k1, depth+1)
	if rp == nil {
		return nil
	}
	return append(lp, rp...)
}

// spanningTree builds a minimum spanning tree of comp with Kruskal over
// edge costs plus a random jitter, and returns parents and a BFS order
// from the root.
func (d *designer) spanningTree(comp []int32) (map[int32]int32, []int32) {
	in := make(map[int32]bool, len(comp))
	for _, u := range comp {
		in[u] = true
	}
	type edge struct {
		u, v int32
		w    float64
	}
	var edges []edge
	for _, u := range comp {
		for _, v := range d.a.graph.Neighbours(u) {
			if v > u && in[v] {
				edges = append(edges, edge{u, v, d.costScale*d.edgeCost(u, v) + d.rng.Float64()})
			}
		}
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].w < edges[j].w })
	root := map[int32]int32{}
	for _, u := range comp {
		root[u] = u
	}
	var find func(int32) int32
	find = func(x int32) int32 {
		for root[x] != x {
			root[x] = root[root[x]]
			x = root[x]
		}
		return x
	}
	adj := map[int32][]int32{}
	for _, e := range edges {
		ru, rv := find(e.u), find(e.v)
		if ru != rv {
			root[ru] = rv
			adj[e.u] = append(adj[e.u], e.v)
			adj[e.v] = append(adj[e.v], e.u)
		}
	}
	parent := map[int32]int32{comp[0]: -1}
	order := []int32{comp[0]}
	for i := 0; i < len(order); i++ {
		u := order[i]
		for _, v := range adj[u] {
			if _, seen := parent[v]; !seen {
				parent[v] = u
				order = append(order, v)
			}
		}
	}
	return parent, order
}

// attachOrphans gives region LSOAs with no footprint to the neighbouring
// footprint sharing most boundary, or a footprint of their own.
func (d *designer) attachOrphans() {
	for changed := true; changed; {
		changed = false
		for _, u := range d.reg.units {
			if _, ok := d.assign[u]; ok {
				continue
			}
			if f := d.bestNeighbour([]int32{u}, -1); f >= 0 {
				d.set(u, f)
				changed = true
			}
		}
	}
	for _, u := range d.reg.units {
		if _, ok := d.assign[u]; !ok {
			d.set(u, d.newFootprint(fmt.Sprintf("%s-new-%s", d.reg.code, d.a.Units[u].Code)))
		}
	}
}

// bestNeighbour is the unlocked footprint, other than not, sharing the
// most boundary with the units, or -1.
func (d *designer) bestNeighbour(units []int32, not int32) int32 {
	shared := map[int32]float64{}
	for _, u := range units {
		ws := d.a.graph.Weights(u)
		for k, v := range d.a.graph.Neighbours(u) {
			if f, ok := d.assign[v]; ok && d.in[v] && f != not && !d.locked[f] && !slices.Contains(units, v) {
				shared[f] += ws[k]
			}
		}
	}
	best, bestW := int32(-1), 0.0
	for f, w := range shared {
		if w > bestW || (w == bestW && best >= 0 && d.fpID[f] < d.fpID[best]) {
			best, bestW = f, w
		}
	}
	return best
}

// repair makes every unlocked footprint contiguous and in band, moving
// few LSOAs. Footprints that already are stay as they are. Detached
// pieces, footprints out of band and LSOAs with none form a pool; each
// connected piece of the pool is split into footprints in band along
// the old boundaries where it can, or, where it is too small to stand
// alone, split together with its smallest neighbour. New parts keep the
// old id they overlap most, so LSOAs move only where they must.
func (d *designer) repair() []string {
	d.origin = maps.Clone(d.assign)
	var reasons []string
	for round := 0; round < 12; round++ {
		// Single moves first: a footprint a little out of band sheds or
		// takes boundary LSOAs to or from neighbours with room.
		for f := range d.fpID {
			if f := int32(f); !d.locked[f] && d.fpUnits[f] > 0 {
				d.shedOrGrow(f)
			}
		}
		pool := d.pool()
		if len(pool) == 0 {
			return nil
		}
		inPool := map[int32]bool{}
		for _, u := range pool {
			inPool[u] = true
		}
		changed := false
		reasons = reasons[:0]
		for _, comp := range d.components(pool, func(u int32) bool { return inPool[u] }) {
			if d.repartition(comp) {
				changed = true
				continue
			}
			// Too small, or in a gap of the band: take in neighbouring
			// footprints, one, then two, then ring after ring of them, up
			// to the whole connected area.
			done := false
			nb := d.neighbours(comp)
			var tries [][]int32
			for _, g := range nb {
				tries = append(tries, []int32{g})
			}
			for i := 0; i+1 < len(nb); i++ {
				tries = append(tries, []int32{nb[i], nb[i+1]})
			}
			ring := slices.Clone(nb)
			for r := 0; r < 12 && len(ring) > 0; r++ {
				tries = append(tries, slices.Clone(ring))
				grown := d.neighbours(d.unitsOf(ring, comp))
				if len(grown) == 0 {
					break
				}
				ring = append(ring, grown...) // every footprint within r+1 steps
			}
			for _, gs := range tries {
				union := slices.Clone(comp)
				for _, g := range gs {
					union = append(union, d.members(g)...)
				}
				slices.Sort(union)
				union = slices.Compact(union)
				if d.repartition(union) {
					done, changed = true, true
					break
				}
			}
			if !done {
				ex := d.a.Units[comp[0]]
				reasons = append(reasons, fmt.Sprintf("%d LSOAs with %s residents around %s %s could not be made into footprints in band with their neighbours", len(comp), thousands(d.sizeOf(comp)), ex.Code, ex.Name))
			}
		}
		if !changed {
			break
		}
	}
	// Last resort: design each connected area of unlocked footprints
	// afresh, still along the old boundaries where it can.
	if len(d.pool()) > 0 {
		var free []int32
		for _, u := range d.reg.units {
			if f, ok := d.assign[u]; ok && !d.locked[f] {
				free = append(free, u)
			}
		}
		in := map[int32]bool{}
		for _, u := range free {
			in[u] = true
		}
		for _, comp := range d.components(free, func(u int32) bool { return in[u] }) {
			if d.hasViolation(comp) {
				d.repartition(comp)
			}
		}
		if len(d.pool()) == 0 {
			reasons = nil
		}
	}
	return reasons
}

// hasViolation reports whether any footprint with units in comp is out of
// band or in pieces.
func (d *designer) hasViolation(comp []int32) bool {
	seen := map[int32]bool{}
	for _, u := range comp {
		f := d.assign[u]
		if seen[f] {
			continue
		}
		seen[f] = true
		if d.fpSize[f] < d.min || d.fpSize[f] > d.max || len(d.components(d.members(f), d.isIn(f))) > 1 {
			return true
		}
	}
	return false
}

// shedOrGrow moves single boundary LSOAs between f and its neighbours
// until f is in band, when neighbours have room and every footprint
// involved stays in one piece.
func (d *designer) shedOrGrow(f int32) {
	for guard := 0; guard < 64 && (d.fpSize[f] > d.max || d.fpSize[f] < d.min); guard++ {
		over := d.fpSize[f] > d.max
		var best, to int32 = -1, -1
		for _, u := range d.members(f) {
			for _, v := range d.a.graph.Neighbours(u) {
				g, ok := d.assign[v]
				if !ok || !d.in[v] || g == f || d.locked[g] {
					continue
				}
				var x, from, dest int32
				if over {
					x, from, dest = u, f, g // shed u to g
				} else {
					x, from, dest = v, g, f // take v from g
				}
				if d.fpSize[dest]+d.size[x] > d.max || d.fpSize[from]-d.size[x] < d.min && from != f {
					continue
				}
				if over && d.fpSize[f]-d.size[x] < d.min {
					continue
				}
				if !d.staysConnected(from, x) {
					continue
				}
				if best < 0 || d.size[x] > d.size[best] || (d.size[x] == d.size[best] && x < best) {
					best, to = x, dest
				}
			}
		}
		if best < 0 {
			return
		}
		d.set(best, to)
	}
}

// pool gathers the LSOAs that repair must place: those of unlocked
// footprints out of band, and every piece but the largest of a footprint
// in pieces.
func (d *designer) pool() []int32 {
	var pool []int32
	for f := range d.fpID {
		f := int32(f)
		if d.locked[f] || d.fpUnits[f] == 0 {
			continue
		}
		m := d.members(f)
		comps := d.components(m, d.isIn(f))
		slices.SortStableFunc(comps, func(x, y []int32) int { return cmp.Compare(d.sizeOf(y), d.sizeOf(x)) })
		if n := d.sizeOf(comps[0]); n < d.min || n > d.max {
			pool = append(pool, comps[0]...)
		}
		for _, c := range comps[1:] {
			pool = append(pool, c...)
		}
	}
	slices.Sort(pool)
	return pool
}

// unitsOf gathers the members of footprints, with extra units.
func (d *designer) unitsOf(fps []int32, extra []int32) []int32 {
	out := slices.Clone(extra)
	for _, g := range fps {
		out = append(out, d.members(g)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// neighbours lists the unlocked footprints touching the units, smallest
// first.
func (d *designer) neighbours(units []int32) []int32 {
	in := map[int32]bool{}
	for _, u := range units {
		in[u] = true
	}
	seen := map[int32]bool{}
	var out []int32
	for _, u := range units {
		for _, v := range d.a.graph.Neighbours(u) {
			if g, ok := d.assign[v]; ok && d.in[v] && !in[v] && !d.locked[g] && !seen[g] {
				seen[g] = true
				out = append(out, g)
			}
		}
	}
	slices.SortFunc(out, func(x, y int32) int {
		if c := cmp.Compare(d.fpSize[x], d.fpSize[y]); c != 0 {
			return c
		}
		return cmp.Compare(d.fpID[x], d.fpID[y])
	})
	return out
}

// repartition splits connected units into footprints in band, cutting
// along the old boundaries where it can, and gives each part the old id
// it overlaps most. It reports whether it could.
func (d *designer) repartition(units []int32) bool {
	in := make(map[int32]bool, len(units))
	for _, u := range units {
		in[u] = true
	}
	// Each connected piece is split on its own; all must succeed.
	var parts [][]int32
	for _, comp := range d.components(units, func(u int32) bool { return in[u] }) {
		n := d.sizeOf(comp)
		lo, hi := d.feasibleK(n)
		if lo > hi || lo == 0 {
			return false
		}
		var cp [][]int32
		tries := max(24, min(200, 40000/max(1, len(comp))))
		for try := 0; try < tries && cp == nil; try++ {
			d.costScale = max(0, 1-float64(try)/float64(tries/2))
			cp = d.bisect(comp, lo+try%(hi-lo+1), 0)
		}
		d.costScale = 1
		if cp == nil {
			return false
		}
		parts = append(parts, cp...)
	}
	// Match parts to the footprints they came from, biggest overlaps first.
	type pair struct {
		part int
		f    int32
		n    int64
	}
	var pairs []pair
	for i, p := range parts {
		ov := map[int32]int64{}
		for _, u := range p {
			if f, ok := d.origin[u]; ok {
				ov[f] += d.size[u]
			}
		}
		for f, x := range ov {
			pairs = append(pairs, pair{i, f, x})
		}
	}
	slices.SortFunc(pairs, func(x, y pair) int {
		if c := cmp.Compare(y.n, x.n); c != 0 {
			return c
		}
		if c := cmp.Compare(d.fpID[x.f], d.fpID[y.f]); c != 0 {
			return c
		}
		return cmp.Compare(x.part, y.part)
	})
	id := make([]int32, len(parts))
	for i := range id {
		id[i] = -1
	}
	// A part may take an id only if that footprint lies wholly inside
	// the units: otherwise its LSOAs outside would join the part.
	inUnits := make(map[int32]bool, len(units))
	for _, u := range units {
		inUnits[u] = true
	}
	usedOutside := map[int32]bool{}
	for _, u := range d.reg.units {
		if f, ok := d.assign[u]; ok && !inUnits[u] {
			usedOutside[f] = true
		}
	}
	used := map[int32]bool{}
	for _, p := range pairs {
		if id[p.part] < 0 && !used[p.f] && !d.locked[p.f] && !usedOutside[p.f] {
			id[p.part], used[p.f] = p.f, true
		}
	}
	for i, p := range parts {
		if id[i] < 0 {
			id[i] = d.newFootprint(fmt.Sprintf("%s-new-%d", d.reg.code, len(d.fpID)+1))
		}
		for _, u := range p {
			d.set(u, id[i])
		}
	}
	return true
}

// buildObjective sets up the counts the local search improves.
func (d *designer) buildObjective() {
	a := d.a
	d.pr = map[int32][]int64{}
	d.pcnBest = map[int32]int64{}
	d.ward = map[int32]map[int32]int32{}
	d.msoa = map[int32]map[int32]int32{}
	var pcnTotal int64
	for _, u := range d.reg.units {
		f := d.assign[u]
		for _, c := range a.score.unitPCN[u] {
			if d.pr[c.pcn] == nil {
				d.pr[c.pcn] = make([]int64, len(d.fpID))
			}
			d.pr[c.pcn][f] += c.n
			pcnTotal += c.n
		}
		for _, m := range []struct {
			idx int32
			mp  map[int32]map[int32]int32
		}{{a.Units[u].Ward, d.ward}, {a.Units[u].MSOA, d.msoa}} {
			if m.idx < 0 {
				continue
			}
			if m.mp[m.idx] == nil {
				m.mp[m.idx] = map[int32]int32{}
			}
			m.mp[m.idx][f]++
		}
		for _, v := range a.graph.Neighbours(u) {
			if g, ok := d.assign[v]; ok && v > u && d.in[v] && g != f {
				d.cut++
			}
		}
	}
	for p, row := range d.pr {
		d.pcnBest[p] = slices.Max(row)
	}
	for _, m := range d.ward {
		d.splitsW += len(m) - 1
	}
	for _, m := range d.msoa {
		d.splitsM += len(m) - 1
	}
	d.norm.pcn = math.Max(float64(pcnTotal), 1)
	d.norm.ward = math.Max(float64(len(d.ward)), 1)
	d.norm.msoa = math.Max(float64(len(d.msoa)), 1)
	edges := 0
	for _, u := range d.reg.units {
		for _, v := range a.graph.Neighbours(u) {
			if v > u && d.in[v] {
				edges++
			}
		}
	}
	d.norm.cut = math.Max(float64(edges), 1)
}

// delta is the change in the objective if u moved from f to g.
func (d *designer) delta(u, f, g int32) float64 {
	a := d.a
	w := d.opt.Weights
	var dp int64
	for _, c := range a.score.unitPCN[u] {
		row := d.pr[c.pcn]
		old := d.pcnBest[c.pcn]
		row[f] -= c.n
		row[g] += c.n
		nb := max(row[g], old)
		if row[f]+c.n == old { // f was (one of) the home: recompute
			nb = slices.Max(row)
		}
		row[f] += c.n
		row[g] -= c.n
		dp += nb - old
	}
	splits := func(m map[int32]map[int32]int32, idx int32) int {
		if idx < 0 {
			return 0
		}
		parts := m[idx]
		s := 0
		if parts[f] == 1 {
			s--
		}
		if parts[g] == 0 {
			s++
		}
		return s
	}
	dw, dm := splits(d.ward, a.Units[u].Ward), splits(d.msoa, a.Units[u].MSOA)
	dc := 0
	for _, v := range a.graph.Neighbours(u) {
		h, ok := d.assign[v]
		if !ok || !d.in[v] {
			continue
		}
		if h == f {
			dc++
		}
		if h == g {
			dc--
		}
	}
	return w.PCN*float64(dp)/d.norm.pcn - w.Ward*float64(dw)/d.norm.ward - w.MSOA*float64(dm)/d.norm.msoa - w.Cut*float64(dc)/d.norm.cut
}

// move applies a move to the objective state.
func (d *designer) move(u, f, g int32) {
	a := d.a
	for _, c := range a.score.unitPCN[u] {
		row := d.pr[c.pcn]
		row[f] -= c.n
		row[g] += c.n
		d.pcnBest[c.pcn] = slices.Max(row)
	}
	for _, m := range []struct {
		idx int32
		mp  map[int32]map[int32]int32
		n   *int
	}{{a.Units[u].Ward, d.ward, &d.splitsW}, {a.Units[u].MSOA, d.msoa, &d.splitsM}} {
		if m.idx < 0 {
			continue
		}
		parts := m.mp[m.idx]
		parts[f]--
		if parts[f] == 0 {
			delete(parts, f)
			*m.n--
		}
		if parts[g] == 0 {
			*m.n++
		}
		parts[g]++
	}
	for _, v := range a.graph.Neighbours(u) {
		h, ok := d.assign[v]
		if !ok || !d.in[v] {
			continue
		}
		if h == f {
			d.cut++
		}
		if h == g {
			d.cut--
		}
	}
	d.set(u, g)
}

// localSearch moves boundary LSOAs to neighbouring footprints while the
// objective improves, keeping every footprint in band and contiguous.
func (d *designer) localSearch() {
	steps := d.opt.Steps
	if steps == 0 {
		steps = 40 * len(d.reg.units)
	}
	units := slices.Clone(d.reg.units)
	for pass := 0; pass < 8 && d.steps < steps; pass++ {
		d.rng.Shuffle(len(units), func(i, j int) { units[i], units[j] = units[j], units[i] })
		improved := false
		for _, u := range units {
			if d.steps >= steps {
				break
			}
			f := d.assign[u]
			if d.fpSize[f]-d.size[u] < d.min {
				continue
			}
			tried := map[int32]bool{}
			for _, v := range d.a.graph.Neighbours(u) {
				g, ok := d.assign[v]
				if !ok || !d.in[v] || g == f || tried[g] || d.fpSize[g]+d.size[u] > d.max {
					continue
				}
				tried[g] = true
				d.steps++
				if d.delta(u, f, g) <= 1e-12 {
					continue
				}
				if !d.staysConnected(f, u) {
					continue
				}
				d.move(u, f, g)
				improved = true
				break
			}
		}
		if !improved {
			break
		}
	}
}

// Moved counts the LSOAs and residents that changed footprint from one
// plan to another. Footprints are matched first: each footprint of to is
// matched to the footprint of from it shares most residents with, largest
// overlaps first, one to one; an LSOA has moved if its footprint in to is
// not matched to its footprint in from.
func Moved(a *Atlas, from, to *Plan) (lsoas int, residents int64) {
	type pair struct{ f, t string }
	overlap := map[pair]int64{}
	for code, t := range to.Assign {
		if f, ok := from.Assign[code]; ok {
			u, _ := a.UnitIndex(code)
			overlap[pair{f, t}] += int64(a.Units[u].Pop)
		}
	}
	pairs := make([]pair, 0, len(overlap))
	for p := range overlap {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(x, y pair) int {
		if c := cmp.Compare(overlap[y], overlap[x]); c != 0 {
			return c
		}
		if c := cmp.Compare(x.f, y.f); c != 0 {
			return c
		}
		return cmp.Compare(x.t, y.t)
	})
	match := map[string]string{}
	usedF := map[string]bool{}
	for _, p := range pairs {
		if _, ok := match[p.t]; ok || usedF[p.f] {
			continue
		}
		match[p.t] = p.f
		usedF[p.f] = true
	}
	for code, t := range to.Assign {
		if f, ok := from.Assign[code]; ok && match[t] != f {
			u, _ := a.UnitIndex(code)
			lsoas++
			residents += int64(a.Units[u].Pop)
		}
	}
	return lsoas, residents
}

// staysConnected reports whether footprint g stays in one piece without u.
func (d *designer) staysConnected(g, u int32) bool {
	if d.fpUnits[g] <= 1 {
		return false
	}
	var start int32 = -1
	for _, v := range d.a.graph.Neighbours(u) {
		if h, ok := d.assign[v]; ok && h == g {
			start = v
			break
		}
	}
	if start < 0 {
		return false
	}
	seen := map[int32]bool{start: true, u: true}
	stack := []int32{start}
	n := 1
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, y := range d.a.graph.Neighbours(x) {
			if !seen[y] {
				if h, ok := d.assign[y]; ok && h == g {
					seen[y] = true
					n++
					stack = append(stack, y)
				}
			}
		}
	}
	return n == d.fpUnits[g]-1
}
