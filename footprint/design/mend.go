package design

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

// fromCatchments keeps the valid catchments of the start and designs
// the rest of the region afresh from PCN cores (see coreStarts), as
// compact footprints in band. Where the rest can't be made into
// footprints in band, the kept footprint nearest each piece left broken
// is let go and it tries again. New footprints take the ids of the
// start's footprints they overlap most, one to one, so the search can
// count what moved. It reports false if it found no way, leaving the
// designer to be reset.
func (d *designer) fromCatchments(start map[int32]string, locked, keep map[string]bool, try int) ([]string, bool) {
	keep = maps.Clone(keep)
	for round := range 16 {
		if d.cancelled() {
			return nil, false
		}
		d.reset()
		ids := d.place(start, locked, keep)
		d.orphansToKept()
		free := d.freeUnits()
		d.pocketsToKept(free)
		free = d.freeUnits()
		sub := newDesigner(d.ctx, d.a, d.opt, region{code: d.reg.code, name: d.reg.name, units: free}, uint64(len(d.reg.units))<<12|uint64(try)<<6|uint64(round))
		sub.orders = catchmentOrders
		snap := sub.coreStarts()
		sub.restore(snap)
		if sub.feasible() {
			d.adopt(sub, start, ids)
			return snap.reasons, true
		}
		n := len(keep)
		d.releaseNear(sub.pool(), keep)
		if len(keep) == n {
			return nil, false
		}
	}
	return nil, false
}

// freeUnits is the region's units in no kept or locked footprint.
func (d *designer) freeUnits() []int32 {
	var free []int32
	for _, u := range d.reg.units {
		if f, ok := d.assign[u]; !ok || !d.kept[f] && !d.locked[f] {
			free = append(free, u)
		}
	}
	return free
}

// pocketsToKept gives each connected piece of the free units that can't
// be footprints in band on its own, and touches only kept or locked
// footprints, to the kept one it shares most boundary with, if that has
// room: the kept footprint loses none of its LSOAs and takes in a pocket
// no footprint could hold otherwise.
func (d *designer) pocketsToKept(free []int32) {
	in := map[int32]bool{}
	for _, u := range free {
		in[u] = true
	}
	for _, comp := range d.components(free, func(u int32) bool { return in[u] }) {
		n := d.sizeOf(comp)
		if lo, hi := d.feasibleK(n); lo <= hi && lo > 0 {
			continue
		}
		if n > d.max {
			d.shedPocket(comp, in)
			continue
		}
		shared := map[int32]float64{}
		for _, u := range comp {
			ws := d.a.Graph().Weights(u)
			for k, v := range d.a.Graph().Neighbours(u) {
				if f, ok := d.assign[v]; ok && d.in[v] && !in[v] && d.kept[f] && d.fpSize[f]+n <= d.max {
					shared[f] += ws[k]
				}
			}
		}
		best, bestW := int32(-1), 0.0
		for f, w := range shared {
			if w > bestW || w == bestW && best >= 0 && d.fpID[f] < d.fpID[best] {
				best, bestW = f, w
			}
		}
		if best >= 0 {
			for _, u := range comp {
				d.set(u, best)
			}
		}
	}
}

// shedPocket gives LSOAs at the edge of a pocket too big for one
// footprint and too small for two to the kept footprints around it until
// the rest fits in one footprint, and the rest stays in one piece: first
// within a ninth of what each kept footprint holds, so that it still
// makes up nine tenths of it, then up to the band's maximum. A kept
// footprint loses none of its LSOAs. in marks the free units, and loses
// those shed.
func (d *designer) shedPocket(comp []int32, in map[int32]bool) {
	left := d.sizeOf(comp)
	rest := slices.Clone(comp)
	start := map[int32]int64{}
	rest = d.shedTo(rest, &left, in, func(f int32) int64 {
		if _, ok := start[f]; !ok {
			start[f] = d.fpSize[f]
		}
		return min(d.max, start[f]*10/9)
	})
	d.shedTo(rest, &left, in, func(int32) int64 { return d.max })
}

