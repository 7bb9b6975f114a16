package design

import (
	"cmp"
	"fmt"
	"slices"
)

// coreStart starts a proposal from PCN cores: for each PCN whose sites
// all lie in the region, easiest first, a connected set of unclaimed
// LSOAs grown from its sites, densest in its patients first, until it
// holds every site and a little more than the aligned share of its
// patients, within the band's maximum. Cores that reach the re-align
// share with every site become footprints; the LSOAs left over are
// partitioned into footprints of their own where they can stand alone,
// or join a neighbouring footprint with room; repair then mends what is
// out of band. It returns the reasons for what it could not mend.
func (d *designer) coreStart(order int) []string {
	d.reset()
	a := d.a
	type cand struct {
		p    int32
		need int64
	}
	var cands []cand
	in := func(u int32) bool { return d.in[u] }
	for _, p := range sitedIn(a, d.reg, d.in) {
		if d.cancelledNow() { // each PCN scans the whole region
			return nil
		}
		if x, bad := whyUnaligned(a, d.opt.Settings, d.reg, d.in, p); bad && x.Reason != TooBig {
			continue
		}
		cands = append(cands, cand{p, d.residentsFor(p, d.opt.Settings.PCNAligned)})
	}
	slices.SortFunc(cands, func(x, y cand) int {
		return cmp.Or(cmp.Compare(x.need, y.need), cmp.Compare(a.PCNs[x.p].Code, a.PCNs[y.p].Code))
	})
	switch {
	case order == 1:
		slices.Reverse(cands)
	case order > 1:
		d.rng.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	}
	for _, c := range cands {
		if d.cancelled() {
			return nil
		}
		if core := d.growCore(c.p); core != nil {
			f := d.newFootprint(fmt.Sprintf("%s-core-%s", d.reg.code, a.PCNs[c.p].Code))
			for _, u := range core {
				d.set(u, f)
			}
		}
	}
	var rest []int32
	for _, u := range d.reg.units {
		if _, ok := d.assign[u]; !ok {
			rest = append(rest, u)
		}
	}
	free := map[int32]bool{}
	for _, u := range rest {
		free[u] = true
	}
	for ci, comp := range d.components(rest, func(u int32) bool { return in(u) && free[u] }) {
		if lo, hi := d.feasibleK(d.sizeOf(comp)); lo <= hi && lo > 0 {
			d.partition(comp, fmt.Sprintf("%s-rest-%d", d.reg.code, ci+1))
		}
	}
	d.attachOrphans()
	d.origin = nil
	return d.repair()
}

// coreStarts is how many orders of PCNs coreStarts tries: easiest first,
// hardest first, then shuffled.
const coreStarts = 8

// largeRegion is the size, in LSOAs, above which a region (all places
// designed together) gets one start of each kind: each costs more, and
// the search has more room.
const largeRegion = 1000

// starts is n, or the designer's own number of orders if it has one, or 1
// for a large region.
func (d *designer) starts(n int) int {
	if d.orders > 0 {
		n = d.orders
	}
	if len(d.reg.units) > largeRegion {
		return 1
	}
	return n
}

// coreStarts builds cores in several orders of the PCNs, anneals each
// briefly, and keeps the start the alignment-first objective then rates
// best, feasible first. It
// returns the kept start's reasons.
func (d *designer) coreStarts() snapshot {
	var best snapshot
	bestJ, have := 0.0, false
	for order := 0; order < d.starts(coreStarts) && !d.cancelled(); order++ {
		reasons := d.coreStart(order)
		j := -1e6 - 1000*float64(d.violations())
		if d.feasible() {
			s := newState(d, OptionWeights(AlignmentFirst), nil, nil)
			s.anneal(schedule{d.budget() / 8, 0.02, 0.001})
			s.commit()
			j = s.total()
		}
		if !have || j > bestJ {
			best, bestJ, have = d.save(reasons), j, true
		}
	}
	return best
}

// residentsFor is the fewest residents that could hold the share of PCN
// p's patients, taking the region's LSOAs densest in its patients first.
func (d *designer) residentsFor(p int32, share float64) int64 {
	type lsoa struct{ n, pop int64 }
	var ls []lsoa
	for _, u := range d.reg.units {
		for _, c := range d.a.UnitPCNs(u) {
			if c.PCN == p {
				ls = append(ls, lsoa{c.N, d.size[u]})
			}
		}
	}
	slices.SortFunc(ls, func(x, y lsoa) int { return cmp.Compare(y.n*max(x.pop, 1), x.n*max(y.pop, 1)) })
	target := int64(share * float64(d.a.PCNRegistered(p)))
	var got, pop int64
	for _, l := range ls {
		if got >= target {
			break
		}
		got += l.n
		pop += l.pop
	}
	return pop
}

// coreMargin is how far past the aligned share a core grows, so that the
// search can trade a few LSOAs at its edge without losing the status.
const coreMargin = 0.10

// growCore grows PCN p's core from its sites over unclaimed LSOAs, or
// returns nil if no core holds every site and the re-align share within
// the band's maximum.
func (d *designer) growCore(p int32) []int32 {
	a := d.a
	var sites []int32
	for _, q := range a.PCNSites(p) {
		u := a.Practices[q].Unit
		if _, taken := d.assign[u]; taken || !d.in[u] {
			return nil
		}
		sites = append(sites, u)
	}
	if len(sites) == 0 {
		return nil
	}
	R := float64(a.PCNRegistered(p))
	patients := func(u int32) int64 {
		for _, c := range a.UnitPCNs(u) {
			if c.PCN == p {
				return c.N
			}
		}
		return 0
	}
	isSite := map[int32]bool{}
	for _, u := range sites {
		isSite[u] = true
	}
	inCore := map[int32]bool{sites[0]: true}
	core := []int32{sites[0]}
	size, got := d.size[sites[0]], patients(sites[0])
	target := int64((d.opt.Settings.PCNAligned + coreMargin) * R)
	for {
		sitesIn := 0
		for _, u := range sites {
			if inCore[u] {
				sitesIn++
			}
		}
		if sitesIn == len(sites) && got >= target {
			break
		}
		best, bestScore := int32(-1), -1.0
		for _, u := range core {
			for _, v := range a.Graph().Neighbours(u) {
				if _, taken := d.assign[v]; taken || !d.in[v] || inCore[v] || size+d.size[v] > d.max {
					continue
				}
				score := float64(patients(v)) / float64(max(d.size[v], 1))
				if isSite[v] {
					score += 1e9
				}
				if score > bestScore || score == bestScore && v < best {
					best, bestScore = v, score
				}
			}
		}
		if best < 0 {
			break
		}
		inCore[best] = true
		core = append(core, best)
		size += d.size[best]
		got += patients(best)
	}
	for _, u := range sites {
		if !inCore[u] {
			return nil
		}
	}
	if float64(got) < d.opt.Settings.PCNRealign*R {
		return nil
	}
	return core
}
