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
// wards split, each footprint's Polsby-Popper score. With a kept
// footprint, which may take LSOAs in at the cost of Grow but never lose
// its own, the same holds, and none of its own ever leaves.
func TestObjectiveExactUnderMoves(t *testing.T) {
	for _, kept := range []bool{false, true} {
		t.Run(fmt.Sprintf("kept=%v", kept), func(t *testing.T) { objectiveExact(t, kept) })
	}
}

func objectiveExact(t *testing.T, withKept bool) {
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
	w.Moved, w.Grow = 0.5, 3
	d := testDesigner(a, 30000, 60000, w)
	if reasons := d.partition(d.reg.units, "B1"); len(reasons) > 0 {
		t.Fatal(reasons)
	}
	origin := map[int32]int32{}
	for u, f := range d.assign {
		origin[u] = f
	}
	var kept []bool
	k := int32(slices.Index(d.fpSize, slices.Min(d.fpSize))) // the smallest, with most room to grow
	if withKept {
		kept = make([]bool, len(d.fpID))
		kept[k] = true
	}
	s := newState(d, w, kept, origin)
	j0 := s.total()
	sum, moves, grown := 0.0, 0, 0
	for range 20000 {
		i := int32(rng.IntN(len(s.units)))
		u := s.units[i]
		f := s.assign[u]
		nb := a.Graph().Neighbours(u)
		g := s.assign[nb[rng.IntN(len(nb))]]
		if g == f || s.pinned(u, f) || s.size[f]-d.size[u] < d.min || s.size[g]+d.size[u] > s.cap[g] || !s.staysConnected(u, f) {
			continue
		}
		sum += s.delta(i, f, g)
		s.apply(i, f, g)
		moves++
		if g == k && withKept {
			grown++
		}
	}
	if moves < 100 || withKept && grown == 0 {
		t.Fatalf("only %d moves, %d into the kept footprint", moves, grown)
	}
	if got := s.total() - j0; math.Abs(got-sum) > 1e-9 {
		t.Errorf("after %d moves the deltas sum to %.12f, the objective changed by %.12f", moves, sum, got)
	}
	for u, f := range origin {
		if withKept && f == k && s.assign[u] != k {
			t.Errorf("unit %d left the kept footprint", u)
		}
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

// tradeOffGrid is a 2×4 grid of 10,000-resident cells, cell (r, c)
// numbered 4r+c, with two PCNs and four wards laid out cell by cell, and
// PCN 0's site in cell site0, PCN 1's in site1.
func tradeOffGrid(pcn, ward []int, site0, site1 int32) *footprint.Atlas {
	return sited(footprinttest.Synthetic(footprinttest.Spec{Rows: 2, Cols: 4,
		Pop:  func(r, c int) int32 { return 10000 },
		PCN:  func(r, c int) int { return pcn[r*4+c] },
		Ward: func(r, c int) int { return ward[r*4+c] },
	}), site0, site1)
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

// On grids where the two optima differ, known by enumerating every
// split into two footprints in band, Propose's alignment-first and
// communities-first options are each the optimum of their objective,
// whatever the seed. (The grids were found by enumeration among random
// ones; on some others the search stops short of an optimum: see the
// package notes.)
func TestOptionsKnownOptimumTradeOff(t *testing.T) {
	tests := []struct {
		name         string
		pcn, ward    []int
		site0, site1 int32
		af, cf       string // cells of cell 0's footprint
	}{
		{"wards cut across PCN 1", []int{1, 1, 1, 0, 1, 1, 0, 0}, []int{2, 1, 3, 3, 1, 1, 3, 0}, 7, 0, "[0 1 2 4 5]", "[0 1 4 5]"},
		{"a top row of PCN 0", []int{0, 0, 0, 1, 1, 1, 0, 1}, []int{0, 1, 2, 0, 3, 2, 1, 2}, 1, 5, "[0 1 2]", "[0 1 2 3]"},
		{"PCN 0 in an L", []int{0, 0, 0, 1, 0, 1, 1, 1}, []int{1, 1, 3, 3, 3, 0, 1, 1}, 2, 5, "[0 1 2 4]", "[0 1 2 3 4]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tradeOffGrid(tt.pcn, tt.ward, tt.site0, tt.site1)
			want := map[Option]string{AlignmentFirst: tt.af, CommunitiesFirst: tt.cf}
			for o, cells := range want {
				if got := bestByEnumeration(t, a, o); got != cells {
					t.Fatalf("%s: the enumerated optimum holds %s with cell 0, want %s", o, got, cells)
				}
			}
			for seed := range uint64(5) {
				res, err := Run(context.Background(), a, Options{Mode: Propose, Seed: seed, Settings: footprint.DefaultSettings()})
				if err != nil {
					t.Fatal(err)
				}
				for _, or := range res.Options {
					if cells, ok := want[or.Option]; ok {
						if got := cellsWith(a, or.Plan, "E00000000"); got != cells {
							t.Errorf("seed %d %s: cell 0's footprint holds %s, want %s", seed, or.Option, got, cells)
						}
					}
				}
			}
		})
	}
}

// cellsWith lists the cells of the footprint holding the LSOA code.
func cellsWith(a *footprint.Atlas, p *footprint.Plan, code string) string {
	var cells []int32
	for c, id := range p.Assign {
		if id == p.Assign[code] {
			u, _ := a.UnitIndex(c)
			cells = append(cells, u)
		}
	}
	slices.Sort(cells)
	return fmt.Sprint(cells)
}
