package mvt

import (
	"github.com/paulmach/orb"
	orbmvt "github.com/paulmach/orb/encoding/mvt"
	orbgeojson "github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/simplify"
)

// TileFeature is a polygon to put in a vector tile, in WGS84.
type TileFeature struct {
	ID    uint64
	Geom  orb.MultiPolygon
	Props map[string]any
}

// EncodeTile builds a Mapbox vector tile with one layer of the features:
// projected to the tile's 4096 extent, clipped with a small buffer,
// simplified by a tile pixel and stripped of features that vanish.
func EncodeTile(t maptile.Tile, layer string, features []TileFeature) ([]byte, error) {
	fc := orbgeojson.NewFeatureCollection()
	for _, f := range features {
		gf := orbgeojson.NewFeature(f.Geom.Clone())
		gf.ID = f.ID
		gf.Properties = f.Props
		fc.Append(gf)
	}
	layers := orbmvt.NewLayers(map[string]*orbgeojson.FeatureCollection{layer: fc})
	for _, l := range layers {
		l.Version = 2 // the features follow version 2 of the specification
	}
	layers.ProjectToTile(t)
	layers.Clip(orb.Bound{Min: orb.Point{-64, -64}, Max: orb.Point{4096 + 64, 4096 + 64}})
	layers.Simplify(simplify.DouglasPeucker(1.0))
	layers.RemoveEmpty(1.0, 1.0)
	return orbmvt.Marshal(layers)
}
