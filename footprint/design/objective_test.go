package design

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// sited gives each synthetic PCN a practice site in a cell and rebuilds
// the atlas's indexes.
func sited(a *footprint.Atlas, cells ...int32) *footprint.Atlas {
	for p, u := range cells {
		a.Practices[p].Unit = u
	}
	a.BuildIndex()
	return a
}

// testDesigner is a designer of the synthetic atlas's one place.
func testDesigner(a *footprint.Atlas, lo, hi int64, w Weights) *designer {
	set := footprint.DefaultSettings()
	set.BandMin, set.BandMax = lo, hi
	opt := Options{Mode: Propose, Settings: set, Weights: w}
	return newDesigner(context.Background(), a, opt, region{code: "B1", name: "Place", units: a.Places[0].Units}, 0)
}

// planOf is the designer's assignment as a plan.
func planOf(d *designer) *footprint.Plan {
	p := footprint.NewPlan("test")
	p.Settings = d.opt.Settings
	for u, f := range d.assign {
		p.Assign[d.a.Units[u].Code] = d.fpID[f]
	}
	p.Normalize()
	return p
}

// The objective is exact under moves: after thousands of random valid
// moves the sum of their deltas equals the objective computed afresh, and
// the counts agree with the scorer's: PCNs aligned and cross-boundary,
// wards split, each footprint's Polsby-Popper score.
func TestObjectiveExactUnderMoves(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pops := make([]int32, 36)
	for i := range pops {
		pops[i] = int32(5000 + rng.IntN(5000))
	}
	a := sited(footprinttest.Synthetic(footprinttest.Spec{Rows: 6, Cols: 6,
		Pop:  func(r, c int) int32 { return pops[r*6+c] },
		PCN:  func(r, c int) int { return (c/2 + r/4) % 3 },
		Ward: func(r, c int) int { return (r/2)*3 + c/2 },
	}), 0, 14, 35)
	w := OptionWeights(Balanced)
	w.Moved = 0.5
	d := testDesigner(a, 30000, 60000, w)
	if reasons := d.partition(d.reg.units, "B1"); len(reasons) > 0 {
		t.Fatal(reasons)
	}
	origin := map[int32]int32{}
	for u, f := range d.assign {
		origin[u] = f
	}
	s := newState(d, w, nil, origin)
	j0 := s.total()
	sum, moves := 0.0, 0
	for range 20000 {
		i := int32(rng.IntN(len(s.units)))
		u := s.units[i]
		f := s.assign[u]
		nb := a.Graph().Neighbours(u)
		g := s.assign[nb[rng.IntN(len(nb))]]
		if g == f || s.size[f]-d.size[u] < d.min || s.size[g]+d.size[u] > d.max || !s.staysConnected(u, f) {
			continue
		}
		sum += s.delta(i, f, g)
		s.apply(i, f, g)
		moves++
	}
	if moves < 100 {
		t.Fatalf("only %d moves", moves)
	}
	if got := s.total() - j0; math.Abs(got-sum) > 1e-9 {
		t.Errorf("after %d moves the deltas sum to %.12f, the objective changed by %.12f", moves, sum, got)
	}
	s.commit()
	sc, err := score.NewScorer(a, planOf(d))
	if err != nil {
		t.Fatal(err)
	}
	doc := sc.Score(true)
	al, cr := s.statuses()
	if al != doc.Plan.PCNStatus[footprint.PCNAligned] || cr != doc.Plan.PCNStatus[footprint.PCNCrossBoundary] || s.splitsW != doc.Plan.WardsSplit {
		t.Errorf("state: %d aligned, %d cross, %d wards split; scorer %v, %d", al, cr, s.splitsW, doc.Plan.PCNStatus, doc.Plan.WardsSplit)
	}
	for _, fs := range doc.Footprints {
		f := int32(slices.Index(d.fpID, fs.ID))
		if pp := polsbyPopper(s.area[f], s.perim[f]); math.Abs(pp-*fs.PolsbyPopper) > 1e-9 {
			t.Errorf("%s: Polsby-Popper %.12f, scorer %.12f", fs.ID, pp, *fs.PolsbyPopper)
		}
	}
}

