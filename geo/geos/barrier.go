package geos

import (
	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
	gogeos "github.com/twpayne/go-geos"
)

// Facing describes how a barrier such as a river separates a polygon
// coverage (all in projected metres).
type Facing struct {
	// Bank holds the polygons within Near of the barrier.
	Bank []int32
	// Pairs holds bank polygons on opposite sides: within Across of each
	// other, with the line between their nearest points running through the
	// barrier.
	Pairs [][2]int32
}

// FacingAcross finds the polygons lining a barrier and the pairs that face
// each other across it.
func (g *Context) FacingAcross(polys []orb.MultiPolygon, barrier orb.MultiPolygon, near, across float64) Facing {
	var f Facing
	if len(barrier) == 0 {
		return f
	}
	bar := g.Geom(barrier)
	prep := bar.Prepare()
	geoms := make([]*gogeos.Geom, len(polys))
	var tree rtree.RTreeG[int32]
	bb := barrier.Bound().Pad(near)
	for i, mp := range polys {
		b := mp.Bound()
		if !b.Intersects(bb) {
			continue
		}
		geoms[i] = g.Geom(mp)
		if prep.DistanceWithin(geoms[i], near) {
			f.Bank = append(f.Bank, int32(i))
			tree.Insert(b.Min, b.Max, int32(i))
		}
	}
	for _, i := range f.Bank {
		b := polys[i].Bound().Pad(across)
		tree.Search(b.Min, b.Max, func(_, _ [2]float64, j int32) bool {
			if j <= i {
				return true
			}
			if !geoms[i].DistanceWithin(geoms[j], across) {
				return true
			}
			np := geoms[i].NearestPoints(geoms[j])
			if len(np) != 2 {
				return true
			}
			// PrepGeom.ContainsXY needs GEOS 3.12; with 3.11 it answers
			// wrongly, so test a point geometry.
			mid := g.ctx.NewPointFromXY((np[0][0]+np[1][0])/2, (np[0][1]+np[1][1])/2)
			if prep.Intersects(mid) {
				f.Pairs = append(f.Pairs, [2]int32{i, j})
			}
			return true
		})
	}
	return f
}
