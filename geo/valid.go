package geo

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/twpayne/go-geos"
)

// GEOS wraps a GEOS context for polygon operations. A GEOS value must be
// used by one goroutine at a time: make one per goroutine.
type GEOS struct {
	ctx *geos.Context
}

// NewGEOS returns a GEOS with a context of its own.
func NewGEOS() *GEOS { return &GEOS{ctx: geos.NewContext()} }

// Geom converts an orb MultiPolygon to a GEOS geometry.
func (g *GEOS) Geom(mp orb.MultiPolygon) *geos.Geom {
	polys := make([]*geos.Geom, 0, len(mp))
	for _, p := range mp {
		rings := make([][][]float64, len(p))
		for i, r := range p {
			cs := make([][]float64, len(r))
			for j, pt := range r {
				cs[j] = []float64{pt[0], pt[1]}
			}
			rings[i] = cs
		}
		polys = append(polys, g.ctx.NewPolygon(rings))
	}
	return g.ctx.NewCollection(geos.TypeIDMultiPolygon, polys)
}

// MultiPolygon converts a GEOS geometry back, keeping only its polygonal
// parts (a collection's points and lines are dropped).
func (g *GEOS) MultiPolygon(geom *geos.Geom) (orb.MultiPolygon, error) {
	og, err := wkb.Unmarshal(geom.ToWKB())
	if err != nil {
		return nil, fmt.Errorf("read GEOS result: %w", err)
	}
	return polygonal(og), nil
}

func polygonal(g orb.Geometry) orb.MultiPolygon {
	switch t := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{t}
	case orb.MultiPolygon:
		return t
	case orb.Collection:
		var out orb.MultiPolygon
		for _, c := range t {
			out = append(out, polygonal(c)...)
		}
		return out
	}
	return nil
}

// Repair checks mp and, if it is invalid, makes it valid with GEOS
// MakeValid and keeps the polygonal result. It returns the geometry to use,
// and the reason it was invalid ("" if it was valid).
func (g *GEOS) Repair(mp orb.MultiPolygon) (orb.MultiPolygon, string, error) {
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
func (g *GEOS) Union(parts []orb.MultiPolygon) (out orb.MultiPolygon, err error) {
	var polys []*geos.Geom
	for _, mp := range parts {
		gm := g.Geom(mp)
		for i := 0; i < gm.NumGeometries(); i++ {
			polys = append(polys, gm.Geometry(i).Clone())
		}
	}
	coll := g.ctx.NewCollection(geos.TypeIDMultiPolygon, polys)
	res := func() (r *geos.Geom) {
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

// Prepared is a polygon prepared for repeated tests against others.
type Prepared struct {
	g    *GEOS
	geom *geos.Geom
	prep *geos.PrepGeom
}

// Prepare prepares mp.
func (g *GEOS) Prepare(mp orb.MultiPolygon) *Prepared {
	geom := g.Geom(mp)
	return &Prepared{g: g, geom: geom, prep: geom.Prepare()}
}

// ShareInside returns the share of mp's area that lies inside the
// prepared polygon, 0 to 1.
func (p *Prepared) ShareInside(mp orb.MultiPolygon) float64 {
	other := p.g.Geom(mp)
	if p.prep.Covers(other) {
		return 1
	}
	total := other.Area()
	if total == 0 || !p.prep.Intersects(other) {
		return 0
	}
	return p.geom.Intersection(other).Area() / total
}
