package design

import (
	"math"
	"slices"
)

// schedule is an annealing run: steps in all, from temperature t0 down to
// t1, geometrically, in objective units.
type schedule struct {
	steps  int
	t0, t1 float64
}

// anneal moves boundary LSOAs to neighbouring footprints by simulated
// annealing: a move that raises the objective is taken, one that lowers
// it by x with probability exp(−x/T). Every move keeps each footprint in
// band and in one piece; no LSOA leaves a locked or kept footprint, and
// none joins a locked one. A step is one
// move weighed. It stops early when the designer is cancelled.
func (s *state) anneal(sc schedule) {
	n := len(s.units)
	if n == 0 || sc.steps <= 0 {
		return
	}
	d := s.d
	g := d.a.Graph()
	t := sc.t0
	ratio := 1.0
	if sc.t0 > 0 && sc.t1 > 0 {
		ratio = math.Pow(sc.t1/sc.t0, 1024/float64(sc.steps))
	}
	start := s.steps
	for tries := 0; s.steps-start < sc.steps && tries < 8*sc.steps; tries++ {
		if d.cancelled() {
			return
		}
		i := int32(d.rng.IntN(n))
		u := s.units[i]
		f := s.assign[u]
		if s.pinned(u, f) || s.size[f]-d.size[u] < d.min {
			continue
		}
		nb := g.Neighbours(u)
		if len(nb) == 0 {
			continue
		}
		off := d.rng.IntN(len(nb))
		to := int32(-1)
		for j := range nb {
			v := nb[(off+j)%len(nb)]
			if h := s.assign[v]; h >= 0 && h != f && s.size[h]+d.size[u] <= s.cap[h] {
				to = h
				break
			}
		}
		if to < 0 {
			continue
		}
		s.steps++
		if (s.steps-start)%1024 == 0 {
			t *= ratio
		}
		if w := s.wardOf[i]; w >= 0 && s.w.Ward >= wardMoveWeight && s.wardCnt[int(w)*s.k+int(to)] > 0 && d.rng.IntN(4) == 0 {
			s.wardMove(i, f, to, t)
			continue
		}
		dl := s.delta(i, f, to)
		if dl <= 1e-12 && (t <= 0 || d.rng.Float64() >= math.Exp(dl/t)) {
			continue
		}
		if !s.staysConnected(u, f) {
			continue
		}
		s.apply(i, f, to)
	}
}

// wardMoveWeight is the least ward weight at which the search tries
// ward moves: below it, as in alignment first, whole wards are not
// worth the steps.
const wardMoveWeight = 0.1

// maxFragment is the most LSOAs a ward move takes at once.
const maxFragment = 16

// wardMove tries moving the piece of u's ward that lies in f and is
// connected to u, all at once, to g, which holds another piece of the
// ward: the move that mends a split ward, which single moves reach only
// through worse states. It is taken as a single move would be, at
// temperature t, if every footprint stays in band and in one piece; it
// reports whether it was.
func (s *state) wardMove(i, f, g int32, t float64) bool {
	d := s.d
	u := s.units[i]
	w := s.wardOf[i]
	frag := append(s.queue[:0], u)
	s.stamp++
	st := s.stamp
	s.mark[u] = st
	var size int64
	for h := 0; h < len(frag) && len(frag) <= maxFragment; h++ {
		if s.pinned(frag[h], f) {
			s.queue = frag
			return false
		}
		size += d.size[frag[h]]
		for _, v := range d.a.Graph().Neighbours(frag[h]) {
			if p := s.pos[v]; p >= 0 && s.mark[v] != st && s.assign[v] == f && s.wardOf[p] == w {
				s.mark[v] = st
				frag = append(frag, v)
			}
		}
	}
	if len(frag) > maxFragment || int32(len(frag)) >= s.nUnits[f] || s.size[f]-size < d.min || s.size[g]+size > s.cap[g] {
		s.queue = frag
		return false
	}
	frag = slices.Clone(frag)
	s.queue = frag[:0]
	var dl float64
	for _, x := range frag {
		dl += s.delta(s.pos[x], f, g)
		s.apply(s.pos[x], f, g)
	}
	if (dl <= 1e-12 && (t <= 0 || d.rng.Float64() >= math.Exp(dl/t))) || !s.connected(f, frag) {
		for j := len(frag) - 1; j >= 0; j-- {
			s.apply(s.pos[frag[j]], g, f)
		}
		return false
	}
	return true
}

// greedyWardMove tries, for a unit of a split ward, moving its piece of
// the ward to each neighbouring footprint holding another piece, taking
// the first that improves the objective. It reports whether one did.
func (s *state) greedyWardMove(i, f int32) bool {
	w := s.wardOf[i]
	if w < 0 || s.w.Ward < wardMoveWeight || s.wardParts[w] < 2 {
		return false
	}
	for _, v := range s.d.a.Graph().Neighbours(s.units[i]) {
		if h := s.assign[v]; h >= 0 && h != f && s.cap[h] > 0 && s.wardCnt[int(w)*s.k+int(h)] > 0 {
			s.steps++
			if s.wardMove(i, f, h, 0) {
				return true
			}
		}
	}
	return false
}

