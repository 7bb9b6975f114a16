package geos

import (
	"errors"
	"fmt"
	"math"

	"github.com/nhs-footprint/footprint/geo/planar"

	"github.com/paulmach/orb"
	gogeos "github.com/twpayne/go-geos"
)

// Repair checks mp and, if it is invalid, makes it valid with GEOS
// MakeValid and keeps the polygonal result. It uses the "structure"
// method, which unions overlapping parts, subtracts holes and drops
// collapsed parts, as a GIS user drawing the polygon meant; the
// "linework" method can take minutes on a ring that crosses itself
// hundreds of times. It returns the geometry to use,
// and the reason it was invalid ("" if it was valid). It accepts any
// MultiPolygon without panicking: rings that do not end where they began
// are closed first (the reason is then "Ring not closed" if that was
// all), and an empty geometry, a ring of fewer than three distinct
// points, a non-finite coordinate, or a geometry with no area once made
// valid is an error.
func (g *Context) Repair(mp orb.MultiPolygon) (orb.MultiPolygon, string, error) {
	if err := checkShape(mp); err != nil {
		return nil, "", err
	}
	closed, n := planar.CloseRings(mp)
	for _, p := range closed {
		for _, r := range p {
			if len(r) < 4 {
				return nil, "", fmt.Errorf("ring has %d points once closed, want at least 4", len(r))
			}
		}
	}
	geom := g.Geom(closed)
	if geom.IsValid() {
		if n > 0 {
			return closed, "Ring not closed", nil
		}
		return mp, "", nil
	}
	reason := geom.IsValidReason()
	valid := geom.MakeValidWithParams(gogeos.MakeValidStructure, gogeos.MakeValidDiscardCollapsed)
	if valid == nil {
		return nil, reason, fmt.Errorf("invalid geometry (%s) cannot be made valid", reason)
	}
	parts, err := g.MultiPolygon(valid)
	if err != nil {
		return nil, reason, err
	}
	var fixed orb.MultiPolygon
	for _, p := range parts {
		if len(p) > 0 && len(p[0]) >= 4 {
			fixed = append(fixed, p)
		}
	}
	if len(fixed) == 0 {
		return nil, reason, fmt.Errorf("invalid geometry (%s) has no area once made valid", reason)
	}
	return fixed, reason, nil
}

// checkShape reports what no repair can mend: an empty geometry or
// polygon, or a non-finite coordinate.
func checkShape(mp orb.MultiPolygon) error {
	if len(mp) == 0 {
		return errors.New("empty geometry")
	}
	for i, p := range mp {
		if len(p) == 0 {
			return fmt.Errorf("polygon %d is empty", i+1)
		}
		for _, r := range p {
			for _, pt := range r {
				if math.IsNaN(pt[0]) || math.IsNaN(pt[1]) || math.IsInf(pt[0], 0) || math.IsInf(pt[1], 0) {
					return errors.New("non-finite coordinate")
				}
			}
		}
	}
	return nil
}

// Union dissolves polygons that form a coverage (edges shared exactly) with
// GEOS CoverageUnion, falling back to a full UnaryUnion if CoverageUnion
// fails or panics on badly noded input.
func (g *Context) Union(parts []orb.MultiPolygon) (out orb.MultiPolygon, err error) {
	var polys []*gogeos.Geom
	for _, mp := range parts {
		gm := g.Geom(mp)
		for i := 0; i < gm.NumGeometries(); i++ {
			polys = append(polys, gm.Geometry(i).Clone())
		}
	}
	coll := g.ctx.NewCollection(gogeos.TypeIDMultiPolygon, polys)
	res := func() (r *gogeos.Geom) {
		defer func() {
			if recover() != nil {
				r = nil
			}
		}()
		return coll.CoverageUnion()
	}()
	if res == nil || !res.IsValid() {
		res = coll.UnaryUnion()
	}
	return g.MultiPolygon(res)
}
