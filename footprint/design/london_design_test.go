//go:build cgo

package design_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/compare"
	"github.com/nhs-footprint/footprint/footprint/design"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

// subPlan keeps a plan's LSOAs in one place.
func subPlan(a *footprint.Atlas, p *footprint.Plan, place int32) *footprint.Plan {
	q := footprint.NewPlan(p.Name)
	q.Settings = p.Settings
	q.Places = []string{a.Places[place].Code}
	for _, u := range a.Places[place].Units {
		if id, ok := p.Assign[a.Units[u].Code]; ok {
			q.Assign[a.Units[u].Code] = id
		}
	}
	q.Normalize()
	return q
}

// placeFigures are the plan-level figures the London test logs.
type placeFigures struct {
	footprints, inBand, contiguous int
	pcnMean, fpMean                float64
	aligned, crossB, realign       int
	wards, msoas                   int
}

// figures scores a plan and returns its plan-level figures.
func figures(t testing.TB, a *footprint.Atlas, p *footprint.Plan) placeFigures {
	s := footprinttest.Scorer(t, a, p)
	ps := s.Score(false).Plan
	return placeFigures{ps.Footprints, ps.InBand, ps.Contiguous, ps.PCNContainmentMean, ps.FootprintContainmentMean,
		ps.PCNStatus[footprint.PCNAligned], ps.PCNStatus[footprint.PCNCrossBoundary], ps.PCNStatus[footprint.PCNRealign], ps.WardsSplit, ps.MSOAsSplit}
}

