package design

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint/flags"
)

// feasible checks the hard constraints, whatever the path: every
// unlocked footprint with LSOAs is in band and in one piece.
func (d *designer) feasible() bool {
	ok := true
	for f := range d.fpID {
		if d.fpUnits[f] == 0 || d.locked[f] {
			continue
		}
		if d.fpSize[f] < d.min || d.fpSize[f] > d.max {
			ok = false
		}
		if len(d.components(d.members(int32(f)), d.isIn(int32(f)))) > 1 {
			ok = false
		}
	}
	return ok
}

// explain joins the reasons a region is infeasible, sorted and without
// repeats, into one sentence, with a general reason if there are none.
func explain(reasons []string) string {
	slices.Sort(reasons)
	reasons = slices.Compact(reasons)
	if len(reasons) == 0 {
		reasons = []string{"no partition into contiguous footprints within the band was found"}
	}
	return strings.Join(reasons, "; ")
}

// why explains why a component of n residents cannot be footprints in
// band: too few for one, or in a gap between k and k+1 footprints.
func (d *designer) why(comp []int32, n int64) string {
	a := d.a
	what := fmt.Sprintf("%s has %s residents", d.reg.name, flags.Thousands(n))
	if len(comp) < len(d.reg.units) {
		ex := a.Units[comp[0]]
		what = fmt.Sprintf("a part of %s cut off from the rest (%d LSOAs with %s residents, around %s %s), by the river or the place's edge,", d.reg.name, len(comp), flags.Thousands(n), ex.Code, ex.Name)
	}
	if n < d.min {
		return fmt.Sprintf("%s: fewer than the band's %s", what, flags.Thousands(d.min))
	}
	lo, _ := d.feasibleK(n)
	return fmt.Sprintf("%s: too many for one footprint of at most %s and too few for %d of at least %s", what, flags.Thousands(d.max), lo, flags.Thousands(d.min))
}

// noSplit says that no split of a component of n residents into k
// footprints was found, though the band allows one.
func (d *designer) noSplit(n int64, k int) string {
	return fmt.Sprintf("%s: no split of %s residents into %d contiguous footprints in band was found", d.reg.name, flags.Thousands(n), k)
}

// stuck says that repair could not make the units, with their
// neighbours, into footprints in band.
func (d *designer) stuck(comp []int32) string {
	ex := d.a.Units[comp[0]]
	return fmt.Sprintf("%d LSOAs with %s residents around %s %s could not be made into footprints in band with their neighbours", len(comp), flags.Thousands(d.sizeOf(comp)), ex.Code, ex.Name)
}
