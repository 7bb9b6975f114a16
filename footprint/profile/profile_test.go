package profile_test

import (
	"math"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/profile"
	"github.com/nhs-footprint/footprint/footprint/score"
)

func TestProfileKnownAnswers(t *testing.T) {
	a := footprinttest.Grid(t)
	s, err := score.NewScorer(a, footprinttest.Plan(t, a, footprinttest.GridPlanT))
	if err != nil {
		t.Fatal(err)
	}
	doc := profile.Plan(s)
	if len(doc.Profiles) != 3 || len(doc.Notes) != 3 || doc.Vintages["population"] == "" {
		t.Fatalf("doc %+v", doc)
	}
	p := doc.Profiles[0] // a = E01000001, E01000004, E01000005
	near := func(name string, got *float64, want float64) {
		t.Helper()
		if got == nil || math.Abs(*got-want) > 1e-6 {
			t.Errorf("%s = %v, want %.6f", name, got, want)
		}
	}
	want := map[string]int64{"age_0_4": 180, "cyp_0_19": 720, "working_20_64": 2290, "older_65": 490, "older_85": 60}
	for _, sg := range p.Segments {
		if sg.Residents != want[sg.Key] || math.Abs(sg.Share-float64(want[sg.Key])/3500) > 1e-12 || sg.Bands == "" {
			t.Errorf("segment %+v, want %d", sg, want[sg.Key])
		}
	}
	near("IMD mean", p.IMDMean, 41000.0/3500)
	near("deciles 1-2", p.IMDD12Share, 0)
	health := p.Domains[3]
	if health.Domain != "Health deprivation and disability" || math.Abs(health.Mean-(-1000.0-2600.0)/3500) > 1e-12 {
		t.Errorf("health domain %+v", health)
	}
	if p.MostDeprived.Code != "E01000004" || p.LeastDeprived.Code != "E01000005" {
		t.Errorf("most %+v least %+v", p.MostDeprived, p.LeastDeprived)
	}
	if len(p.Practices) != 2 || p.Practices[0].Code != "A00001" || p.ListSize != 1900 {
		t.Errorf("practices %+v list %d", p.Practices, p.ListSize)
	}
	near("list inflation", p.ListInflation, 1190.0/3500)
	near("list per resident", p.ListPerResident, 1900.0/3500)
	near("registered inside", p.RegisteredInside, (500+300+260+100*1300.0/3000)/1190)
	// Nearest site: E01000001 141 m from A00001, E01000004 1,000 m from
	// either, E01000005 0 m from A00002.
	near("mean distance", p.MeanDistanceM, (1000*math.Hypot(100, 100)+1200*1000)/3500)
	if len(p.Hubs) != 2 || p.Hubs[0].Practice != "A00002" || math.Abs(p.Hubs[0].MeanDistanceM-(1000*math.Hypot(1100, 900)+1200*1000)/3500) > 1e-6 ||
		math.Abs(p.Hubs[1].MeanDistanceM-(1000*math.Hypot(100, 100)+1200*1000+1300*math.Hypot(1000, 1000))/3500) > 1e-6 {
		t.Errorf("hubs %+v", p.Hubs)
	}
	// The island has no practice of its own... but the unallocated one.
	c := doc.Profiles[2]
	if len(c.Practices) != 1 || c.Practices[0].Code != "A00004" || c.Hubs[0].MeanDistanceM != math.Hypot(0, 0) {
		t.Errorf("island %+v", c)
	}
}

// Two practice sites the same distance from the residents: the hub list
// puts the lower code first.
func TestNeedWeighted(t *testing.T) {
	a := footprinttest.Grid(t)
	health := map[string]float64{"E01000001": -1, "E01000002": 1.5, "E01000003": 0.8, "E01000004": 0, "E01000005": -2, "E01000006": 0.5, "E01000007": -0.5}
	var pop, raw float64
	for i := range a.Units {
		u := &a.Units[i]
		pop += float64(u.Pop)
		raw += float64(u.Pop) * math.Exp(0.25*health[u.Code])
	}
	k := pop / raw
	island := k * 800 * math.Exp(0.25*-0.5)
	// Headcount 800 is in a band from 790; the island's need-weighted 669
	// is not.
	js := `{"settings": {"band_min": 790, "band_max": 10000, "pcn_aligned": 0.75, "pcn_realign": 0.5, "significant_share": 0.1, "low_containment": 0.6%s}, "assignments": {"E01000007": "c", "E01000001": "a"}}`
	for _, weighted := range []bool{false, true} {
		opt := ""
		if weighted {
			opt = `, "need_weighted": true`
		}
		s, _ := score.NewScorer(a, footprinttest.Plan(t, a, strings.Replace(js, "%s", opt, 1)))
		sc := s.Score(false)
		c := sc.Footprints[1]
		if math.Abs(c.NeedWeightedPopulation-island) > 1e-6 {
			t.Fatalf("need-weighted %v, want %v", c.NeedWeightedPopulation, island)
		}
		if c.InBand == weighted {
			t.Errorf("need weighting %v: island in band %v", weighted, c.InBand)
		}
		var flagged bool
		for _, f := range sc.Flags {
			if f.Kind == footprint.FlagPopulationOutOfBand && f.Subject.Code == "c" {
				flagged = strings.Contains(f.Message, "669 need-weighted residents") && f.Numbers["sized_population"] == 669
			}
		}
		if flagged != weighted {
			t.Errorf("need weighting %v: flagged %v (%+v)", weighted, flagged, sc.Flags)
		}
	}
	// Over the whole atlas the weighted total is the headcount.
	s, _ := score.NewScorer(a, footprinttest.Plan(t, a, `{"assignments": {"E01000001": "x", "E01000002": "x", "E01000003": "x", "E01000004": "x", "E01000005": "x", "E01000006": "x", "E01000007": "x"}}`))
	if fs, _ := s.Footprint("x", false); math.Abs(fs.NeedWeightedPopulation-9500) > 1e-3 {
		t.Errorf("atlas total %v, want 9500", fs.NeedWeightedPopulation)
	}
}

// Summed over the borough plan, the segments equal each borough's Census
// totals.
// Target: 200 ms or less.
