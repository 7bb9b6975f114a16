package design

import (
	"cmp"
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
)

// Moved counts the LSOAs and residents that changed footprint from one
// plan to another. Footprints are matched first: each footprint of to is
// matched to the footprint of from it shares most residents with, largest
// overlaps first, one to one; an LSOA has moved if its footprint in to is
// not matched to its footprint in from.
func Moved(a *footprint.Atlas, from, to *footprint.Plan) (lsoas int, residents int64) {
	type pair struct{ f, t string }
	overlap := map[pair]int64{}
	for code, t := range to.Assign {
		if f, ok := from.Assign[code]; ok {
			u, _ := a.UnitIndex(code)
			overlap[pair{f, t}] += int64(a.Units[u].Pop)
		}
	}
	pairs := make([]pair, 0, len(overlap))
	for p := range overlap {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(x, y pair) int {
		if c := cmp.Compare(overlap[y], overlap[x]); c != 0 {
			return c
		}
		if c := cmp.Compare(x.f, y.f); c != 0 {
			return c
		}
		return cmp.Compare(x.t, y.t)
	})
	match := map[string]string{}
	usedF := map[string]bool{}
	for _, p := range pairs {
		if _, ok := match[p.t]; ok || usedF[p.f] {
			continue
		}
		match[p.t] = p.f
		usedF[p.f] = true
	}
	for code, t := range to.Assign {
		if f, ok := from.Assign[code]; ok && match[t] != f {
			u, _ := a.UnitIndex(code)
			lsoas++
			residents += int64(a.Units[u].Pop)
		}
	}
	return lsoas, residents
}