// TestLondonDesign runs design on all 32 London places and holds it to
// the bar: every feasible place gets footprints all in band and
// contiguous; from-PCN moves fewer residents than a fresh proposal; the
// proposal's mean PCN containment is within 10 points of the PCN
// catchments'. It logs the per-place figures beside the baseline.
func TestLondonDesign(t *testing.T) {
	a, base := footprinttest.LondonBaseline(t, baseline.PCN)
	ctx := context.Background()
	t0 := time.Now()
	prop, err := design.Run(ctx, a, design.Options{Mode: design.Propose, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tProp := time.Since(t0)
	t0 = time.Now()
	fromPCN, err := design.Run(ctx, a, design.Options{Mode: design.FromPCN, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tFrom := time.Since(t0)
	for _, res := range []*design.Result{prop, fromPCN} {
		for _, p := range res.Places {
			if !p.Feasible {
				t.Errorf("%s %s: %s", p.Place, p.Name, p.Reason)
			}
		}
		if bad := hardOK(a, res.Plan); len(bad) > 0 {
			t.Errorf("%s: %v", res.Plan.Name, bad)
		}
	}
	_, movedProp := compare.Moved(a, base, prop.Plan)
	_, movedFrom := compare.Moved(a, base, fromPCN.Plan)
	if movedFrom >= movedProp {
		t.Errorf("from-PCN moved %d residents, the fresh proposal %d", movedFrom, movedProp)
	}
	b, pp, fp := figures(t, a, base), figures(t, a, prop.Plan), figures(t, a, fromPCN.Plan)
	if pp.pcnMean < b.pcnMean-0.10 {
		t.Errorf("proposal mean PCN containment %.1f%%, baseline %.1f%%", 100*pp.pcnMean, 100*b.pcnMean)
	}
	t.Logf("London: proposal %d footprints in %.2f s, from-PCN %d in %.2f s; residents moved from the PCN catchments: proposal %d, from-PCN %d",
		pp.footprints, tProp.Seconds(), fp.footprints, tFrom.Seconds(), movedProp, movedFrom)
	line := func(name string, f placeFigures) string {
		return fmt.Sprintf("%-9s fp %3d in band %3d contiguous %3d | PCN cont %5.1f%% fp cont %5.1f%% | PCNs %3d/%3d/%3d | wards split %3d MSOAs split %3d",
			name, f.footprints, f.inBand, f.contiguous, 100*f.pcnMean, 100*f.fpMean, f.aligned, f.crossB, f.realign, f.wards, f.msoas)
	}
	t.Log(line("baseline", b))
	t.Log(line("proposal", pp))
	t.Log(line("from-PCN", fp))
	for i, pd := range prop.Places {
		pl := a.PlaceIndex(pd.Place)
		bf, pf, ff := figures(t, a, subPlan(a, base, pl)), figures(t, a, subPlan(a, prop.Plan, pl)), figures(t, a, subPlan(a, fromPCN.Plan, pl))
		t.Logf("%s %-22s %6.0f ms | baseline fp %2d in band %2d contig %2d PCN %4.1f%% fp %4.1f%% a/c/r %2d/%2d/%2d w %2d m %2d | proposal fp %2d in band %2d contig %2d PCN %4.1f%% fp %4.1f%% a/c/r %2d/%2d/%2d w %2d m %2d | from-PCN fp %2d moved %6d PCN %4.1f%%",
			pd.Place, pd.Name, 1000*pd.Seconds, bf.footprints, bf.inBand, bf.contiguous, 100*bf.pcnMean, 100*bf.fpMean, bf.aligned, bf.crossB, bf.realign, bf.wards, bf.msoas,
			pf.footprints, pf.inBand, pf.contiguous, 100*pf.pcnMean, 100*pf.fpMean, pf.aligned, pf.crossB, pf.realign, pf.wards, pf.msoas,
			ff.footprints, fromPCN.Places[i].Moved, 100*ff.pcnMean)
	}
}

// BenchmarkDesignLondon: all 32 places. Target: 10 s or less.
func BenchmarkDesignLondon(b *testing.B) {
	a := footprinttest.London(b)
	var res *design.Result
	for b.Loop() {
		var err error
		if res, err = design.Run(context.Background(), a, design.Options{Mode: design.Propose, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(res.StepsPerSecond, "steps/s")
}

// BenchmarkDesignPlace: one place (Camden). Target: 1 s or less.
func BenchmarkDesignPlace(b *testing.B) {
	a := footprinttest.London(b)
	for b.Loop() {
		if _, err := design.Run(context.Background(), a, design.Options{Mode: design.Propose, Seed: 1, Places: []string{"E09000007"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFromPCNLondon: from-pcn on all 32 places. Target: 10 s or
// less.
func BenchmarkFromPCNLondon(b *testing.B) {
	a := footprinttest.London(b)
	for b.Loop() {
		if _, err := design.Run(context.Background(), a, design.Options{Mode: design.FromPCN, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFromPCNPlace: from-pcn on the largest place, Croydon (229
// LSOAs). Target: 1 s or less.
func BenchmarkFromPCNPlace(b *testing.B) {
	a := footprinttest.London(b)
	for b.Loop() {
		if _, err := design.Run(context.Background(), a, design.Options{Mode: design.FromPCN, Seed: 1, Places: []string{"E09000008"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRepairLondon repairs a London proposal with 5 footprints broken:
// each loses a block of LSOAs to a neighbour. Target: 1 s or less.
func BenchmarkRepairLondon(b *testing.B) {
	a := footprinttest.London(b)
	res, err := design.Run(context.Background(), a, design.Options{Mode: design.Propose, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	draft := footprinttest.Clone(res.Plan)
	broken := 0
	for _, f := range draft.Footprints {
		if broken == 5 {
			break
		}
		// Move a third of f's LSOAs into a neighbouring footprint.
		var members []int32
		for code, id := range draft.Assign {
			if id == f.ID {
				u, _ := a.UnitIndex(code)
				members = append(members, u)
			}
		}
		moved := 0
		for _, u := range members {
			for _, v := range a.Graph().Neighbours(u) {
				if g := draft.Assign[a.Units[v].Code]; g != "" && g != f.ID && moved < len(members)/3 {
					draft.Assign[a.Units[u].Code] = g
					moved++
					break
				}
			}
		}
		if moved > 0 {
			broken++
		}
	}
	for b.Loop() {
		r, err := design.Run(context.Background(), a, design.Options{Mode: design.Repair, Draft: footprinttest.Clone(draft), Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range r.Places {
			if !p.Feasible {
				b.Fatalf("%s: %s", p.Name, p.Reason)
			}
		}
	}
}
