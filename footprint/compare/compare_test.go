package compare_test

import (
	"math"
	"reflect"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/compare"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

// planOf makes a grid plan from footprint ids for E01000001-7, in order;
// "" leaves an LSOA unassigned.
func planOf(t *testing.T, a *footprint.Atlas, ids ...string) *footprint.Plan {
	t.Helper()
	p := footprinttest.Plan(t, a, footprinttest.GridPlanT)
	p.Assign = map[string]string{}
	for i, id := range ids {
		if id != "" {
			p.Assign[a.Units[i].Code] = id
		}
	}
	p.Footprints = nil
	p.Normalize()
	return p
}

func TestMovedKnownAnswers(t *testing.T) {
	a := footprinttest.Grid(t)
	// Residents: 1000, 1500, 2000, 1200, 1300, 1700, 800.
	T := planOf(t, a, "a", "b", "b", "a", "a", "b", "c")
	tests := []struct {
		name      string
		to        *footprint.Plan
		match     map[string]string
		lsoas     int
		residents int64
	}{
		{"same plan", T, map[string]string{"a": "a", "b": "b", "c": "c"}, 0, 0},
		{"same partition, other ids", planOf(t, a, "x", "y", "y", "x", "x", "y", "z"), map[string]string{"x": "a", "y": "b", "z": "c"}, 0, 0},
		// E01000005 (1,300) moves from a to b; a keeps 2,200 of its own.
		{"one LSOA moves", planOf(t, a, "a", "b", "b", "a", "b", "b", "c"), map[string]string{"a": "a", "b": "b", "c": "c"}, 1, 1300},
		// One footprint for all: it matches b (5,200 shared, the largest),
		// so a's and c's residents have moved.
		{"merged into one", planOf(t, a, "w", "w", "w", "w", "w", "w", "w"), map[string]string{"w": "b"}, 4, 4300},
		// Unassigned LSOAs have not moved.
		{"island unassigned", planOf(t, a, "a", "b", "b", "a", "a", "b", ""), map[string]string{"a": "a", "b": "b"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compare.Match(a, T, tt.to); !reflect.DeepEqual(got, tt.match) {
				t.Errorf("match %v, want %v", got, tt.match)
			}
			if n, r := compare.Moved(a, T, tt.to); n != tt.lsoas || r != tt.residents {
				t.Errorf("moved %d LSOAs, %d residents; want %d, %d", n, r, tt.lsoas, tt.residents)
			}
		})
	}
}

func TestPlansKnownAnswers(t *testing.T) {
	a := footprinttest.Grid(t)
	T := planOf(t, a, "a", "b", "b", "a", "a", "b", "c")
	U := planOf(t, a, "a", "b", "b", "a", "b", "b", "c")
	c, err := compare.Plans(a, []compare.Input{{Label: "T", Plan: T}, {Label: "U", Plan: U}})
	if err != nil {
		t.Fatal(err)
	}
	if len(T.Places) != 0 {
		t.Errorf("comparing changed the input plan's places: %v", T.Places)
	}
	t0, u0 := c.Plans[0], c.Plans[1]
	if t0.Footprints != 3 || t0.InBand != 1 || t0.Contiguous != 3 || t0.WardsSplit != 1 || t0.MSOAsSplit != 2 || t0.CutEdges != 3 || t0.MovedResidents != 0 {
		t.Errorf("T's scorecard %+v", t0)
	}
	if u0.MovedLSOAs != 1 || u0.MovedResidents != 1300 || u0.Label != "U" {
		t.Errorf("U's scorecard %+v", u0)
	}
	// a = {1, 4} = 1000, 1200 (IMD known for all): the scorecard's IMD is
	// the mean and spread of the footprints' own IMD means.
	if t0.IMDMean == nil || t0.IMDSpread == nil || *t0.IMDSpread < 0 || t0.PolsbyPopperMean == nil {
		t.Errorf("T's IMD and compactness %+v", t0)
	}
	// a is an L of three 1 km squares: Polsby-Popper 4π·3/8²; b and c
	// differ, so only check the mean is in range.
	if pp := *t0.PolsbyPopperMean; pp <= 0 || pp > 1 {
		t.Errorf("mean Polsby-Popper %f", pp)
	}
	d := c.Diffs[0]
	wantFlows := []footprint.Flow{
		{From: "a", FromName: "a", To: "a", ToName: "a", LSOAs: 2, Residents: 2200, Matched: true},
		{From: "a", FromName: "a", To: "b", ToName: "b", LSOAs: 1, Residents: 1300},
		{From: "b", FromName: "b", To: "b", ToName: "b", LSOAs: 3, Residents: 5200, Matched: true},
		{From: "c", FromName: "c", To: "c", ToName: "c", LSOAs: 1, Residents: 800, Matched: true},
	}
	if !reflect.DeepEqual(d.Flows, wantFlows) {
		t.Errorf("flows %+v\nwant %+v", d.Flows, wantFlows)
	}
	if want := []footprint.Changed{{LSOA: "E01000005", Residents: 1300, From: "a", To: "b"}}; !reflect.DeepEqual(d.Changed, want) {
		t.Errorf("changed %+v", d.Changed)
	}
	if d.Matching == "" {
		t.Error("the diff does not say how moved residents are counted")
	}
	// PCNs whose status changes come first.
	seenUnchanged := false
	for _, p := range c.PCNs {
		if len(p.Status) != 2 || len(p.Containment) != 2 {
			t.Fatalf("PCN row %+v", p)
		}
		if p.Changes != (p.Status[0] != p.Status[1]) {
			t.Errorf("PCN %s: changes %v for %v", p.Code, p.Changes, p.Status)
		}
		if p.Changes && seenUnchanged {
			t.Errorf("PCN %s changes but comes after an unchanged one", p.Code)
		}
		seenUnchanged = seenUnchanged || !p.Changes
	}
}

func TestPlansErrors(t *testing.T) {
	a := footprinttest.Grid(t)
	T := planOf(t, a, "a", "b", "b", "a", "a", "b", "c")
	only := planOf(t, a, "a", "", "", "a", "a", "", "")
	only.Places = []string{"E09000012"}
	T2 := T.Clone()
	T2.Places = []string{"E09000002", "E09000012"}
	tests := []struct {
		name string
		in   []compare.Input
	}{
		{"one plan", []compare.Input{{Label: "T", Plan: T}}},
		{"five plans", []compare.Input{{Label: "1", Plan: T}, {Label: "2", Plan: T}, {Label: "3", Plan: T}, {Label: "4", Plan: T}, {Label: "5", Plan: T}}},
		{"other places", []compare.Input{{Label: "T", Plan: T2}, {Label: "only", Plan: only}}},
	}
	for _, tt := range tests {
		if _, err := compare.Plans(a, tt.in); footprint.Code(err) != footprint.EInvalid {
			t.Errorf("%s: %v, want invalid", tt.name, err)
		}
	}
}

func TestMeanSpread(t *testing.T) {
	a := footprinttest.Grid(t)
	T := planOf(t, a, "a", "b", "b", "a", "a", "b", "c")
	c, err := compare.Plans(a, []compare.Input{{Label: "T", Plan: T}, {Label: "T again", Plan: T}})
	if err != nil {
		t.Fatal(err)
	}
	s := footprinttest.Scorer(t, a, T.Clone()).Score(false)
	var xs []float64
	for _, f := range s.Footprints {
		xs = append(xs, *f.IMDMean)
	}
	m := (xs[0] + xs[1] + xs[2]) / 3
	sd := math.Sqrt(((xs[0]-m)*(xs[0]-m) + (xs[1]-m)*(xs[1]-m) + (xs[2]-m)*(xs[2]-m)) / 3)
	if math.Abs(*c.Plans[0].IMDMean-m) > 1e-12 || math.Abs(*c.Plans[0].IMDSpread-sd) > 1e-12 {
		t.Errorf("IMD %f ± %f, want %f ± %f", *c.Plans[0].IMDMean, *c.Plans[0].IMDSpread, m, sd)
	}
	if c.Plans[1].MovedLSOAs != 0 || len(c.Diffs[0].Changed) != 0 {
		t.Errorf("a plan compared with itself moved %d LSOAs", c.Plans[1].MovedLSOAs)
	}
}
