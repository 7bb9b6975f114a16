//go:build cgo

package rook_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/graph"
	"github.com/nhs-footprint/footprint/geo/proj"
	"github.com/nhs-footprint/footprint/geo/rook"
	"github.com/paulmach/orb"
)

// The benchmarks project real boundaries with PROJ, so they need cgo; the
// rook package itself does not.

// realPolygons reads a boundary file from ../shared/data projected to BNG,
// skipping without the data unless CI=true.
func realPolygons(b *testing.B, name string) []orb.MultiPolygon {
	b.Helper()
	p := filepath.Join("..", "..", "..", "shared", "data", "boundaries", name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatalf("real data missing: %v", err)
		}
		b.Skipf("real data not found at %s", p)
	}
	c, err := geojson.ReadPolygons(p)
	if err != nil {
		b.Fatal(err)
	}
	pr, err := proj.NewProjector(proj.WGS84, proj.BNG)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]orb.MultiPolygon, len(c.Features))
	for i, f := range c.Features {
		if out[i], err = pr.MultiPolygon(f.Geometry); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

func benchRook(b *testing.B, file string, wantMin int) {
	polys := realPolygons(b, file)
	b.ResetTimer()
	var edges []graph.Edge
	for b.Loop() {
		edges, _ = rook.Adjacency(polys, rook.Options{MinShared: 1, Tolerance: 0.05})
	}
	if len(edges) < wantMin {
		b.Fatalf("%d edges", len(edges))
	}
	b.ReportMetric(float64(len(edges)), "edges")
}

// BenchmarkRookLondon: target 100 ms or less for 4,994 LSOAs.
func BenchmarkRookLondon(b *testing.B) { benchRook(b, "london_lsoa21_bgc.geojson", 14000) }

// BenchmarkRookEngland: target 2 s or less for 33,755 LSOAs.
func BenchmarkRookEngland(b *testing.B) { benchRook(b, "england_lsoa21_bgc.geojson", 90000) }
