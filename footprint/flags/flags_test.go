package flags_test

import (
	"math"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/flags"
)

// plan is a flags.Plan with fixed names and strangers.
type plan struct{ strangers []footprint.Stranger }

func (plan) FootprintName(id string) string               { return "Footprint " + strings.ToUpper(id) }
func (p plan) Strangers(string, int) []footprint.Stranger { return p.strangers }

func ptr(v float64) *float64 { return &v }

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -4332: "-4,332", 8799625: "8,799,625"} {
		if got := flags.Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFootprintFlags(t *testing.T) {
	set := footprint.DefaultSettings()
	need := set
	need.NeedWeighted = true
	tests := []struct {
		name   string
		set    footprint.Settings
		fs     footprint.FootprintScore
		kinds  []footprint.FlagKind
		phrase string
	}{
		{"below the band", set, footprint.FootprintScore{ID: "a", Name: "North", Population: 27708, InBand: false, Components: 1},
			[]footprint.FlagKind{footprint.FlagPopulationOutOfBand}, "North has 27,708 residents, 2,292 below the 30,000-50,000 band."},
		{"above the band, need-weighted", need, footprint.FootprintScore{ID: "a", Name: "North", Population: 49000, NeedWeightedPopulation: 54332.4, Components: 1},
			[]footprint.FlagKind{footprint.FlagPopulationOutOfBand}, "North has 54,332 need-weighted residents, 4,332 above the 30,000-50,000 band."},
		{"in band and whole", set, footprint.FootprintScore{ID: "a", Name: "North", Population: 40000, InBand: true, Components: 1}, nil, ""},
		{"crosses places", set, footprint.FootprintScore{ID: "a", Name: "North", Population: 40000, InBand: true, Components: 1,
			Places: []footprint.AreaShare{{Name: "Lambeth", Population: 39000}, {Name: "Southwark", Population: 1000}}},
			[]footprint.FlagKind{footprint.FlagCrossesPlace}, "Agree a cross-boundary arrangement between Lambeth (39,000 residents) and Southwark (1,000 residents)"},
		{"low containment names the strangers", set, footprint.FootprintScore{ID: "a", Name: "North", Population: 40000, InBand: true, Components: 1, Registered: 42000, DemandContainment: ptr(0.44)},
			[]footprint.FlagKind{footprint.FlagLowContainment}, "CLAPHAM PCN (1,234 residents here, homed in Footprint B)"},
	}
	p := plan{strangers: []footprint.Stranger{{PCN: "CLAPHAM PCN", Residents: 1234, Home: "Footprint B"}}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := flags.Footprint(nil, tt.set, &tt.fs, p)
			if len(got) != len(tt.kinds) {
				t.Fatalf("flags %+v, want kinds %v", got, tt.kinds)
			}
			for i, k := range tt.kinds {
				if got[i].Kind != k || got[i].Severity != k.DefaultSeverity() {
					t.Errorf("flag %d: %s %s, want %s", i, got[i].Kind, got[i].Severity, k)
				}
			}
			if tt.phrase != "" && !strings.Contains(got[0].Message+" "+got[0].Action, tt.phrase) {
				t.Errorf("%q\n%q\nwant %q", got[0].Message, got[0].Action, tt.phrase)
			}
		})
	}
}

func TestPCNFlags(t *testing.T) {
	set := footprint.DefaultSettings()
	set.Severity = map[footprint.FlagKind]footprint.Severity{footprint.FlagPCNRealign: footprint.SeverityError}
	realign := footprint.PCNScore{Code: "U1", Name: "CLAPHAM PCN", Home: "a", Containment: 0.44, Registered: 1000, Status: footprint.PCNRealign,
		SiteFootprints: []footprint.SiteFootprint{{Name: "One", Footprint: "a"}, {Name: "Two", Footprint: "b"}, {Name: "Three"}}}
	got := flags.PCN(set, &realign, plan{})
	if len(got) != 1 || got[0].Severity != footprint.SeverityError || got[0].Numbers["site_footprints"] != 3 || math.Abs(got[0].Affected-560) > 1e-9 {
		t.Fatalf("realign %+v", got)
	}
	if want := "CLAPHAM PCN must re-align: its home footprint Footprint A holds 44% of its patients, below the 50% needed; and 2 practices sit outside its home footprint Footprint A (its sites are in 3 footprints). The other 56% of its patients are spread over footprints that each hold less than 10% of them, or live outside the plan."; got[0].Message != want {
		t.Errorf("message %q\nwant    %q", got[0].Message, want)
	}
	if want := "Move Two, sited in Footprint B; Three, sited in no footprint, into the networks of the footprints they sit in, or bring their sites into Footprint A; re-draw Footprint A to take in at least 60 more of its patients (for 50%), or re-align its practices with the networks where its patients live."; got[0].Action != want {
		t.Errorf("action %q, want %q", got[0].Action, want)
	}
	cross := footprint.PCNScore{Code: "U2", Name: "STOCKWELL PCN", Home: "a", Containment: 0.6, Registered: 1000, Status: footprint.PCNCrossBoundary,
		Significant: []footprint.FootprintShare{{ID: "a", Name: "Footprint A", Share: 0.6}, {ID: "b", Name: "Footprint B", Share: 0.3}}}
	got = flags.PCN(set, &cross, plan{})
	if len(got) != 1 || got[0].Action != "Agree a cross-boundary arrangement with Footprint B (30% of patients)." {
		t.Errorf("cross-boundary %+v", got)
	}
	edge := realign
	edge.Containment, edge.SiteFootprints = 0.4996, nil
	if got := flags.PCN(set, &edge, plan{}); !strings.Contains(got[0].Message, "holds 49.9% of its patients, below the 50% needed") {
		t.Errorf("a share just below the threshold reads %q", got[0].Message)
	}
	if false {
		t.Errorf("cross-boundary %+v", got)
	}
	aligned := footprint.PCNScore{Status: footprint.PCNAligned}
	if got := flags.PCN(set, &aligned, plan{}); got != nil {
		t.Errorf("an aligned PCN is flagged: %+v", got)
	}
}

func TestSplit(t *testing.T) {
	fl, eff := flags.Split(footprint.DefaultSettings(), footprint.KindWard, "W1", "Oval", []footprint.Piece{
		{Footprint: "b", Name: "Beta", Residents: 1300}, {Footprint: "a", Name: "Alpha", Residents: 1500}})
	if want := 1/(math.Pow(1500.0/2800, 2)+math.Pow(1300.0/2800, 2)) - 1; math.Abs(eff-want) > 1e-12 {
		t.Errorf("effective splits %f, want %f", eff, want)
	}
	if fl.Kind != footprint.FlagSplitsWard || fl.Affected != 1300 || fl.Message != "Ward Oval is split between Alpha (1,500 residents) and Beta (1,300 residents)." ||
		!strings.Contains(fl.Action, "move its 1,300 residents outside Alpha into it") {
		t.Errorf("split %+v", fl)
	}
}