// connected reports whether footprint f is in one piece; near lists
// units whose neighbours are searched first for a unit of f to start
// from.
func (s *state) connected(f int32, near []int32) bool {
	if s.nUnits[f] == 0 {
		return true
	}
	var first int32 = -1
	for _, u := range near {
		for _, v := range s.d.a.Graph().Neighbours(u) {
			if s.assign[v] == f {
				first = v
				break
			}
		}
		if first >= 0 {
			break
		}
	}
	for i := 0; first < 0 && i < len(s.units); i++ {
		if s.assign[s.units[i]] == f {
			first = s.units[i]
		}
	}
	return s.d.search.From(first, func(v int32) bool { return s.assign[v] == f }, nil) == int(s.nUnits[f])
}

// greedy takes improving moves only, sweeping every unit in turn, until a
// sweep improves nothing or the step budget is spent.
func (s *state) greedy(steps int) {
	d := s.d
	g := d.a.Graph()
	start := s.steps
	for pass := 0; pass < 20 && s.steps-start < steps; pass++ {
		improved := false
		for i, u := range s.units {
			if d.cancelled() || s.steps-start >= steps {
				return
			}
			f := s.assign[u]
			if s.pinned(u, f) {
				continue
			}
			best, bestD := int32(-1), 1e-12
			blocked, blockedD := int32(-1), chainGain
			for _, v := range g.Neighbours(u) {
				h := s.assign[v]
				if h < 0 || h == f || s.cap[h] == 0 {
					continue
				}
				fits := s.size[h]+d.size[u] <= s.cap[h] && s.size[f]-d.size[u] >= d.min
				if !fits && !s.chains {
					continue
				}
				s.steps++
				dl := s.delta(int32(i), f, h)
				switch {
				case fits && dl > bestD:
					best, bestD = h, dl
				case !fits && dl > blockedD:
					blocked, blockedD = h, dl
				}
			}
			switch {
			case best >= 0 && s.staysConnected(u, f):
				s.apply(int32(i), f, best)
				improved = true
			case s.greedyWardMove(int32(i), f):
				improved = true
			case blocked >= 0 && s.chainMove(int32(i), f, blocked):
				improved = true
			}
		}
		if !improved {
			return
		}
	}
}

// chainGain is the least gain of a single move, blocked because it would
// take a footprint out of band, for which greedy looks for a second move
// that brings it back: such gains are a PCN reaching its threshold.
const chainGain = 0.5

// chainMove moves the unit at position i from f to h although that takes
// f below the band or h above the most it may hold, then the best second
// move that mends it: a unit of h out to a neighbour with room, or a unit
// of a neighbour into f. It keeps both if together they raise the
// objective and every footprint stays in band and in one piece, and
// reports whether it did.
func (s *state) chainMove(i, f, h int32) bool {
	d := s.d
	u := s.units[i]
	if !s.staysConnected(u, f) {
		return false
	}
	d1 := s.delta(i, f, h)
	s.apply(i, f, h)
	over := s.size[h] > s.cap[h]
	if over && s.size[f] < d.min {
		s.apply(i, h, f)
		return false
	}
	bestJ, bestF, bestT := int32(-1), int32(-1), int32(-1)
	bestD := -d1 + 1e-12
	for j, v := range s.units {
		x := s.assign[v]
		if v == u || (over && x != h) || (!over && x == f) || s.pinned(v, x) {
			continue
		}
		for _, y := range d.a.Graph().Neighbours(v) {
			to := s.assign[y]
			if to < 0 || to == x || (!over && to != f) || (over && to == f) {
				continue
			}
			if s.size[to]+d.size[v] > s.cap[to] || s.size[x]-d.size[v] < d.min {
				continue
			}
			if over && s.size[h]-d.size[v] > s.cap[h] || !over && s.size[f]+d.size[v] < d.min {
				continue
			}
			s.steps++
			if dl := s.delta(int32(j), x, to); dl > bestD && s.staysConnected(v, x) {
				bestJ, bestF, bestT, bestD = int32(j), x, to, dl
			}
		}
	}
	if bestJ < 0 {
		s.apply(i, h, f)
		return false
	}
	s.apply(bestJ, bestF, bestT)
	return true
}

// commit writes the state's assignment back to the designer.
func (s *state) commit() {
	for _, u := range s.units {
		if f := s.assign[u]; s.d.assign[u] != f {
			s.d.set(u, f)
		}
	}
	s.d.steps += s.steps
}
