package geos

import (
	"errors"

	"github.com/paulmach/orb"
	gogeos "github.com/twpayne/go-geos"
)

// Prepared is a polygon prepared for repeated tests against others.
type Prepared struct {
	g    *Context
	geom *gogeos.Geom
	prep *gogeos.PrepGeom
}

// Prepare prepares mp, which must have closed rings of at least four
// points, as Repair returns.
func (g *Context) Prepare(mp orb.MultiPolygon) *Prepared {
	geom := g.Geom(mp)
	return &Prepared{g: g, geom: geom, prep: geom.Prepare()}
}

// ShareInside returns the share of mp's area that lies inside the
// prepared polygon, 0 to 1. Both must be valid, as Repair makes them;
// should GEOS still fail to intersect them, the error says so.
func (p *Prepared) ShareInside(mp orb.MultiPolygon) (float64, error) {
	other := p.g.Geom(mp)
	if p.prep.Covers(other) {
		return 1, nil
	}
	total := other.Area()
	if total == 0 || !p.prep.Intersects(other) {
		return 0, nil
	}
	in := p.geom.Intersection(other)
	if in == nil {
		return 0, errors.New("GEOS cannot intersect the polygons")
	}
	return in.Area() / total, nil
}
