package server

import (
	"math"

	"github.com/nhs-footprint/footprint/geo/geos"
	"github.com/paulmach/orb"
)

// layerScale is the grid GeoJSON layers are written on: 5 decimal places
// of a degree, about 1 m.
const layerScale = 1e5

// rfc7946 returns mp as the GeoJSON layers serve it: on the grid of 5
// decimal places, valid there, and wound as RFC 7946 asks (exterior rings
// anticlockwise, holes clockwise). Rounding each vertex alone can make a
// ring cross itself or a neighbour; then GEOS snaps the whole geometry to
// the grid, keeping it valid (geos.Context.OnGrid). A geometry GEOS
// cannot mend is kept as rounded, so that no boundary goes missing from a
// layer.
func rfc7946(g *geos.Context, mp orb.MultiPolygon) orb.MultiPolygon {
	out := roundGrid(mp)
	if len(out) == 0 {
		out = mp.Clone()
	}
	if _, reason, err := g.Repair(out); err != nil || reason != "" {
		if fixed, err := g.OnGrid(mp, 1/layerScale); err == nil {
			if fixed = roundGrid(fixed); len(fixed) > 0 {
				out = fixed
			}
		}
	}
	for _, p := range out {
		for k, r := range p {
			if (k == 0) != (r.Orientation() == orb.CCW) {
				r.Reverse()
			}
		}
	}
	return out
}

// roundGrid returns a copy of mp rounded to the layer grid, without
// repeated vertices, rings left with fewer than three distinct vertices,
// or polygons whose exterior ring is left so.
func roundGrid(mp orb.MultiPolygon) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, p := range mp {
		var q orb.Polygon
		for k, r := range p {
			rr := make(orb.Ring, 0, len(r)+1)
			for _, pt := range r {
				pt = orb.Point{math.Round(pt[0]*layerScale) / layerScale, math.Round(pt[1]*layerScale) / layerScale}
				if len(rr) == 0 || rr[len(rr)-1] != pt {
					rr = append(rr, pt)
				}
			}
			if len(rr) > 1 && rr[0] == rr[len(rr)-1] {
				rr = rr[:len(rr)-1]
			}
			if len(rr) < 3 {
				if k == 0 {
					break
				}
				continue
			}
			q = append(q, append(rr, rr[0]))
		}
		if len(q) > 0 {
			out = append(out, q)
		}
	}
	return out
}

// geosContext lends the caller a GEOS context of its own from the pool the
// tile cache keeps; the caller must call put when done with it.
func (s *Server) geosContext() (g *geos.Context, put func()) {
	g = s.tiles.geos.Get().(*geos.Context)
	return g, func() { s.tiles.geos.Put(g) }
}
