// Package colour gives footprints colours from the palette so that
// footprints that touch differ.
package colour

import (
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
)

// Assign gives every footprint without a colour one from the
// palette, so that footprints that touch differ where possible: a greedy
// colouring of the footprint adjacency graph, largest footprints first.
func Assign(a *footprint.Atlas, p *footprint.Plan) {
	palette := footprint.Palette()
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
		for _, v := range a.Graph().Neighbours(u) {
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
		best := palette[0]
		for _, c := range palette {
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
