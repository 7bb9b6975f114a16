//go:build cgo

package design_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/compare"
	"github.com/nhs-footprint/footprint/footprint/design"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

// card is the figures of a plan (or a place's part of it) the bar
// speaks of.
type card struct {
	fp, inBand, contiguous  int
	aligned, cross, realign int
	cont                    float64
	wards                   int
	ppMean, ppMin           float64
	moved                   int64
}

// cardOf scores a plan against the plan it started from.
func cardOf(t testing.TB, a *footprint.Atlas, p, from *footprint.Plan) card {
	sc := footprinttest.Scorer(t, a, p).Score(true)
	ps := sc.Plan
	c := card{fp: ps.Footprints, inBand: ps.InBand, contiguous: ps.Contiguous, aligned: ps.PCNStatus[footprint.PCNAligned],
		cross: ps.PCNStatus[footprint.PCNCrossBoundary], realign: ps.PCNStatus[footprint.PCNRealign], cont: ps.PCNContainmentMean, wards: ps.WardsSplit, ppMin: math.Inf(1)}
	n := 0
	for _, f := range sc.Footprints {
		if f.LSOAs > 0 && f.PolsbyPopper != nil {
			c.ppMean += *f.PolsbyPopper
			c.ppMin = min(c.ppMin, *f.PolsbyPopper)
			n++
		}
	}
	if n > 0 {
		c.ppMean /= float64(n)
	}
	_, c.moved = compare.Moved(a, from, p)
	return c
}

func (c card) String() string {
	return fmt.Sprintf("%3d fp %2d/%2d/%3d %4.1f%% w%3d pp %.2f/%.2f mv %4dk", c.fp, c.aligned, c.cross, c.realign, 100*c.cont, c.wards, c.ppMean, c.ppMin, c.moved/1000)
}

// TestLondonOptionsBar designs all 32 London places with seed 1, every
// option and from-pcn, and holds the result to the bar of issue 14,
// scored as `footprint score` scores. It logs the per-place table.
func TestLondonOptionsBar(t *testing.T) {
	a, base := footprinttest.LondonBaseline(t, baseline.PCN)
	ctx := context.Background()
	t0 := time.Now()
	prop, err := design.Run(ctx, a, design.Options{Mode: design.Propose, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tProp := time.Since(t0)
	t0 = time.Now()
	from, err := design.Run(ctx, a, design.Options{Mode: design.FromPCN, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tFrom := time.Since(t0)
	t.Logf("London: all options in %.2f s, from-pcn in %.2f s (%.0f steps/s)", tProp.Seconds(), tFrom.Seconds(), prop.StepsPerSecond)
	cards := map[string]card{"baseline": cardOf(t, a, base, base)}
	names := []string{"baseline"}
	for _, o := range prop.Options {
		cards[string(o.Option)] = cardOf(t, a, o.Plan, base)
		names = append(names, string(o.Option))
		if bad := hardOK(a, o.Plan); len(bad) > 0 {
			t.Errorf("%s: %v", o.Option, bad)
		}
	}
	cards["from-pcn"] = cardOf(t, a, from.Plan, base)
	names = append(names, "from-pcn")
	if bad := hardOK(a, from.Plan); len(bad) > 0 {
		t.Errorf("from-pcn: %v", bad)
	}
	for _, n := range names {
		t.Logf("%-18s %v", n, cards[n])
	}
	logPlaces(t, a, base, prop, from)
	bal, com, fp := cards["balanced"], cards["communities-first"], cards["from-pcn"]
	check := func(what string, ok bool) {
		if !ok {
			t.Errorf("bar not met: %s", what)
		}
	}
	check("balanced: all in band and contiguous", bal.inBand == bal.fp && bal.contiguous == bal.fp)
	check(fmt.Sprintf("balanced: %d aligned, want >= 38", bal.aligned), bal.aligned >= 38)
	check(fmt.Sprintf("balanced: %d aligned or cross-boundary, want >= 100", bal.aligned+bal.cross), bal.aligned+bal.cross >= 100)
	check(fmt.Sprintf("balanced: mean PCN containment %.3f, want >= 0.57", bal.cont), bal.cont >= 0.57)
	check(fmt.Sprintf("balanced: %d wards split, want <= 200", bal.wards), bal.wards <= 200)
	check(fmt.Sprintf("balanced: Polsby-Popper mean %.3f min %.3f, want >= 0.30 and >= 0.10", bal.ppMean, bal.ppMin), bal.ppMean >= 0.30 && bal.ppMin >= 0.10)
	check(fmt.Sprintf("communities first: %d wards split, %d aligned; want <= 120 and >= 20", com.wards, com.aligned), com.wards <= 120 && com.aligned >= 20)
	check(fmt.Sprintf("from-pcn: %d PCNs aligned, want >= 25", fp.aligned), fp.aligned >= 25)
	check(fmt.Sprintf("from-pcn: %d residents moved, want <= 2.4M", fp.moved), fp.moved <= 2400000)
	check(fmt.Sprintf("from-pcn: Polsby-Popper min %.3f, want >= 0.10", fp.ppMin), fp.ppMin >= 0.10)
	c := from.Options[0].Scorecard
	t.Logf("from-pcn: %d of %d valid catchments kept (no resident moved), %d of them nine tenths of their footprint, %d unchanged", c.Kept, c.Valid, c.KeptWhole, c.Unchanged)
	check(fmt.Sprintf("from-pcn: %d of %d valid catchments kept, want >= 35", c.Kept, c.Valid), c.Valid == 40 && c.Kept >= 35)
}

// logPlaces logs the per-place table: baseline, each option, from-pcn.
func logPlaces(t *testing.T, a *footprint.Atlas, base *footprint.Plan, prop, from *design.Result) {
	head := []string{"baseline"}
	for _, o := range prop.Options {
		head = append(head, string(o.Option))
	}
	head = append(head, "from-pcn")
	t.Logf("place (fp a/c/r containment wards-split PP-mean/min moved): %s", strings.Join(head, " | "))
	for _, pd := range prop.Places {
		pl := a.PlaceIndex(pd.Place)
		bp := subPlan(a, base, pl)
		row := []string{cardOf(t, a, bp, bp).String()}
		for _, o := range prop.Options {
			row = append(row, cardOf(t, a, subPlan(a, o.Plan, pl), bp).String())
		}
		row = append(row, cardOf(t, a, subPlan(a, from.Plan, pl), bp).String())
		t.Logf("%-22.22s %s", pd.Name, strings.Join(row, " | "))
	}
}

// BenchmarkLocalSearchLondon designs every London place's balanced
// option and reports local-search steps per second of search time.
// Target: 100,000 or more.
func BenchmarkLocalSearchLondon(b *testing.B) {
	a := footprinttest.London(b)
	var res *design.Result
	for b.Loop() {
		var err error
		if res, err = design.Run(context.Background(), a, design.Options{Mode: design.Propose, Seed: 1, Count: 1}); err != nil {
			b.Fatal(err)
		}
	}
	var steps int
	var secs float64
	for _, p := range res.Places {
		steps += p.Steps
		secs += p.SearchSeconds
	}
	b.ReportMetric(float64(steps)/secs, "steps/s")
}