// tradeOffGrid is a 2×4 grid of 10,000-resident cells with two PCNs and
// a ward per column. PCN 0 lives in the top row and the bottom-left cell,
// PCN 1 in the rest of the bottom row; their sites are at the two ends.
// Following the PCNs aligns both and splits three wards; following the
// wards (columns 0-1 against 2-3) splits none and leaves both PCNs
// cross-boundary.
func tradeOffGrid() *footprint.Atlas {
	return sited(footprinttest.Synthetic(footprinttest.Spec{Rows: 2, Cols: 4,
		Pop: func(r, c int) int32 { return 10000 },
		PCN: func(r, c int) int {
			if r == 0 || c == 0 {
				return 0
			}
			return 1
		},
		Ward: func(r, c int) int { return c },
	}), 0, 7)
}

// bestByEnumeration tries every split of the grid's 8 cells into two
// footprints, contiguous and in band, and returns the one the option's
// objective rates highest, as "cells of the footprint holding cell 0".
func bestByEnumeration(t *testing.T, a *footprint.Atlas, o Option) string {
	best, bestJ := "", math.Inf(-1)
	for mask := 1; mask < 1<<8-1; mask++ {
		if mask&1 == 0 {
			continue
		}
		d := testDesigner(a, 30000, 50000, OptionWeights(o))
		f0, f1 := d.newFootprint("a"), d.newFootprint("b")
		for u := range int32(8) {
			if mask&(1<<u) != 0 {
				d.set(u, f0)
			} else {
				d.set(u, f1)
			}
		}
		if !d.feasible() {
			continue
		}
		if j := newState(d, OptionWeights(o), nil, nil).total(); j > bestJ+1e-12 {
			best, bestJ = cellsOf(d, f0), j
		}
	}
	return best
}

// cellsOf lists the cells of footprint f.
func cellsOf(d *designer, f int32) string {
	var cells []int32
	for u, g := range d.assign {
		if g == f {
			cells = append(cells, u)
		}
	}
	slices.Sort(cells)
	return fmt.Sprint(cells)
}

// On the trade-off grid the alignment-first optimum, known by
// enumeration, follows the PCNs, and the communities-first optimum
// follows the wards; Propose finds each.
func TestOptionsKnownOptimumTradeOff(t *testing.T) {
	a := tradeOffGrid()
	want := map[Option]string{AlignmentFirst: "[0 1 2 3 4]", CommunitiesFirst: "[0 1 4 5]"}
	for o, cells := range want {
		if got := bestByEnumeration(t, a, o); got != cells {
			t.Fatalf("%s: the enumerated optimum holds %s with cell 0, want %s", o, got, cells)
		}
	}
	set := footprint.DefaultSettings()
	for seed := range uint64(5) {
		res, err := Run(context.Background(), a, Options{Mode: Propose, Seed: seed, Settings: set})
		if err != nil {
			t.Fatal(err)
		}
		for _, or := range res.Options {
			cells, ok := want[or.Option]
			if !ok {
				continue
			}
			id := or.Plan.Assign["E00000000"]
			var got []int32
			for code, x := range or.Plan.Assign {
				if x == id {
					u, _ := a.UnitIndex(code)
					got = append(got, u)
				}
			}
			slices.Sort(got)
			if fmt.Sprint(got) != cells {
				t.Errorf("seed %d %s: cell 0's footprint holds %v, want %s", seed, or.Option, got, cells)
			}
		}
		if al := res.Options[0].Scorecard.PCNStatus[footprint.PCNAligned]; al != 2 {
			t.Errorf("seed %d: alignment first aligns %d PCNs, want 2", seed, al)
		}
		if ws := res.Options[2].Scorecard.WardsSplit; ws != 0 {
			t.Errorf("seed %d: communities first splits %d wards, want 0", seed, ws)
		}
	}
}
