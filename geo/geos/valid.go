package geos

import (
	"fmt"

	"github.com/paulmach/orb"
	gogeos "github.com/twpayne/go-geos"
)

// Repair checks mp and, if it is invalid, makes it valid with GEOS
// MakeValid and keeps the polygonal result. It returns the geometry to use,
// and the reason it was invalid ("" if it was valid).
func (g *Context) Repair(mp orb.MultiPolygon) (orb.MultiPolygon, string, error) {
	geom := g.Geom(mp)
	if geom.IsValid() {
		return mp, "", nil
	}
	reason := geom.IsValidReason()
	fixed, err := g.MultiPolygon(geom.MakeValid())
	if err != nil {
		return nil, reason, err
	}
	if len(fixed) == 0 {
		return nil, reason, fmt.Errorf("invalid geometry (%s) has no area once made valid", reason)
	}
	return fixed, reason, nil
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
