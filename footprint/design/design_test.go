package design_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/compare"
	"github.com/nhs-footprint/footprint/footprint/design"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// hardOK checks every footprint of a plan: in band, contiguous, in one
// place. It returns what is wrong.
func hardOK(a *footprint.Atlas, p *footprint.Plan) []string {
	s, err := score.NewScorer(a, p)
	if err != nil {
		return []string{err.Error()}
	}
	var bad []string
	for _, f := range s.Score(false).Footprints {
		if f.LSOAs == 0 {
			continue
		}
		if !f.InBand || f.Components != 1 || len(f.Places) != 1 {
			bad = append(bad, fmt.Sprintf("%s: %d residents, %d pieces, %d places", f.ID, f.Population, f.Components, len(f.Places)))
		}
	}
	return bad
}

// run designs, failing the test on an error.
func run(t *testing.T, a *footprint.Atlas, opt design.Options) *design.Result {
	t.Helper()
	res, err := design.Run(context.Background(), a, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A 2×4 grid of 10,000-resident LSOAs, two PCNs each leading a 2×2 block:
// with a band of 30-50k the only good plans are two footprints of 40,000,
// and the best follows the PCNs exactly.
func TestDesignKnownOptimum(t *testing.T) {
	a := footprinttest.Synthetic(footprinttest.Spec{Rows: 2, Cols: 4,
		Pop:  func(r, c int) int32 { return 10000 },
		PCN:  func(r, c int) int { return c / 2 },
		Ward: func(r, c int) int { return c / 2 },
	})
	for seed := range uint64(5) {
		res := run(t, a, design.Options{Mode: design.Propose, Seed: seed})
		if !res.Places[0].Feasible || res.Places[0].Footprints != 2 {
			t.Fatalf("seed %d: %+v", seed, res.Places[0])
		}
		groups := map[string][]string{}
		for code, id := range res.Plan.Assign {
			groups[id] = append(groups[id], code)
		}
		for _, g := range groups {
			slices.Sort(g)
			got := fmt.Sprint(g)
			if got != "[E00000000 E00000001 E00000004 E00000005]" && got != "[E00000002 E00000003 E00000006 E00000007]" {
				t.Errorf("seed %d: footprint %v does not follow the PCNs", seed, g)
			}
		}
	}
}

// A place too small is rejected up front (see TestCheck); a part cut off
// from the rest is reported with the reason, and the closest plan is
// still returned.
func TestDesignInfeasible(t *testing.T) {
	// 3×3 grid, a river cutting off the right column (3 × 5,000).
	river := footprinttest.Synthetic(footprinttest.Spec{Rows: 3, Cols: 3, Pop: func(r, c int) int32 { return 5000 }, PCN: func(r, c int) int { return 0 }, Ward: func(r, c int) int { return 0 },
		Cut: func(r, c, r2, c2 int) bool { return c == 1 && c2 == 2 }})
	res := run(t, river, design.Options{Mode: design.Propose})
	if p := res.Places[0]; p.Feasible || !strings.Contains(p.Reason, "cut off from the rest (3 LSOAs with 15,000 residents") {
		t.Errorf("river: %+v", p)
	}
}

// Property: on random grids that are feasible by construction (each
// column sums into the band and stays connected; other edges are cut at
// random), design finds plans meeting every hard constraint, in every
// mode and every option, and the same seed gives the same plan.
func TestDesignPropertyRandom(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 11))
		rows, cols := 4+rng.IntN(5), 3+rng.IntN(6)
		pops := make([][]int32, rows)
		for r := range pops {
			pops[r] = make([]int32, cols)
		}
		// Column sums between 30k and 50k: each column is a valid footprint.
		for c := range cols {
			target := 30000 + rng.IntN(20001)
			left := target
			for r := range rows {
				if r == rows-1 {
					pops[r][c] = int32(left)
					continue
				}
				v := left / (rows - r)
				v += rng.IntN(v/2+1) - v/4
				v = max(1, min(v, left-(rows-r-1)))
				pops[r][c] = int32(v)
				left -= v
			}
		}
		pcns := rng.IntN(cols) + 1
		a := footprinttest.Synthetic(footprinttest.Spec{Rows: rows, Cols: cols,
			Pop:  func(r, c int) int32 { return pops[r][c] },
			PCN:  func(r, c int) int { return (c*pcns/cols + rng.IntN(2)) % pcns },
			Ward: func(r, c int) int { return (r/2)*cols + c/2 },
			// Random horizontal cuts never disconnect a column.
			Cut: func(r, c, r2, c2 int) bool { return r == r2 && rng.IntN(3) == 0 },
		})
		for _, mode := range []design.Mode{design.Propose, design.FromPCN} {
			res := run(t, a, design.Options{Mode: mode, Seed: seed})
			if !res.Places[0].Feasible {
				t.Fatalf("seed %d %s: feasible by construction, but %+v", seed, mode, res.Places[0])
			}
			for _, o := range res.Options {
				if bad := hardOK(a, o.Plan); len(bad) > 0 {
					t.Fatalf("seed %d %s %s: %v", seed, mode, o.Option, bad)
				}
			}
			if mode == design.Propose && len(res.Options) != 3 {
				t.Fatalf("seed %d: %d options, want 3", seed, len(res.Options))
			}
			again := run(t, a, design.Options{Mode: mode, Seed: seed})
			if fmt.Sprint(again.Plan.Assign) != fmt.Sprint(res.Plan.Assign) {
				t.Fatalf("seed %d %s: the same seed gave another plan", seed, mode)
			}
		}
	}
}

