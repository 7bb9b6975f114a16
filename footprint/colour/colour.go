// Package colour gives footprints colours from the palette so that
// footprints that touch differ, and keeps them so after every edit.
package colour

import (
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
)

// Assign colours the plan's footprints in place: every footprint without
// a colour, and every one that shares its colour with a footprint it
// touches, gets one from the palette (see Fix).
func Assign(a *footprint.Atlas, p *footprint.Plan) {
	for _, f := range Fix(a, p, nil) {
		*p.Ensure(f.ID) = f
	}
}

// Fix returns the footprints that need a new colour, with it, so that no
// two touching footprints share a colour where the palette allows: a
// footprint with no colour, or with the colour of a neighbour already
// settled, takes a palette colour no neighbour has, the one fewest
// footprints have so far (or, if none is free, the one fewest neighbours
// have). Only the footprints with ids in only are recoloured (all
// when only is nil); the others keep theirs and are avoided. The largest
// footprints settle first, so that a clash recolours the smaller one. Fix
// never changes the plan.
func Fix(a *footprint.Atlas, p *footprint.Plan, only []string) []footprint.FootprintInfo {
	return fix(p, only, func(index map[string]int, mine []bool) ([]int, [][]int) { return adjacency(a, p, index, mine) })
}

// Members gives the LSOAs of a footprint and the footprint of an LSOA
// ("" if none), by atlas index, as a scorer keeps them.
type Members interface {
	Members(id string) []int32
	FootprintOf(u int32) string
}

// FixAround is Fix (only nil meaning every footprint), finding their neighbours from m rather than by scanning the plan: its
// cost is that of the footprints' own LSOAs, so an edit can recolour the
// footprints it touched at once.
func FixAround(a *footprint.Atlas, p *footprint.Plan, only []string, m Members) []footprint.FootprintInfo {
	return fix(p, only, func(index map[string]int, mine []bool) ([]int, [][]int) {
		size := make([]int, len(p.Footprints))
		adj := make([][]int, len(p.Footprints))
		g := a.Graph()
		for fi, f := range p.Footprints {
			if !mine[fi] {
				continue
			}
			members := m.Members(f.ID)
			size[fi] = len(members)
			for _, u := range members {
				for _, v := range g.Neighbours(u) {
					if oi, ok := index[m.FootprintOf(v)]; ok && oi != fi && !slices.Contains(adj[fi], oi) {
						adj[fi] = append(adj[fi], oi)
					}
				}
			}
		}
		return size, adj
	})
}

// fix is Fix, given how to find the sizes and neighbours of the
// footprints marked mine.
func fix(p *footprint.Plan, only []string, neighbours func(index map[string]int, mine []bool) ([]int, [][]int)) []footprint.FootprintInfo {
	index := make(map[string]int, len(p.Footprints))
	for i, f := range p.Footprints {
		index[f.ID] = i
	}
	mine := make([]bool, len(p.Footprints))
	for i := range mine {
		mine[i] = only == nil
	}
	for _, id := range only {
		if i, ok := index[id]; ok {
			mine[i] = true
		}
	}
	size, adj := neighbours(index, mine)
	order := make([]int, 0, len(p.Footprints))
	for i := range p.Footprints {
		if mine[i] {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(x, y int) int { return size[y] - size[x] })
	colours := make([]string, len(p.Footprints))
	settled := make([]bool, len(p.Footprints))
	for i, f := range p.Footprints {
		// Colours compare in upper case, as the palette writes them.
		colours[i], settled[i] = strings.ToUpper(f.Colour), !mine[i]
	}
	count := map[string]int{}
	for i, c := range colours {
		if settled[i] {
			count[c]++
		}
	}
	var out []footprint.FootprintInfo
	for _, i := range order {
		used := map[string]int{}
		for _, j := range adj[i] {
			if settled[j] {
				used[colours[j]]++
			}
		}
		settled[i] = true
		if colours[i] != "" && used[colours[i]] == 0 {
			count[colours[i]]++
			continue
		}
		colours[i] = pick(used, count)
		count[colours[i]]++
		f := p.Footprints[i]
		f.Colour = colours[i]
		out = append(out, f)
	}
	return out
}

// pick is the palette colour no neighbour uses that the fewest settled
// footprints have (the first such in palette order), so that the whole
// palette is used; or, if every colour is next door, the one fewest
// neighbours use.
func pick(used, count map[string]int) string {
	palette := footprint.Palette()
	best := ""
	for _, c := range palette {
		if used[c] == 0 && (best == "" || count[c] < count[best]) {
			best = c
		}
	}
	if best != "" {
		return best
	}
	best = palette[0]
	for _, c := range palette {
		if used[c] < used[best] {
			best = c
		}
	}
	return best
}

// adjacency counts the LSOAs of each footprint marked mine and lists the
// footprints each touches (rook adjacency of their LSOAs).
func adjacency(a *footprint.Atlas, p *footprint.Plan, index map[string]int, mine []bool) ([]int, [][]int) {
	size := make([]int, len(p.Footprints))
	seen := make([]map[int]bool, len(p.Footprints))
	adj := make([][]int, len(p.Footprints))
	g := a.Graph()
	for code, id := range p.Assign {
		fi, ok := index[id]
		if !ok || !mine[fi] {
			continue
		}
		u, ok := a.UnitIndex(code)
		if !ok {
			continue
		}
		size[fi]++
		for _, v := range g.Neighbours(u) {
			other, ok := p.Assign[a.Units[v].Code]
			oi, known := index[other]
			if !ok || !known || oi == fi {
				continue
			}
			for _, pair := range [2][2]int{{fi, oi}, {oi, fi}} {
				if seen[pair[0]] == nil {
					seen[pair[0]] = map[int]bool{}
				}
				if !seen[pair[0]][pair[1]] {
					seen[pair[0]][pair[1]] = true
					adj[pair[0]] = append(adj[pair[0]], pair[1])
				}
			}
		}
	}
	return size, adj
}

// Clashes lists the pairs of touching footprints that share a colour,
// each as two ids in plan order: none is what Fix aims for.
func Clashes(a *footprint.Atlas, p *footprint.Plan) [][2]string {
	index := make(map[string]int, len(p.Footprints))
	all := make([]bool, len(p.Footprints))
	for i, f := range p.Footprints {
		index[f.ID], all[i] = i, true
	}
	_, adj := adjacency(a, p, index, all)
	var out [][2]string
	for i, ns := range adj {
		for _, j := range ns {
			// A colour chosen in a page's colour input comes in lower case.
			if i < j && strings.EqualFold(p.Footprints[i].Colour, p.Footprints[j].Colour) {
				out = append(out, [2]string{p.Footprints[i].ID, p.Footprints[j].ID})
			}
		}
	}
	slices.SortFunc(out, func(x, y [2]string) int {
		if c := index[x[0]] - index[y[0]]; c != 0 {
			return c
		}
		return index[x[1]] - index[y[1]]
	})
	return out
}
