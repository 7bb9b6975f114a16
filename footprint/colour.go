package footprint

import "slices"

// Palette is the footprint palette: the eight colours of Okabe and Ito,
// chosen to stay distinguishable under the common colour-vision
// deficiencies, less black, with two more from Paul Tol's scheme.
var Palette = []string{"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999933", "#882255", "#44AA99"}

// ColourFootprints gives every footprint without a colour one from the
// palette, so that footprints that touch differ where possible: a greedy
// colouring of the footprint adjacency graph, largest footprints first.
func ColourFootprints(a *Atlas, p *Plan) {
	index := map[string]int{}
	for i, f := range p.Footprints {
		index[f.ID] = i
	}
	size := make([]int, len(p.Footprints))
	adj := make([]map[int]bool, len(p.Footprints))
	for i := range adj {
		adj[i] = map[int]bool{}
	}
	for code, id := range p.Assign {
		u, ok := a.UnitIndex(code)
		if !ok {
			continue
		}
		fi := index[id]
		size[fi]++
		for _, v := range a.graph.Neighbours(u) {
			if other, ok := p.Assign[a.Units[v].Code]; ok && other != id {
				adj[fi][index[other]] = true
			}
		}
	}
	order := make([]int, len(p.Footprints))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return size[y] - size[x] })
	for _, i := range order {
		if p.Footprints[i].Colour != "" {
			continue
		}
		used := map[string]int{}
		for j := range adj[i] {
			used[p.Footprints[j].Colour]++
		}
		best := Palette[0]
		for _, c := range Palette {
			if used[c] < used[best] || used[best] > 0 && used[c] == 0 {
				best = c
			}
			if used[c] == 0 {
				best = c
				break
			}
		}
		p.Footprints[i].Colour = best
	}
}
