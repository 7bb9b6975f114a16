package design

// delta is the exact change in the objective if the unit at position i
// moved from footprint f to g.
func (s *state) delta(i int32, f, g int32) float64 {
	u := s.units[i]
	k := s.k
	var dv float64
	for _, t := range s.touch[i] {
		base := int(t.p) * k
		row, sites := s.pr[base:base+k], s.sites[base:base+k]
		row[f] -= t.n
		row[g] += t.n
		sites[f] -= t.sites
		sites[g] += t.sites
		dv += s.pcnValueRow(t.p, row, sites, s.homeAfter(t.p, row, t.n, f, g)) - s.pcnVal[t.p]
		row[f] += t.n
		row[g] -= t.n
		sites[f] += t.sites
		sites[g] -= t.sites
	}
	ds := 0
	if w := s.wardOf[i]; w >= 0 {
		ds = splitDelta(s.wardCnt[int(w)*k:int(w+1)*k], s.wardParts[w], f, g)
	}
	dm := 0
	if m := s.msoaOf[i]; m >= 0 {
		dm = splitDelta(s.msoaCnt[int(m)*k:int(m+1)*k], s.msoaParts[m], f, g)
	}
	dv -= s.w.Ward*float64(ds) + s.w.MSOA*float64(dm)
	sf, sg := s.shared(i, f, g)
	dv += s.fpValue(s.area[f]-s.uArea[i], s.perim[f]-s.uPerim[i]+2*sf) - s.fpVal[f]
	dv += s.fpValue(s.area[g]+s.uArea[i], s.perim[g]+s.uPerim[i]-2*sg) - s.fpVal[g]
	if s.w.Grow > 0 {
		x := s.w.Grow * float64(s.d.size[u]) / 1e4
		if s.grows(g) && s.origin[u] != g {
			dv -= x // it joins a kept footprint not its own
		}
		if s.grows(f) && s.origin[u] != f {
			dv += x // it leaves one
		}
	}
	if o := s.origin[u]; o >= 0 && s.w.Moved > 0 {
		was, will := f != o, g != o
		if was != will {
			x := s.w.Moved * float64(s.d.size[u]) / 1e4
			if will {
				dv -= x
			} else {
				dv += x
			}
		}
	}
	return dv
}

// partsDelta is the change in the footprints holding an area, with its
// units by footprint cnt, when one of its units moves from f to g.
func partsDelta(cnt []int32, f, g int32) int32 {
	var d int32
	if cnt[f] == 1 {
		d--
	}
	if cnt[g] == 0 {
		d++
	}
	return d
}

// splitDelta is the change in whether an area held by parts footprints
// is split (1 if it becomes split, -1 if it becomes whole).
func splitDelta(cnt []int32, parts, f, g int32) int {
	after := parts + partsDelta(cnt, f, g)
	return b2i(after > 1) - b2i(parts > 1)
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// shared is the boundary in mm the unit at position i shares with the
// rest of footprint f and with footprint g.
func (s *state) shared(i int32, f, g int32) (sf, sg int64) {
	for _, e := range s.nbr[i] {
		switch s.assign[e.v] {
		case f:
			sf += e.mm
		case g:
			sg += e.mm
		}
	}
	return sf, sg
}

// apply moves the unit at position i from footprint f to g, updating
// every count and cached term.
func (s *state) apply(i int32, f, g int32) {
	u := s.units[i]
	k := s.k
	for _, t := range s.touch[i] {
		base := int(t.p) * k
		s.pr[base+int(f)] -= t.n
		s.pr[base+int(g)] += t.n
		s.sites[base+int(f)] -= t.sites
		s.sites[base+int(g)] += t.sites
		s.home[t.p] = s.homeAfter(t.p, s.pr[base:base+k], t.n, f, g)
		s.pcnVal[t.p] = s.pcnValue(t.p)
	}
	if w := s.wardOf[i]; w >= 0 {
		cnt := s.wardCnt[int(w)*k : int(w+1)*k]
		s.splitsW += splitDelta(cnt, s.wardParts[w], f, g)
		s.wardParts[w] += partsDelta(cnt, f, g)
		cnt[f]--
		cnt[g]++
	}
	if m := s.msoaOf[i]; m >= 0 {
		cnt := s.msoaCnt[int(m)*k : int(m+1)*k]
		s.splitsM += splitDelta(cnt, s.msoaParts[m], f, g)
		s.msoaParts[m] += partsDelta(cnt, f, g)
		cnt[f]--
		cnt[g]++
	}
	sf, sg := s.shared(i, f, g)
	s.area[f] -= s.uArea[i]
	s.perim[f] += 2*sf - s.uPerim[i]
	s.area[g] += s.uArea[i]
	s.perim[g] += s.uPerim[i] - 2*sg
	s.fpVal[f] = s.fpValue(s.area[f], s.perim[f])
	s.fpVal[g] = s.fpValue(s.area[g], s.perim[g])
	s.size[f] -= s.d.size[u]
	s.size[g] += s.d.size[u]
	s.nUnits[f]--
	s.nUnits[g]++
	s.assign[u] = g
}

// staysConnected reports whether footprint f stays in one piece without
// the unit u: a unit with one neighbour in f is a leaf and always may
// go; otherwise a search from one of its neighbours in f must reach the
// others without passing through u.
func (s *state) staysConnected(u, f int32) bool {
	a := s.d.a.Graph()
	var first int32 = -1
	need := 0
	for _, v := range a.Neighbours(u) {
		if s.assign[v] == f {
			if first < 0 {
				first = v
			}
			need++
		}
	}
	if need <= 1 {
		return need == 1
	}
	// Two fresh stamps: targets carry st, visited units vis.
	if s.stamp >= 1<<32-3 {
		clear(s.mark)
		s.stamp = 0
	}
	st, vis := s.stamp+1, s.stamp+2
	s.stamp += 2
	for _, v := range a.Neighbours(u) {
		if s.assign[v] == f {
			s.mark[v] = st
		}
	}
	s.queue = append(s.queue[:0], first)
	s.mark[first] = vis
	s.mark[u] = vis
	found := 1
	for h := 0; h < len(s.queue) && found < need; h++ {
		x := s.queue[h]
		for _, y := range a.Neighbours(x) {
			if s.assign[y] != f || s.mark[y] == vis {
				continue
			}
			if s.mark[y] == st {
				found++
			}
			s.mark[y] = vis
			s.queue = append(s.queue, y)
		}
	}
	return found == need
}
