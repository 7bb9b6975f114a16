package geojson_test

import (
	"fmt"
	"os"

	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/paulmach/orb"
)

func ExampleAppendMultiPolygon() {
	shape := orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0.5}, {0, 0}}}}
	fmt.Println(string(geojson.AppendMultiPolygon(nil, shape, -1)))
	fmt.Println(string(geojson.AppendMultiPolygon(nil, shape, 2)))
	// Output:
	// {"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0.5],[0,0]]]]}
	// {"type":"MultiPolygon","coordinates":[[[[0.00,0.00],[1.00,0.00],[1.00,1.00],[0.00,0.50],[0.00,0.00]]]]}
}

// Write tidies each geometry: rounded, and the clockwise ring turned
// counter-clockwise.
func ExampleWrite() {
	cw := orb.MultiPolygon{{{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}}}
	f := geojson.OutFeature{Geom: cw, Props: []geojson.Prop{{Key: "code", Value: "E01000001"}, {Key: "n", Value: 3}}}
	if err := geojson.Write(os.Stdout, []geojson.OutFeature{f}, 6); err != nil {
		fmt.Println(err)
	}
	// Output: {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"E01000001","n":3},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]]]}}]}
}
