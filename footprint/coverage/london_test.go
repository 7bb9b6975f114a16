//go:build cgo

package coverage_test

import (
	"math"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/coverage"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

func TestLondonCoverage(t *testing.T) {
	a, p := footprinttest.LondonBaseline(t, baseline.PCN)
	s := footprinttest.Scorer(t, a, p)
	for _, code := range []string{"U51577", "U06180", "U70070"} {
		c, err := coverage.Report(a, code, s)
		if err != nil {
			if footprint.Code(err) == footprint.ENotFound {
				continue
			}
			t.Fatal(err)
		}
		sum := 0.0
		for _, n := range c.Patients {
			sum += n
		}
		fsum := 0.0
		for _, f := range c.Footprints {
			fsum += f.Patients
		}
		if math.Abs(sum-c.InRegion) > 1e-3 || math.Abs(fsum-c.InRegion) > 1e-3 || math.Abs(c.InRegion+c.OutsideRegion+c.NoLSOA-c.Registered) > 1e-3 {
			t.Errorf("%s: LSOAs %.1f, footprints %.1f, in region %.1f, registered %.1f", code, sum, fsum, c.InRegion, c.Registered)
		}
		if c.Home == "" || len(c.Neighbours) == 0 || len(c.Catchment) == 0 {
			t.Errorf("%s: home %q, %d neighbours, %d catchment LSOAs", code, c.Home, len(c.Neighbours), len(c.Catchment))
		}
		t.Logf("%s %s: %d practices, list %d, %.0f registered (%.0f in London), home %s (%s, %.0f%%), %d footprints, top neighbour %s",
			code, c.Name, len(c.Practices), c.ListSize, c.Registered, c.InRegion, c.Home, c.Status, 100**c.Containment, len(c.Footprints), c.Neighbours[0].Name)
	}
}
