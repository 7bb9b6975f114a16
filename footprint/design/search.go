package design

import "slices"

// localSearch moves boundary LSOAs to neighbouring footprints while the
// objective improves, keeping every footprint in band and contiguous.
func (d *designer) localSearch() {
	steps := d.opt.Steps
	if steps == 0 {
		steps = 40 * len(d.reg.units)
	}
	units := slices.Clone(d.reg.units)
	for pass := 0; pass < 8 && d.steps < steps && !d.stopped; pass++ {
		d.rng.Shuffle(len(units), func(i, j int) { units[i], units[j] = units[j], units[i] })
		improved := false
		for _, u := range units {
			if d.steps >= steps || d.cancelled() {
				break
			}
			f := d.assign[u]
			if d.fpSize[f]-d.size[u] < d.min {
				continue
			}
			tried := map[int32]bool{}
			for _, v := range d.a.Graph().Neighbours(u) {
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
