package design

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

// attachOrphans gives region LSOAs with no footprint to the neighbouring
// footprint sharing most boundary, or a footprint of their own.
func (d *designer) attachOrphans() {
	for changed := true; changed && !d.cancelled(); {
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
		ws := d.a.Graph().Weights(u)
		for k, v := range d.a.Graph().Neighbours(u) {
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
// old id they overlap most, so LSOAs move only where they must. It
// returns the reasons for what it could not repair.
func (d *designer) repair() []string {
	d.origin = maps.Clone(d.assign)
	var reasons []string
	for round := 0; round < 12 && !d.cancelled(); round++ {
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
		var changed bool
		reasons, changed = d.repairPool(pool, reasons[:0])
		if !changed {
			break
		}
	}
	return d.redesignFree(reasons)
}

// repairPool repartitions each connected piece of the pool, alone or
// with its neighbours, and reports whether any changed. It appends to
// reasons a reason for each piece it could not place.
func (d *designer) repairPool(pool []int32, reasons []string) ([]string, bool) {
	inPool := map[int32]bool{}
	for _, u := range pool {
		inPool[u] = true
	}
	changed := false
	for _, comp := range d.components(pool, func(u int32) bool { return inPool[u] }) {
		if d.cancelled() {
			break
		}
		if d.repartition(comp) || d.absorb(comp) {
			changed = true
			continue
		}
		reasons = append(reasons, d.stuck(comp))
	}
	return reasons, changed
}

// absorb repartitions a piece too small to stand alone, or in a gap of
// the band, together with neighbouring footprints: one, then two, then
// ring after ring of them, up to the whole connected area. It reports
// whether it could.
func (d *designer) absorb(comp []int32) bool {
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
		if d.cancelled() {
			return false
		}
		union := slices.Clone(comp)
		for _, g := range gs {
			union = append(union, d.members(g)...)
		}
		slices.Sort(union)
		union = slices.Compact(union)
		if d.repartition(union) {
			return true
		}
	}
	return false
}

// redesignFree is the last resort: while the pool is not empty, it
// designs each connected area of unlocked footprints that has a
// violation afresh, still along the old boundaries where it can. It
// returns reasons, or none if the pool is then empty.
func (d *designer) redesignFree(reasons []string) []string {
	if len(d.pool()) == 0 {
		return reasons
	}
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
		if !d.cancelled() && d.hasViolation(comp) {
			d.repartition(comp)
		}
	}
	if len(d.pool()) == 0 {
		return nil
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
	for guard := 0; guard < 64 && (d.fpSize[f] > d.max || d.fpSize[f] < d.min) && !d.cancelled(); guard++ {
		over := d.fpSize[f] > d.max
		var best, to int32 = -1, -1
		for _, u := range d.members(f) {
			for _, v := range d.a.Graph().Neighbours(u) {
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
		for _, v := range d.a.Graph().Neighbours(u) {
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
	parts, ok := d.splitPieces(units)
	if !ok {
		return false
	}
	id := d.matchIDs(units, parts)
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

// splitPieces splits each connected piece of the units into footprints
// in band on its own, and returns all the parts. It reports whether
// every piece could be split.
func (d *designer) splitPieces(units []int32) ([][]int32, bool) {
	in := make(map[int32]bool, len(units))
	for _, u := range units {
		in[u] = true
	}
	var parts [][]int32
	for _, comp := range d.components(units, func(u int32) bool { return in[u] }) {
		n := d.sizeOf(comp)
		lo, hi := d.feasibleK(n)
		if lo > hi || lo == 0 {
			return nil, false
		}
		var cp [][]int32
		tries := max(24, min(200, 40000/max(1, len(comp))))
		for try := 0; try < tries && cp == nil && !d.cancelled(); try++ {
			d.costScale = max(0, 1-float64(try)/float64(tries/2))
			cp = d.bisect(comp, lo+try%(hi-lo+1), 0)
		}
		d.costScale = 1
		if cp == nil {
			return nil, false
		}
		parts = append(parts, cp...)
	}
	return parts, true
}

// matchIDs matches parts of the units to the footprints they came from,
// biggest overlaps first, one to one, and returns each part's footprint,
// or -1 for a part that needs a new one. A part may take a footprint
// only if it is unlocked and lies wholly inside the units: otherwise its
// LSOAs outside would join the part.
func (d *designer) matchIDs(units []int32, parts [][]int32) []int32 {
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
	return id
}

// staysConnected reports whether footprint g stays in one piece without u.
func (d *designer) staysConnected(g, u int32) bool {
	if d.fpUnits[g] <= 1 {
		return false
	}
	var start int32 = -1
	for _, v := range d.a.Graph().Neighbours(u) {
		if h, ok := d.assign[v]; ok && h == g {
			start = v
			break
		}
	}
	if start < 0 {
		return false
	}
	n := d.search.From(start, func(y int32) bool {
		h, ok := d.assign[y]
		return y != u && ok && h == g
	}, nil)
	return n == d.fpUnits[g]-1
}
