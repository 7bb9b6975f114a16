package coverage_test

import (
	"math"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/coverage"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/score"
)

func TestCoverageKnownAnswers(t *testing.T) {
	a := footprinttest.Grid(t)
	s, err := score.NewScorer(a, footprinttest.Plan(t, a, footprinttest.GridPlanT))
	if err != nil {
		t.Fatal(err)
	}
	c, err := coverage.Report(a, "U00001", s)
	if err != nil {
		t.Fatal(err)
	}
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-6 {
			t.Errorf("%s = %.6f, want %.6f", name, got, want)
		}
	}
	if c.Kind != "pcn" || c.Name != "WEST GRID PCN" || len(c.Practices) != 2 || c.ListSize != 1900 {
		t.Fatalf("coverage %+v", c)
	}
	near("registered", c.Registered, 1810)
	near("in region", c.InRegion, 1775)
	near("outside region", c.OutsideRegion, 30)
	near("no LSOA", c.NoLSOA, 5)
	r5 := 600*1300.0/3000 + 100*1300.0/3000 // A00002's and A00001's shares of split E01009999
	near("E01000005 patients", c.Patients["E01000005"], r5)
	near("E01000005 share", c.Share["E01000005"], r5/390)
	near("E01000001 share", c.Share["E01000001"], 1)
	if strings.Join(c.Catchment, ",") != "E01000001,E01000002,E01000004,E01000005,E01000006,E01000007" {
		t.Errorf("catchment %v", c.Catchment)
	}
	if len(c.Boroughs) != 3 || c.Boroughs[0].Name != "Hackney" || c.Boroughs[1].Name != "City" || c.Boroughs[2].Name != "Barking" {
		t.Errorf("boroughs %+v", c.Boroughs)
	}
	near("Hackney patients", c.Boroughs[0].Patients, 200+300+r5)
	near("Hackney share", c.Boroughs[0].Share, (200+300+r5)/1810)
	if len(c.ICBs) != 1 {
		t.Errorf("ICBs %+v", c.ICBs)
	}
	// In plan T: home a, cross-boundary with b.
	if len(c.Footprints) != 3 || c.Footprints[0].Code != "a" || !c.Footprints[0].Home || c.Footprints[1].Code != "b" || c.Home != "a" || c.Status != footprint.PCNCrossBoundary {
		t.Fatalf("footprints %+v home %s status %s", c.Footprints, c.Home, c.Status)
	}
	near("a patients", c.Footprints[0].Patients, 1103.333333)
	near("containment", *c.Containment, 1103.333333/1810)
	if len(c.Flags) != 1 || c.Flags[0].Kind != footprint.FlagPCNCrossBoundary {
		t.Errorf("flags %+v", c.Flags)
	}
	if c.Practices[0].Footprint != "a" || c.Practices[1].LSOA != "E01000005" || *c.Practices[0].ListSize != 900 {
		t.Errorf("practices %+v", c.Practices)
	}
	// Neighbours: U00002 has 200 patients in U00001's catchment, and the
	// two share E01000005 and E01000006.
	if len(c.Neighbours) != 1 || c.Neighbours[0].Code != "U00002" || c.Neighbours[0].SharedLSOAs != 2 {
		t.Fatalf("neighbours %+v", c.Neighbours)
	}
	near("theirs in ours", c.Neighbours[0].TheirsInOurs, 200)
	near("ours in theirs", c.Neighbours[0].OursInTheirs, 0)
	if c.Vintages["registrations"] == "" || c.Vintages["list_sizes"] == "" || c.Vintages["practices"] == "" {
		t.Errorf("vintages %v", c.Vintages)
	}
	if len(c.Notes) != 3 || !strings.Contains(c.Notes[0], "150 residents of its catchment were registered in July 2022 with a practice that is not in the January 2026 list") ||
		!strings.Contains(c.Notes[1], "35 patients (1.9%)") || !strings.Contains(c.Notes[2], "List size 1900") {
		t.Errorf("notes %q", c.Notes)
	}

	// A single practice, without a plan; and one new since 2022.
	p, err := coverage.Report(a, "A00005", nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != "practice" || p.PCN != "U00002" || len(p.Patients) != 0 || p.Footprints != nil || !strings.Contains(p.Notes[0], "opened or merged since") {
		t.Errorf("practice coverage %+v", p)
	}
	if _, err := coverage.Report(a, "X99999", nil); footprint.Code(err) != footprint.ENotFound {
		t.Errorf("unknown code: %v", err)
	}
}
