package geos

import (
	"errors"
	"fmt"

	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/paulmach/orb"
	gogeos "github.com/twpayne/go-geos"
)

// OnGrid returns mp with every coordinate on a grid of cell size grid, and
// valid there, as a layer rounded to a few decimals or a vector tile's
// integer grid needs. Rounding each vertex alone can make a ring cross
// itself or another; GEOS's precision reducer (GEOSGeom_setPrecision, snap
// rounding) instead moves the whole geometry to the grid and keeps it
// valid, after MakeValid if mp was invalid to begin with. It returns an
// error for what Repair cannot mend, or if nothing with area remains on
// the grid. The rings' winding is GEOS's: orient them after.
func (g *Context) OnGrid(mp orb.MultiPolygon, grid float64) (out orb.MultiPolygon, err error) {
	if !(grid > 0) {
		return nil, fmt.Errorf("grid %g: want a positive cell size", grid)
	}
	if err := checkShape(mp); err != nil {
		return nil, err
	}
	closed, _ := planar.CloseRings(mp)
	for _, p := range closed {
		for _, r := range p {
			if len(r) < 4 {
				return nil, fmt.Errorf("ring has %d points once closed, want at least 4", len(r))
			}
		}
	}
	defer func() {
		// go-geos panics when GEOS fails; that is an error here.
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("snap to a grid of %g: %v", grid, r)
		}
	}()
	geom := g.Geom(closed)
	if !geom.IsValid() {
		if geom = geom.MakeValidWithParams(gogeos.MakeValidStructure, gogeos.MakeValidDiscardCollapsed); geom == nil {
			return nil, errors.New("cannot be made valid")
		}
	}
	snapped := geom.SetPrecision(grid, gogeos.PrecisionRuleValidOutput)
	parts, err := g.MultiPolygon(snapped)
	if err != nil {
		return nil, err
	}
	for _, p := range parts {
		if len(p) > 0 && len(p[0]) >= 4 {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no area is left on a grid of %g", grid)
	}
	return out, nil
}
