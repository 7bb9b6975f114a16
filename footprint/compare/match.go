package compare

import (
	"cmp"
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
)

// Match matches the footprints of plan to with those of plan from, one to
// one on the residents they share, largest overlaps first (ties by id).
// It returns, for each matched footprint of to, its footprint in from.
func Match(a *footprint.Atlas, from, to *footprint.Plan) map[string]string {
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
	return match
}

// Moved counts the LSOAs, and their residents, assigned in both plans
// whose footprint in to is not matched to their footprint in from.
func Moved(a *footprint.Atlas, from, to *footprint.Plan) (lsoas int, residents int64) {
	match := Match(a, from, to)
	for code, t := range to.Assign {
		if f, ok := from.Assign[code]; ok && match[t] != f {
			u, _ := a.UnitIndex(code)
			lsoas++
			residents += int64(a.Units[u].Pop)
		}
	}
	return lsoas, residents
}
