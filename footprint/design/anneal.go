package design

import "math"

// schedule is an annealing run: steps in all, from temperature t0 down to
// t1, geometrically, in objective units.
type schedule struct {
	steps  int
	t0, t1 float64
}

// anneal moves boundary LSOAs to neighbouring footprints by simulated
// annealing: a move that raises the objective is taken, one that lowers
// it by x with probability exp(−x/T). Every move keeps each footprint in
// band and in one piece; frozen footprints never change. A step is one
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
		if s.frozen[f] || s.size[f]-d.size[u] < d.min {
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
			if h := s.assign[v]; h >= 0 && h != f && !s.frozen[h] && s.size[h]+d.size[u] <= d.max {
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
			if s.frozen[f] || s.size[f]-d.size[u] < d.min {
				continue
			}
			best, bestD := int32(-1), 1e-12
			for _, v := range g.Neighbours(u) {
				h := s.assign[v]
				if h < 0 || h == f || s.frozen[h] || s.size[h]+d.size[u] > d.max {
					continue
				}
				s.steps++
				if dl := s.delta(int32(i), f, h); dl > bestD {
					best, bestD = h, dl
				}
			}
			if best >= 0 && s.staysConnected(u, f) {
				s.apply(int32(i), f, best)
				improved = true
			}
		}
		if !improved {
			return
		}
	}
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