// shedTo sheds units of rest, largest first, to kept footprints that
// stay within limit, while left, the residents of rest, is above the
// band, and returns what is left of rest.
func (d *designer) shedTo(rest []int32, left *int64, in map[int32]bool, limit func(int32) int64) []int32 {
	for *left > d.max && len(rest) > 1 && !d.cancelled() {
		best, to := int32(-1), int32(-1)
		for _, u := range rest {
			for _, v := range d.a.Graph().Neighbours(u) {
				f, ok := d.assign[v]
				if !ok || in[v] || !d.in[v] || !d.kept[f] || d.fpSize[f]+d.size[u] > limit(f) {
					continue
				}
				if (best < 0 || d.size[u] > d.size[best]) && d.connectedWithout(rest, u, in) {
					best, to = u, f
				}
			}
		}
		if best < 0 {
			return rest
		}
		d.set(best, to)
		delete(in, best)
		rest = slices.DeleteFunc(rest, func(x int32) bool { return x == best })
		*left -= d.size[best]
	}
	return rest
}

// connectedWithout reports whether the units, all marked in, stay in one
// piece without u.
func (d *designer) connectedWithout(units []int32, u int32, in map[int32]bool) bool {
	start := units[0]
	if start == u {
		start = units[1]
	}
	return d.search.From(start, func(y int32) bool { return y != u && in[y] }, nil) == len(units)-1
}

// orphansToKept gives LSOAs the start left without a footprint to a kept
// footprint they touch, with room, sharing most boundary: an LSOA with no
// registered patients enclosed by kept catchments would otherwise cost
// one of them. A kept footprint keeps every LSOA it had.
func (d *designer) orphansToKept() {
	for changed := true; changed; {
		changed = false
		for _, u := range d.reg.units {
			if _, ok := d.assign[u]; ok {
				continue
			}
			best, bestW := int32(-1), 0.0
			ws := d.a.Graph().Weights(u)
			for k, v := range d.a.Graph().Neighbours(u) {
				if f, ok := d.assign[v]; ok && d.kept[f] && d.fpSize[f]+d.size[u] <= d.max && ws[k] > bestW {
					best, bestW = f, ws[k]
				}
			}
			if best >= 0 {
				d.set(u, best)
				changed = true
			}
		}
	}
}

// adopt takes the sub-designer's footprints for its units, each under
// the id of the start footprint it overlaps most (one to one, largest
// overlaps first, never a kept or locked one), or a new id, and sets
// each unit's origin to its start footprint.
func (d *designer) adopt(sub *designer, start map[int32]string, ids map[string]int32) {
	type pair struct {
		g, f int32
		n    int64
	}
	ov := map[[2]int32]int64{}
	for u, g := range sub.assign {
		if id, ok := start[u]; ok {
			if f := ids[id]; !d.kept[f] && !d.locked[f] {
				ov[[2]int32{g, f}] += d.size[u]
			}
		}
	}
	pairs := make([]pair, 0, len(ov))
	for k, n := range ov {
		pairs = append(pairs, pair{k[0], k[1], n})
	}
	slices.SortFunc(pairs, func(x, y pair) int {
		return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(d.fpID[x.f], d.fpID[y.f]), cmp.Compare(x.g, y.g))
	})
	to := map[int32]int32{}
	used := map[int32]bool{}
	for _, p := range pairs {
		if _, ok := to[p.g]; !ok && !used[p.f] {
			to[p.g], used[p.f] = p.f, true
		}
	}
	for g := range sub.fpID {
		if _, ok := to[int32(g)]; !ok && sub.fpUnits[g] > 0 {
			to[int32(g)] = d.newFootprint(fmt.Sprintf("%s-new-%d", d.reg.code, len(d.fpID)+1))
		}
	}
	for _, u := range sub.reg.units {
		if g, ok := sub.assign[u]; ok {
			d.set(u, to[g])
		}
	}
	d.origin = map[int32]int32{}
	for u, id := range start {
		d.origin[u] = ids[id]
	}
}
