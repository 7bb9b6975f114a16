package geos

import (
	"github.com/paulmach/orb"
	gogeos "github.com/twpayne/go-geos"
)

// Prepared is a polygon prepared for repeated tests against others.
type Prepared struct {
	g    *Context
	geom *gogeos.Geom
	prep *gogeos.PrepGeom
}

// Prepare prepares mp.
func (g *Context) Prepare(mp orb.MultiPolygon) *Prepared {
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
