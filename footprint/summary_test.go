package footprint_test

import (
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

// TestAtlasBound checks the bound of the grid fixture's LSOAs, rounded
// outwards, and that the summary gives it, and the world for no LSOAs.
func TestAtlasBound(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    *footprint.Atlas
		want [4]float64
	}{
		{"grid", footprinttest.Grid(t), [4]float64{-0.12836, 51.50329, -0.0844, 51.53185}},
		{"empty", &footprint.Atlas{}, [4]float64{-180, -85.05113, 180, 85.05113}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.a.Bound()
			if got := [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}; got != tc.want {
				t.Errorf("Bound() = %v, want %v", got, tc.want)
			}
			if got := tc.a.Summary().Bounds; got != tc.want {
				t.Errorf("Summary().Bounds = %v, want %v", got, tc.want)
			}
		})
	}
}