// Repair fixes the bad footprints of a draft with few moves and leaves a
// locked footprint alone, even when it is out of band.
func TestDesignRepair(t *testing.T) {
	a := footprinttest.Synthetic(footprinttest.Spec{Rows: 2, Cols: 6,
		Pop:  func(r, c int) int32 { return 10000 },
		PCN:  func(r, c int) int { return c / 2 },
		Ward: func(r, c int) int { return c / 2 },
	})
	code := func(r, c int) string { return fmt.Sprintf("E%08d", r*6+c) }
	p := footprint.NewPlan("draft")
	// x: columns 0-2 (60,000: too big); y: columns 3-4 (40,000); z: column
	// 5 (20,000, locked, too small).
	for r := range 2 {
		for c := range 6 {
			p.Assign[code(r, c)] = map[int]string{0: "x", 1: "x", 2: "x", 3: "y", 4: "y", 5: "z"}[c]
		}
	}
	p.Normalize()
	z, ok := p.Lookup("z")
	if !ok {
		t.Fatal("draft has no footprint z")
	}
	z.Locked = true
	res := run(t, a, design.Options{Mode: design.Repair, Draft: p, Settings: footprint.DefaultSettings()})
	for r := range 2 {
		if res.Plan.Assign[code(r, 5)] != "z" {
			t.Fatalf("locked footprint changed: %v", res.Plan.Assign)
		}
	}
	s, _ := score.NewScorer(a, res.Plan)
	for _, f := range s.Score(false).Footprints {
		if f.ID != "z" && (!f.InBand || f.Components != 1) {
			t.Errorf("footprint %s: %d residents, %d pieces", f.ID, f.Population, f.Components)
		}
	}
	// y is valid, so it is kept: x, hemmed in by y and the locked z, can
	// only split into two footprints of 30,000, moving 3 LSOAs.
	if pd := res.Places[0]; pd.MovedLSOAs != 3 || pd.Moved != 30000 {
		t.Errorf("moved %d LSOAs, %d residents; want 3 and 30,000", pd.MovedLSOAs, pd.Moved)
	}
	for r := range 2 {
		for c := 3; c < 5; c++ {
			if res.Plan.Assign[code(r, c)] != "y" {
				t.Fatalf("kept footprint y changed: %v", res.Plan.Assign)
			}
		}
	}
	// y is the one valid footprint (z is locked, but out of band).
	if c := res.Options[0].Scorecard; c.Valid != 1 || c.Kept != 1 || c.KeptWhole != 1 || c.Unchanged != 1 {
		t.Errorf("kept %d of %d valid (%d whole, %d unchanged), want y: 1 of 1 (1, 1)", c.Kept, c.Valid, c.KeptWhole, c.Unchanged)
	}
	// Unlocked, y may take one LSOA from x: the fewest moves, 50,000 each.
	res = run(t, a, design.Options{Mode: design.Repair, Draft: p, Settings: footprint.DefaultSettings(), Unlock: []string{"y"}})
	if pd := res.Places[0]; pd.MovedLSOAs != 1 || pd.Moved != 10000 {
		t.Errorf("unlocked: moved %d LSOAs, %d residents; want 1 and 10,000", pd.MovedLSOAs, pd.Moved)
	}
	if _, err := design.Run(context.Background(), a, design.Options{Mode: design.Repair, Draft: p, Unlock: []string{"nope"}}); footprint.Code(err) != footprint.EInvalid {
		t.Errorf("unlocking an unknown footprint: %v", err)
	}
}

