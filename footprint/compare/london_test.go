//go:build cgo

package compare_test

import (
	"context"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/compare"
	"github.com/nhs-footprint/footprint/footprint/design"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

// londonOptions are London's PCN baseline, its borough plan and a seeded
// proposal.
func londonOptions(tb testing.TB) (*footprint.Atlas, []compare.Input) {
	tb.Helper()
	a, pcn := footprinttest.LondonBaseline(tb, baseline.PCN)
	boroughs, err := baseline.Build(a, baseline.Borough, nil)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := design.Run(context.Background(), a, design.Options{Mode: design.Propose, Seed: 1, Settings: footprint.DefaultSettings(), Weights: design.DefaultWeights()})
	if err != nil {
		tb.Fatal(err)
	}
	return a, []compare.Input{{Label: "PCN catchments", Plan: pcn}, {Label: "boroughs", Plan: boroughs}, {Label: "proposal", Plan: res.Plan}}
}

func TestLondonCompare(t *testing.T) {
	a, in := londonOptions(t)
	c, err := compare.Plans(a, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Plans {
		t.Logf("%-15s footprints %3d in band %3d contiguous %3d PCNs %d/%d/%d containment %.1f%% / %.1f%% wards %d MSOAs %d cut %d moved %d PP %.3f IMD %.1f±%.1f",
			s.Label, s.Footprints, s.InBand, s.Contiguous, s.PCNsAligned, s.PCNsCrossBoundary, s.PCNsRealign, 100*s.PCNContainmentMean, 100*s.FootprintContainmentMean,
			s.WardsSplit, s.MSOAsSplit, s.CutEdges, s.MovedResidents, *s.PolsbyPopperMean, *s.IMDMean, *s.IMDSpread)
	}
	pcn, prop := c.Plans[0], c.Plans[2]
	if pcn.Footprints != 203 || pcn.InBand != 98 || pcn.PCNsAligned != 33 || c.Plans[1].Footprints != 33 {
		t.Errorf("baselines %+v %+v", pcn, c.Plans[1])
	}
	if prop.InBand != prop.Footprints || prop.Contiguous != prop.Footprints || prop.MovedResidents <= 0 {
		t.Errorf("proposal %+v", prop)
	}
	// Every resident of a base footprint lands somewhere in each flow table.
	for _, d := range c.Diffs {
		var flowed int64
		for _, f := range d.Flows {
			flowed += f.Residents
		}
		var assigned int64
		for code := range in[0].Plan.Assign {
			u, _ := a.UnitIndex(code)
			assigned += int64(a.Units[u].Pop)
		}
		if flowed != assigned {
			t.Errorf("%s: flows hold %d residents, the first plan %d", d.Label, flowed, assigned)
		}
	}
}

// BenchmarkCompareLondon compares three London-wide plans (target 200 ms).
func BenchmarkCompareLondon(b *testing.B) {
	a, in := londonOptions(b)
	b.ResetTimer()
	for range b.N {
		if _, err := compare.Plans(a, in); err != nil {
			b.Fatal(err)
		}
	}
}
