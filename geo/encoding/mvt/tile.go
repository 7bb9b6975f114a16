package mvt

import (
	"context"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	orbmvt "github.com/paulmach/orb/encoding/mvt"
	orbgeojson "github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/simplify"
)

// Extent is the size of a tile in tile coordinates: 4096 units a side.
const Extent = 4096

// Buffer is how far, in tile units, features are kept beyond the tile's
// edges (64 of 4096, 1.6% of a side), so that a renderer's strokes and
// fills meet the next tile without seams.
const Buffer = 64

// Tolerances of simplification, in tile units, for EncodeTile.
const (
	// Detail keeps a sixteenth of a pixel of a 256-pixel tile: for
	// analysis, in QGIS or GDAL, as the tiles' TileJSON describes them.
	Detail = 1.0
	// Screen keeps a pixel of a 512-pixel tile, as MapLibre draws it: for
	// a web map, where every vertex costs drawing time and a finer line
	// cannot be seen.
	Screen = 8.0
)

// TileFeature is a polygon to put in a vector tile, in WGS84.
type TileFeature struct {
	ID    uint64
	Geom  orb.MultiPolygon
	Props map[string]any
}

// Repairer checks and repairs polygons; the Context of package geo/geos
// implements it with GEOS, and is used by one goroutine at a time.
type Repairer interface {
	// Repair returns why mp is invalid ("" if it is valid), and an error
	// if nothing with area remains once it is made valid.
	Repair(mp orb.MultiPolygon) (orb.MultiPolygon, string, error)
	// OnGrid returns mp snapped to a grid of cell size grid and valid
	// there, or an error if nothing with area remains.
	OnGrid(mp orb.MultiPolygon, grid float64) (orb.MultiPolygon, error)
}

// Stats counts what encoding did to a tile's features.
type Stats struct {
	Features int // features written to the tile
	Repaired int // features invalid once on the tile's grid and made valid
	Dropped  int // features that vanished or could not be made valid on the grid
}

// EncodeTile builds a Mapbox vector tile (specification 2.1) with one layer
// of the features. They are projected to the tile's grid of Extent units,
// clipped Buffer units beyond its edges and simplified by tolerance units
// (Douglas-Peucker; see Detail and Screen). Each polygon is then made valid on
// the integer grid with fix (nil trusts the geometry) and wound as the
// specification asks: exterior rings clockwise on the screen, which is a
// positive area by the surveyor's formula with y pointing down, and holes
// anticlockwise. Features that cannot be made valid are dropped and
// counted in Stats; features left with less than one square unit of
// area vanish uncounted. EncodeTile checks ctx between features.
func EncodeTile(ctx context.Context, t maptile.Tile, layer string, features []TileFeature, tolerance float64, fix Repairer) ([]byte, Stats, error) {
	var st Stats
	out := &orbmvt.Layer{Name: layer, Version: 2, Extent: Extent} // the features follow version 2 of the specification
	clip := orb.Bound{Min: orb.Point{-Buffer, -Buffer}, Max: orb.Point{Extent + Buffer, Extent + Buffer}}
	// One feature at a time, so that only the simplified geometries are
	// kept: a tile of a whole region at a low zoom holds every vertex of
	// thousands of LSOAs before it is simplified.
	for _, f := range features {
		if err := ctx.Err(); err != nil {
			return nil, st, fmt.Errorf("encode tile %v: %w", t, err)
		}
		gf := orbgeojson.NewFeature(f.Geom.Clone())
		gf.ID = f.ID
		gf.Properties = f.Props
		one := &orbmvt.Layer{Extent: Extent, Features: []*orbgeojson.Feature{gf}}
		one.ProjectToTile(t)
		one.Clip(clip)
		if len(one.Features) == 0 || gf.Geometry == nil || gf.Geometry.Bound().Left() == gf.Geometry.Bound().Right() {
			continue // clipped away
		}
		mp, repaired, ok := simplified(gf.Geometry, tolerance, fix)
		if !ok {
			st.Dropped++
			continue
		}
		if vanished(mp) {
			continue
		}
		if repaired {
			st.Repaired++
		}
		gf.Geometry = mp
		out.Features = append(out.Features, gf)
	}
	st.Features = len(out.Features)
	data, err := orbmvt.Marshal(orbmvt.Layers{out})
	if err != nil {
		return nil, st, fmt.Errorf("encode tile %v: %w", t, err)
	}
	return data, st, nil
}

