package geos

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	gogeos "github.com/twpayne/go-geos"
)

// Context wraps a GEOS context for polygon operations. A Context must be
// used by one goroutine at a time: make one per goroutine.
type Context struct {
	ctx *gogeos.Context
}

// NewContext returns a Context with a GEOS context of its own.
func NewContext() *Context { return &Context{ctx: gogeos.NewContext()} }

// Geom converts an orb MultiPolygon to a GEOS geometry.
func (g *Context) Geom(mp orb.MultiPolygon) *gogeos.Geom {
	polys := make([]*gogeos.Geom, 0, len(mp))
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
	return g.ctx.NewCollection(gogeos.TypeIDMultiPolygon, polys)
}

// MultiPolygon converts a GEOS geometry back, keeping only its polygonal
// parts (a collection's points and lines are dropped).
func (g *Context) MultiPolygon(geom *gogeos.Geom) (orb.MultiPolygon, error) {
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
