package score_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/score"
)

func scorePlan(t testing.TB, a *footprint.Atlas, p *footprint.Plan) *footprint.Score {
	t.Helper()
	s := footprinttest.Scorer(t, a, p)
	return s.Score(true)
}

func val(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s is null, want %.6f", name, want)
		return
	}
	if math.Abs(*got-want) > 1e-6 {
		t.Errorf("%s = %.6f, want %.6f", name, *got, want)
	}
}

// scoreT scores plan T on the grid.
func scoreT(t *testing.T) *footprint.Score {
	t.Helper()
	a := footprinttest.Grid(t)
	return scorePlan(t, a, footprinttest.Plan(t, a, footprinttest.GridPlanT))
}

// sharesT are U00001's shares of patients in a, b and c under plan T:
// r(U00001, a) = 500 + 300 + 303.33 of its R = 1,810.
func sharesT() (rA float64, shares []float64) {
	rA = 500 + 300 + 600*1300.0/3000 + 100*1300.0/3000
	shares = []float64{rA / 1810, (200 + 600*1700.0/3000 + 100*1700.0/3000) / 1810, 75.0 / 1810}
	return rA, shares
}

// TestScoreFootprints checks plan T's footprint scores against known answers.
func TestScoreFootprints(t *testing.T) {
	a := footprinttest.Grid(t)
	sc := scorePlan(t, a, footprinttest.Plan(t, a, footprinttest.GridPlanT))
	if len(sc.Footprints) != 3 {
		t.Fatalf("%d footprints", len(sc.Footprints))
	}
	fa, fb, fc := sc.Footprints[0], sc.Footprints[1], sc.Footprints[2]

	// 1. Population and band.
	if fa.Population != 3500 || !fa.InBand || fb.Population != 5200 || fb.InBand || fc.Population != 800 || fc.InBand {
		t.Errorf("populations %d %v, %d %v, %d %v", fa.Population, fa.InBand, fb.Population, fb.InBand, fc.Population, fc.InBand)
	}
	// 2. Contiguity.
	if fa.Components != 1 || fb.Components != 1 || fc.Components != 1 || fa.EnclosedBy != "" {
		t.Errorf("components %d %d %d", fa.Components, fb.Components, fc.Components)
	}
	// 3. Compactness: a is an L of three 1 km squares: area 3 km², perimeter
	// 8 km, hull 3.5 km², bounding circle of radius √2 km.
	val(t, "a Polsby-Popper", fa.PolsbyPopper, 4*math.Pi*3/64)
	val(t, "a hull ratio", fa.HullRatio, 3/3.5)
	val(t, "a Reock", fa.Reock, 3/(2*math.Pi))
	val(t, "a area", fa.AreaKm2, 3)
	val(t, "c Polsby-Popper", fc.PolsbyPopper, math.Pi/4)
	val(t, "c Reock", fc.Reock, 1/(math.Pi*0.5))
	val(t, "c hull ratio", fc.HullRatio, 1)
	// 4. Natural communities.
	val(t, "a ward integrity", fa.WardIntegrity, 2200.0/3500)
	val(t, "b ward integrity", fb.WardIntegrity, 3700.0/5200)
	val(t, "a MSOA integrity", fa.MSOAIntegrity, 0)
	val(t, "c MSOA integrity", fc.MSOAIntegrity, 1)
	if len(fa.Boroughs) != 2 || fa.Boroughs[0].Code != "E09000012" || math.Abs(fa.Boroughs[0].Share-0.625) > 1e-12 || fa.Boroughs[1].Code != "E09000001" || fa.Boroughs[1].Share != 1 || !fa.Boroughs[1].Whole {
		t.Errorf("a boroughs %+v", fa.Boroughs)
	}
	if len(fb.Places) != 2 || fb.Places[0].Code != "E09000002" || fb.Places[0].Population != 3700 || fb.Places[1].Population != 1500 {
		t.Errorf("b places %+v", fb.Places)
	}
	if len(fa.ICBs) != 1 || fa.ICBs[0].Code != "E54000029" {
		t.Errorf("a ICBs %+v", fa.ICBs)
	}
	if w := fa.Wards; len(w) != 2 || w[0].Code != "E05000001" || !w[0].Whole || w[1].Code != "E05000002" || math.Abs(w[1].Share-1300.0/2800) > 1e-12 {
		t.Errorf("a wards %+v", w)
	}
	rA, _ := sharesT()
	// 5. PCN alignment. r(U00001, a) = 500 + 300 + 303.33; its R = 1,810.
	val(t, "a demand containment", fa.DemandContainment, rA/1190)
	val(t, "a supply containment", fa.SupplyContainment, rA/1810)
	val(t, "b demand containment", fb.DemandContainment, (700+200*1700.0/3000)/1560)
	val(t, "b supply containment", fb.SupplyContainment, (700+200*1700.0/3000)/910)
	val(t, "c demand containment", fc.DemandContainment, 0)
	if fc.SupplyContainment != nil {
		t.Errorf("c supply containment %v, want null: no PCN is homed there", *fc.SupplyContainment)
	}
	if math.Abs(fc.Registered-475) > 1e-6 || math.Abs(fc.RegisteredNoPCN-400) > 1e-6 {
		t.Errorf("c registered %v, no PCN %v; want 475 and 400 (the unallocated island practice)", fc.Registered, fc.RegisteredNoPCN)
	}
	if math.Abs(fb.RegisteredNoPCN-150) > 1e-6 {
		t.Errorf("b registered with practices in no PCN: %v, want 150 (the closed practice)", fb.RegisteredNoPCN)
	}
	// 6. Deprivation.
	val(t, "a IMD mean", fa.IMDMean, 41000.0/3500)
	val(t, "b IMD mean", fb.IMDMean, 170000.0/5200)
	val(t, "b IMD deciles 1-2", fb.IMDD12Share, 3500.0/5200)

}

