package design

import (
	"math"
	"slices"
)

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
		for _, c := range a.UnitPCNs(u) {
			if d.pr[c.PCN] == nil {
				d.pr[c.PCN] = make([]int64, len(d.fpID))
			}
			d.pr[c.PCN][f] += c.N
			pcnTotal += c.N
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
		for _, v := range a.Graph().Neighbours(u) {
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
		for _, v := range a.Graph().Neighbours(u) {
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
	for _, c := range a.UnitPCNs(u) {
		row := d.pr[c.PCN]
		old := d.pcnBest[c.PCN]
		row[f] -= c.N
		row[g] += c.N
		nb := max(row[g], old)
		if row[f]+c.N == old { // f was (one of) the home: recompute
			nb = slices.Max(row)
		}
		row[f] += c.N
		row[g] -= c.N
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
	for _, v := range a.Graph().Neighbours(u) {
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
	for _, c := range a.UnitPCNs(u) {
		row := d.pr[c.PCN]
		row[f] -= c.N
		row[g] += c.N
		d.pcnBest[c.PCN] = slices.Max(row)
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
	for _, v := range a.Graph().Neighbours(u) {
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
