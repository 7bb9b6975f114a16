package rook

import (
	"math"

	"github.com/paulmach/orb"
)

func segMin(a, b orb.Point, pad float64) [2]float64 {
	return [2]float64{math.Min(a[0], b[0]) - pad, math.Min(a[1], b[1]) - pad}
}

func segMax(a, b orb.Point, pad float64) [2]float64 {
	return [2]float64{math.Max(a[0], b[0]) + pad, math.Max(a[1], b[1]) + pad}
}

// overlap returns the length over which segment cd runs along segment ab,
// both endpoints of cd lying within tol of the line through ab (or the
// other way round), or 0.
func overlap(a, b, c, d orb.Point, tol float64) float64 {
	if l := collinearOverlap(a, b, c, d, tol); l > 0 {
		return l
	}
	return collinearOverlap(c, d, a, b, tol)
}

func collinearOverlap(a, b, c, d orb.Point, tol float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := math.Hypot(dx, dy)
	if l == 0 {
		return 0
	}
	ux, uy := dx/l, dy/l
	// perpendicular distances of c and d from the line ab
	if math.Abs((c[0]-a[0])*uy-(c[1]-a[1])*ux) > tol || math.Abs((d[0]-a[0])*uy-(d[1]-a[1])*ux) > tol {
		return 0
	}
	tc := (c[0]-a[0])*ux + (c[1]-a[1])*uy
	td := (d[0]-a[0])*ux + (d[1]-a[1])*uy
	lo, hi := math.Max(0, math.Min(tc, td)), math.Min(l, math.Max(tc, td))
	if hi-lo <= tol {
		return 0
	}
	return hi - lo
}