// With need weighting, design sizes footprints by need-weighted
// population.
func TestDesignNeedWeighted(t *testing.T) {
	a := footprinttest.Grid(t)
	set := footprint.DefaultSettings()
	set.BandMin, set.BandMax, set.NeedWeighted, set.AllowCrossPlace = 3000, 4700, true, true
	res := run(t, a, design.Options{Mode: design.Propose, Settings: set, Seed: 3})
	island := res.Plan.Assign["E01000007"] // cut off by the river: reported, not sized
	if res.Places[0].Feasible || !strings.Contains(res.Places[0].Reason, "cut off from the rest") {
		t.Errorf("island not reported: %+v", res.Places[0])
	}
	s, _ := score.NewScorer(a, res.Plan)
	for _, f := range s.Score(false).Footprints {
		if f.ID != island && f.LSOAs > 0 && (f.NeedWeightedPopulation < 3000 || f.NeedWeightedPopulation > 4700) {
			t.Errorf("%s: need-weighted %v outside 3,000-4,700", f.ID, f.NeedWeightedPopulation)
		}
	}
}

// Bad options are invalid input, matched by code.
func TestDesignErrors(t *testing.T) {
	a := footprinttest.Grid(t)
	for _, opt := range []design.Options{{Mode: "guess"}, {Mode: design.Repair}, {Mode: design.Propose, Places: []string{"E09999999"}}} {
		if _, err := design.Run(context.Background(), a, opt); footprint.Code(err) != footprint.EInvalid {
			t.Errorf("%+v: %v", opt, err)
		}
	}
}

// A design whose context is done reports an error wrapping the context's
// error, matched by errors.Is; it is not invalid input.
func TestDesignCancelled(t *testing.T) {
	a := footprinttest.Grid(t)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want error
	}{
		{"cancelled", cancelled, context.Canceled},
		{"deadline", expired, context.DeadlineExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, mode := range []design.Mode{design.Propose, design.FromPCN} {
				res, err := design.Run(tc.ctx, a, design.Options{Mode: mode})
				if res != nil || !errors.Is(err, tc.want) {
					t.Fatalf("%s: got %v, %v; want an error wrapping %v", mode, res, err, tc.want)
				}
				if code := footprint.Code(err); code == footprint.EInvalid {
					t.Errorf("%s: %v has code %s: cancellation is not invalid input", mode, err, code)
				}
				if !strings.Contains(err.Error(), "cancelled") {
					t.Errorf("%s: %q does not say the design was cancelled", mode, err)
				}
			}
		})
	}
}

// Moved matches footprints by overlap before counting moves, so
// renaming every footprint moves nothing.
func TestMoved(t *testing.T) {
	a := footprinttest.Synthetic(footprinttest.Spec{Rows: 1, Cols: 4,
		Pop:  func(r, c int) int32 { return 100 * int32(c+1) },
		PCN:  func(r, c int) int { return 0 },
		Ward: func(r, c int) int { return 0 },
	})
	plan := func(ids ...string) *footprint.Plan {
		p := footprint.NewPlan("")
		for u, id := range ids {
			p.Assign[a.Units[u].Code] = id
		}
		p.Normalize()
		return p
	}
	for _, tc := range []struct {
		name      string
		from, to  *footprint.Plan
		lsoas     int
		residents int64
	}{
		{"same", plan("a", "a", "b", "b"), plan("a", "a", "b", "b"), 0, 0},
		{"renamed", plan("a", "a", "b", "b"), plan("y", "y", "x", "x"), 0, 0},
		{"one moved", plan("a", "a", "b", "b"), plan("a", "b", "b", "b"), 1, 200},
		{"unassigned ignored", plan("a", "a", "b", "b"), plan("a", "a", "b"), 0, 0},
	} {
		if l, r := compare.Moved(a, tc.from, tc.to); l != tc.lsoas || r != tc.residents {
			t.Errorf("%s: moved %d LSOAs, %d residents; want %d and %d", tc.name, l, r, tc.lsoas, tc.residents)
		}
	}
}