// TestScorePCNs checks plan T's PCN scores against known answers.
func TestScorePCNs(t *testing.T) {
	sc := scoreT(t)
	_, shares := sharesT()
	// Per PCN.
	pcn := map[string]footprint.PCNScore{}
	for _, p := range sc.PCNs {
		pcn[p.Code] = p
	}
	p1 := pcn["U00001"]
	if p1.Home != "a" || math.Abs(p1.Containment-shares[0]) > 1e-9 || p1.Status != footprint.PCNCrossBoundary || math.Abs(p1.Registered-1810) > 1e-6 || math.Abs(p1.OutsideRegion-35) > 1e-6 {
		t.Errorf("U00001 %+v", p1)
	}
	sumSq := 0.0
	for _, s := range shares {
		sumSq += s * s
	}
	val(t, "U00001 effective splits", p1.EffectiveSplits, 1/sumSq-1)
	if len(p1.Significant) != 2 || p1.Significant[0].ID != "a" || p1.Significant[1].ID != "b" {
		t.Errorf("U00001 significant footprints %+v", p1.Significant)
	}
	if got := fmt.Sprint(p1.SiteFootprints); got != "[{A00001 Grid Surgery E01000001 a} {A00002 Middle Health Centre E01000005 a}]" {
		t.Errorf("U00001 sites %s", got)
	}
	if p2 := pcn["U00002"]; p2.Home != "b" || p2.Status != footprint.PCNAligned {
		t.Errorf("U00002 %+v", p2)
	}
	// U00003's patients all live outside the region: it has no home, no
	// containment, undefined splits, and its site must re-align.
	if p3 := pcn["U00003"]; p3.Home != "" || p3.Containment != 0 || p3.EffectiveSplits != nil || p3.Registered != 50 || p3.OutsideRegion != 50 || p3.Status != footprint.PCNRealign {
		t.Errorf("U00003 %+v", p3)
	}

}

// TestScorePlan checks plan T's plan summary against known answers.
func TestScorePlan(t *testing.T) {
	sc := scoreT(t)
	_, shares := sharesT()
	// Per plan.
	ps := sc.Plan
	if ps.Unassigned != 0 || ps.ScopeLSOAs != 7 || ps.WardsSplit != 1 || ps.MSOAsSplit != 2 || ps.CutEdges != 3 || ps.InBand != 1 || ps.Contiguous != 3 {
		t.Errorf("plan %+v", ps)
	}
	w2 := []float64{1300.0 / 2800, 1500.0 / 2800}
	if math.Abs(ps.WardEffectiveSplits-(1/(w2[0]*w2[0]+w2[1]*w2[1])-1)) > 1e-12 {
		t.Errorf("ward effective splits %v", ps.WardEffectiveSplits)
	}
	if math.Abs(ps.PCNContainmentMean-(shares[0]+(700+200*1700.0/3000)/910)/3) > 1e-9 || ps.PCNContainmentMin != 0 {
		t.Errorf("PCN containment mean %v min %v", ps.PCNContainmentMean, ps.PCNContainmentMin)
	}
	if ps.PCNStatus[footprint.PCNAligned] != 1 || ps.PCNStatus[footprint.PCNCrossBoundary] != 1 || ps.PCNStatus[footprint.PCNRealign] != 1 {
		t.Errorf("PCN statuses %v", ps.PCNStatus)
	}

}