// simplified is g simplified by tolerance and made valid on the grid
// (see onGrid). Where that leaves nothing valid, or nothing with area, it
// is simplified by Detail instead: a coarse tolerance may thin a polygon
// that is still seen, such as a sliver of the tile's buffer, to nothing.
func simplified(g orb.Geometry, tolerance float64, fix Repairer) (mp orb.MultiPolygon, repaired, ok bool) {
	mp, repaired, ok = onGrid(simplify.DouglasPeucker(tolerance).Simplify(orb.Clone(g)), fix)
	if tolerance > Detail && (!ok || vanished(mp)) {
		mp, repaired, ok = onGrid(simplify.DouglasPeucker(Detail).Simplify(g), fix)
	}
	return mp, repaired, ok
}

// vanished reports whether valid, wound mp has less than one square tile
// unit of area.
func vanished(mp orb.MultiPolygon) bool {
	var a float64
	for _, p := range mp {
		if len(p) > 0 {
			a += SignedArea(p[0])
		}
	}
	return a < 1
}

// onGrid returns g as a valid multipolygon on the integer grid, wound as
// the specification asks, and whether it had to be repaired: snapped to
// the grid by fix, which keeps it valid, where rounding alone did not.
// ok is false if g vanishes or cannot be made valid.
func onGrid(g orb.Geometry, fix Repairer) (mp orb.MultiPolygon, repaired, ok bool) {
	switch g := g.(type) {
	case orb.Polygon:
		mp = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		mp = g
	default:
		return nil, false, false
	}
	mp = tidy(mp)
	if len(mp) == 0 {
		return nil, false, false
	}
	if fix != nil {
		if _, reason, err := fix.Repair(mp); err != nil || reason != "" {
			fixed, err := fix.OnGrid(mp, 1)
			if err != nil {
				return nil, true, false
			}
			mp, repaired = tidy(fixed), true
			if _, reason, err := fix.Repair(mp); err != nil || reason != "" {
				return nil, true, false
			}
		}
	}
	Orient(mp)
	return mp, repaired, true
}

// tidy rounds every vertex to the integer grid, closes each ring, removes
// repeated vertices, and drops rings left with fewer than three distinct
// vertices, and polygons whose exterior ring is dropped.
func tidy(mp orb.MultiPolygon) orb.MultiPolygon {
	out := mp[:0]
	for _, p := range mp {
		var q orb.Polygon
		for k, r := range p {
			r = tidyRing(r)
			if len(r) < 4 {
				if k == 0 {
					break
				}
				continue
			}
			q = append(q, r)
		}
		if len(q) > 0 {
			out = append(out, q)
		}
	}
	return out
}

func tidyRing(r orb.Ring) orb.Ring {
	out := make(orb.Ring, 0, len(r)+1)
	for _, pt := range r {
		pt = orb.Point{math.Round(pt[0]), math.Round(pt[1])}
		if len(out) > 0 && out[len(out)-1] == pt {
			continue
		}
		out = append(out, pt)
	}
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	if len(out) < 3 {
		return nil
	}
	return append(out, out[0])
}

// SignedArea is the area of a ring by the surveyor's formula, in square
// tile units. In tile coordinates, where y points down, it is positive for
// a ring that is clockwise on the screen: an exterior ring in
// specification 2.1.
func SignedArea(r orb.Ring) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

// Orient winds mp in place for a vector tile: each polygon's exterior ring
// with a positive SignedArea, its holes with a negative one.
func Orient(mp orb.MultiPolygon) {
	for _, p := range mp {
		for k, r := range p {
			if a := SignedArea(r); (k == 0) != (a > 0) {
				r.Reverse()
			}
		}
	}
}