// A kept footprint never loses an LSOA of its own, but takes in LSOAs
// where that brings a PCN to its threshold. On a 2×12 grid of 1,700
// residents a cell, with a band of 10,000-17,000, the draft has three
// valid footprints of four columns, w, x and y; x is unlocked. PCN 0
// registers columns 0-5 and PCN 1 columns 6-11, each sited in its kept
// footprint, which holds two thirds (8 of 12 cells) of its patients.
// Each PCN needs one more cell for 0.75, and x can spare two and stay in
// band (6 cells, 10,200): so the optimum gives one cell of x to each
// neighbour, and aligns both PCNs.
func TestKeptFootprintGrowsNeverShrinks(t *testing.T) {
	a := footprinttest.Synthetic(footprinttest.Spec{Rows: 2, Cols: 12,
		Pop:  func(r, c int) int32 { return 1700 },
		PCN:  func(r, c int) int { return c / 6 },
		Ward: func(r, c int) int { return c / 4 },
	})
	code := func(r, c int) string { return fmt.Sprintf("E%08d", r*12+c) }
	a.Practices[0].Unit, a.Practices[1].Unit = 1, 10
	a.BuildIndex()
	set := footprint.DefaultSettings()
	set.BandMin, set.BandMax = 10000, 17000
	p := footprint.NewPlan("draft")
	p.Settings = set
	for r := range 2 {
		for c := range 12 {
			p.Assign[code(r, c)] = []string{"w", "x", "y"}[c/4]
		}
	}
	p.Normalize()
	res := run(t, a, design.Options{Mode: design.Repair, Draft: p, Settings: set, Unlock: []string{"x"}})
	n := map[string]int{}
	for r := range 2 {
		for c := range 12 {
			f := res.Plan.Assign[code(r, c)]
			n[f]++
			if own := []string{"w", "", "y"}[c/4]; own != "" && f != own {
				t.Fatalf("kept footprint %s lost cell %d,%d: %v", own, r, c, res.Plan.Assign)
			}
		}
	}
	if n["w"] != 9 || n["x"] != 6 || n["y"] != 9 {
		t.Errorf("cells w, x, y: %d, %d, %d; want 9, 6, 9", n["w"], n["x"], n["y"])
	}
	if bad := hardOK(a, res.Plan); len(bad) > 0 {
		t.Error(bad)
	}
	c := res.Options[0].Scorecard
	if n := c.PCNStatus[footprint.PCNAligned]; n != 2 {
		t.Errorf("%d PCNs aligned, want 2", n)
	}
	// Both keep every resident; neither is unchanged, nor nine tenths of
	// its footprint (8 of 9 cells).
	if c.Valid != 2 || c.Kept != 2 || c.Unchanged != 0 || c.KeptWhole != 0 {
		t.Errorf("kept %d of %d (%d whole, %d unchanged); want 2 of 2 (0, 0)", c.Kept, c.Valid, c.KeptWhole, c.Unchanged)
	}
}

// From-pcn keeps a valid catchment that borders a pocket too big for one
// footprint and too small for two: the kept footprint takes in an LSOA of
// the pocket, so that the rest fits, rather than being given up. On a 2×10 grid,
// PCN A's catchment is columns 0-3 (8 cells of 5,000: 40,000, valid) and
// PCN B's columns 4-9 (12 cells of 4,500: 54,000, over the band and
// under two footprints' worth). The one answer: A keeps its cells and
// takes one cell of column 4; B keeps the other 11 (49,500).
func TestFromPCNShedsPocketToKept(t *testing.T) {
	a := footprinttest.Synthetic(footprinttest.Spec{Rows: 2, Cols: 10,
		Pop: func(r, c int) int32 {
			if c < 4 {
				return 5000
			}
			return 4500
		},
		PCN:  func(r, c int) int { return min(c/4, 1) },
		Ward: func(r, c int) int { return c / 2 },
	})
	a.Practices[0].Unit, a.Practices[1].Unit = 0, 9
	a.BuildIndex()
	code := func(r, c int) string { return fmt.Sprintf("E%08d", r*10+c) }
	res := run(t, a, design.Options{Mode: design.FromPCN, Settings: footprint.DefaultSettings()})
	got := res.Plan.Assign
	kept := got[code(0, 0)]
	for r := range 2 {
		for c := range 4 {
			if got[code(r, c)] != kept {
				t.Fatalf("catchment A split: %v", got)
			}
		}
	}
	if n := b2i(got[code(0, 4)] == kept) + b2i(got[code(1, 4)] == kept); n != 1 {
		t.Errorf("A took %d cells of column 4, want 1: %v", n, got)
	}
	if bad := hardOK(a, res.Plan); len(bad) > 0 {
		t.Error(bad)
	}
	if c := res.Options[0].Scorecard; c.Valid != 1 || c.Kept != 1 || c.Footprints != 2 {
		t.Errorf("%d footprints, kept %d of %d valid; want 2, 1 of 1", c.Footprints, c.Kept, c.Valid)
	}
}

// b2i is 1 for true.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