// TestScoreFlags checks plan T's flags: kinds, severities, subjects and sentences.
func TestScoreFlags(t *testing.T) {
	sc := scoreT(t)
	fa, fb, fc := sc.Footprints[0], sc.Footprints[1], sc.Footprints[2]
	// Flags: kinds, severities, subjects, in order.
	var got []string
	for _, f := range sc.Flags {
		got = append(got, fmt.Sprintf("%s %s %s", f.Severity, f.Kind, f.Subject.Code))
		if f.Message == "" || f.Action == "" {
			t.Errorf("flag %s has no message or action", f.Kind)
		}
	}
	want := []string{
		"error population_out_of_band b", "error population_out_of_band c",
		"warning crosses_place b", "warning pcn_realign U00003", "warning pcn_cross_boundary U00001",
		"warning low_containment b", "warning low_containment c", "warning splits_ward E05000002",
		"info splits_msoa E02000001", "info splits_msoa E02000002",
	}
	if !slices.Equal(got, want) {
		t.Errorf("flags\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	byKind := map[footprint.FlagKind]footprint.Flag{}
	for _, f := range sc.Flags {
		byKind[f.Kind] = f
	}
	if f := byKind[footprint.FlagCrossesPlace]; !strings.Contains(f.Action, "Barking (3,700 residents) and City and Hackney (1,500 residents)") {
		t.Errorf("crosses_place action %q", f.Action)
	}
	if f := byKind[footprint.FlagPCNCrossBoundary]; !strings.Contains(f.Action, "Beta (33% of patients)") {
		t.Errorf("pcn_cross_boundary action %q", f.Action)
	}
	if f := byKind[footprint.FlagSplitsWard]; f.Numbers["footprints"] != 2 || !strings.Contains(f.Action, "move its 1,300 residents outside Beta into it") {
		t.Errorf("splits_ward %+v", f)
	}
	if fb.Flags != 3 || fc.Flags != 2 || fa.Flags != 0 {
		t.Errorf("flag counts a %d b %d c %d", fa.Flags, fb.Flags, fc.Flags)
	}
	// The JSON document has the contract's keys.
	js, _ := json.Marshal(sc)
	for _, key := range []string{`"plan":`, `"footprints":`, `"pcns":`, `"flags":`, `"polsby_popper":`, `"reock":`, `"hull_ratio":`, `"ward_integrity":`, `"msoa_integrity":`,
		`"boroughs":`, `"icbs":`, `"demand_containment":`, `"supply_containment":`, `"imd_mean":`, `"imd_d12_share":`, `"home":`, `"containment":`, `"effective_splits":`, `"site_footprints":`, `"status":`} {
		if !strings.Contains(string(js), key) {
			t.Errorf("score JSON has no %s", key)
		}
	}
}

func TestScoreEdgeCases(t *testing.T) {
	a := footprinttest.Grid(t)
	tests := []struct {
		name  string
		plan  string
		check func(t *testing.T, sc *footprint.Score)
	}{
		{"water-separated parts", `{"assignments": {"E01000004": "w", "E01000007": "w"}}`, func(t *testing.T, sc *footprint.Score) {
			f := sc.Footprints[0]
			if f.Components != 2 || !slices.Equal(f.Detached, []string{"E01000007"}) {
				t.Errorf("components %d detached %v", f.Components, f.Detached)
			}
			if sc.Flags[0].Kind != footprint.FlagPopulationOutOfBand || sc.Flags[1].Kind != footprint.FlagNonContiguous || !slices.Equal(sc.Flags[1].LSOAs, []string{"E01000007"}) || sc.Flags[1].Numbers["detached_population"] != 800 {
				t.Errorf("flags %+v", sc.Flags[:2])
			}
		}},
		{"empty footprint", `{"footprints": [{"id": "e", "name": "Empty"}], "assignments": {"E01000001": "x"}}`, func(t *testing.T, sc *footprint.Score) {
			e := sc.Footprints[0]
			if e.ID != "e" || e.Population != 0 || e.InBand || e.Components != 0 || e.PolsbyPopper != nil || e.DemandContainment != nil || e.IMDMean != nil {
				t.Errorf("empty footprint %+v", e)
			}
			if e.Flags != 1 {
				t.Errorf("empty footprint flags %d", e.Flags)
			}
		}},
		{"unassigned in scope", `{"places": ["E09000012"], "assignments": {"E01000001": "x", "E01000002": "x"}}`, func(t *testing.T, sc *footprint.Score) {
			ps := sc.Plan
			if ps.ScopeLSOAs != 4 || ps.Unassigned != 2 || ps.UnassignedPopulation != 2500 {
				t.Errorf("scope %+v", ps)
			}
			var f *footprint.Flag
			for i := range sc.Flags {
				if sc.Flags[i].Kind == footprint.FlagUnassigned {
					f = &sc.Flags[i]
				}
			}
			if f == nil || f.Severity != footprint.SeverityError || !slices.Equal(f.LSOAs, []string{"E01000004", "E01000005"}) || f.Subject.Kind != footprint.SubjectPlan {
				t.Errorf("unassigned flag %+v", f)
			}
		}},
		{"enclosed", `{"assignments": {"E01000001": "o", "E01000002": "o", "E01000003": "o", "E01000004": "o", "E01000005": "i", "E01000006": "o"}}`, func(t *testing.T, sc *footprint.Score) {
			// E01000005 touches only "o" but lies on the river bank, so
			// it is not enclosed.
			if sc.Footprints[0].EnclosedBy != "" {
				t.Errorf("river-bank footprint reported enclosed by %q", sc.Footprints[0].EnclosedBy)
			}
		}},
		{"home ties to the lower id", `{"assignments": {"E01000001": "x", "E01000002": "y", "E01000004": "y"}}`, func(t *testing.T, sc *footprint.Score) {
			// U00001 has 500 patients in x and 200 + 300 in y.
			for _, p := range sc.PCNs {
				if p.Code == "U00001" && p.Home != "x" {
					t.Errorf("tie went to %q, want x", p.Home)
				}
			}
		}},
		{"home ties to the lower id, swapped", `{"assignments": {"E01000001": "z", "E01000002": "y", "E01000004": "y"}}`, func(t *testing.T, sc *footprint.Score) {
			for _, p := range sc.PCNs {
				if p.Code == "U00001" && p.Home != "y" {
					t.Errorf("tie went to %q, want y", p.Home)
				}
			}
		}},
		{"severity override and threshold", `{"settings": {"band_min": 1000, "band_max": 9000, "pcn_aligned": 0.5, "pcn_realign": 0.4, "significant_share": 0.1, "low_containment": 0.6, "severity": {"splits_msoa": "warning"}},
			"assignments": {"E01000001": "a", "E01000002": "b"}}`, func(t *testing.T, sc *footprint.Score) {
			for _, f := range sc.Flags {
				if f.Kind == footprint.FlagSplitsMSOA && f.Severity != footprint.SeverityWarning {
					t.Errorf("override ignored: %+v", f)
				}
			}
			if sc.Plan.BandMax != 9000 {
				t.Errorf("band %d", sc.Plan.BandMax)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, scorePlan(t, a, footprinttest.Plan(t, a, tt.plan)))
		})
	}
}

// TestIncrementalMatchesFull: random sequences of moves, scored
// incrementally, give exactly the result of scoring the final plan afresh.
func TestIncrementalMatchesFull(t *testing.T) {
	a := footprinttest.Grid(t)
	ids := []string{"a", "b", "c", "d", ""}
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 7))
		p := footprinttest.Plan(t, a, footprinttest.GridPlanT)
		s := footprinttest.Scorer(t, a, p)
		for step := range 40 {
			u := a.Units[rng.IntN(len(a.Units))].Code
			if _, err := s.Move(u, ids[rng.IntN(len(ids))]); err != nil {
				t.Fatal(err)
			}
			geometry := step%2 == 0
			inc := s.Score(geometry)
			full := scorePlan(t, a, footprinttest.Clone(s.Plan()))
			if !geometry {
				full = func() *footprint.Score {
					f, _ := score.NewScorer(a, footprinttest.Clone(s.Plan()))
					return f.Score(false)
				}()
			}
			if !reflect.DeepEqual(inc, full) {
				ji, _ := json.Marshal(inc)
				jf, _ := json.Marshal(full)
				t.Fatalf("seed %d step %d: incremental and full scores differ\n%s\n%s", seed, step, ji, jf)
			}
		}
	}
}

func TestMoveErrors(t *testing.T) {
	a := footprinttest.Grid(t)
	s, _ := score.NewScorer(a, footprinttest.Plan(t, a, footprinttest.GridPlanT))
	if _, err := s.Move("E0100000X", "a"); footprint.Code(err) != footprint.EInvalid {
		t.Errorf("unknown code: %v", err)
	}
	changed, err := s.Move("E01000005", "b")
	if err != nil || !slices.Equal(changed, []string{"a", "b"}) {
		t.Errorf("changed %v %v", changed, err)
	}
	if changed, _ := s.Move("E01000005", "b"); changed != nil {
		t.Errorf("a no-op move changed %v", changed)
	}
}
