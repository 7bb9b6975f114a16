package mvt

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"
	orbmvt "github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

func TestEncodeTile(t *testing.T) {
	// a square around Charing Cross and one far outside the tile
	in := orb.MultiPolygon{{{{-0.13, 51.50}, {-0.12, 51.50}, {-0.12, 51.51}, {-0.13, 51.51}, {-0.13, 51.50}}}}
	out := orb.MultiPolygon{{{{10, 10}, {11, 10}, {11, 11}, {10, 11}, {10, 10}}}}
	tile := maptile.At(orb.Point{-0.125, 51.505}, 12)
	data, err := EncodeTile(tile, "units", []TileFeature{{ID: 7, Geom: in, Props: map[string]any{"code": "A"}}, {ID: 8, Geom: out}})
	if err != nil {
		t.Fatal(err)
	}
	layers, err := orbmvt.Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(layers) != 1 || layers[0].Name != "units" || layers[0].Version != 2 {
		t.Fatalf("layers %+v", layers)
	}
	fs := layers[0].Features
	if len(fs) != 1 || fmt.Sprint(fs[0].ID) != "7" || fs[0].Properties["code"] != "A" {
		t.Fatalf("%d features; want only the one in the tile, with its id and properties", len(fs))
	}
}
