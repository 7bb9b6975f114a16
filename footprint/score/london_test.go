//go:build cgo

package score_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/score"
)

func TestLondonPCNBaseline(t *testing.T) {
	a, p := footprinttest.LondonBaseline(t, baseline.PCN)
	s := footprinttest.Scorer(t, a, p)
	sc := s.Score(true)
	ps := sc.Plan
	if ps.Footprints != 203 || ps.Unassigned != 0 || ps.ScopeLSOAs != 4994 || ps.Population != 8799625 {
		t.Fatalf("PCN baseline: %d footprints, %d unassigned, %d in scope, %d residents", ps.Footprints, ps.Unassigned, ps.ScopeLSOAs, ps.Population)
	}
	if st := ps.PCNStatus; st[footprint.PCNAligned]+st[footprint.PCNCrossBoundary]+st[footprint.PCNRealign]+st[footprint.PCNExternal] != 203 || st[footprint.PCNExternal] != 0 {
		t.Errorf("statuses %v", st)
	}
	for _, f := range sc.Footprints {
		if f.PolsbyPopper == nil || *f.PolsbyPopper <= 0 || *f.PolsbyPopper > 1 || *f.Reock <= 0 || *f.Reock > 1 || *f.HullRatio <= 0 || *f.HullRatio > 1 {
			t.Errorf("%s compactness out of (0, 1]: %v %v %v", f.ID, f.PolsbyPopper, f.Reock, f.HullRatio)
		}
		if f.DemandContainment == nil || *f.DemandContainment < 0 || *f.DemandContainment > 1 {
			t.Errorf("%s demand containment %v", f.ID, f.DemandContainment)
		}
	}
	t.Logf("PCN catchments in band: %d of %d; contiguous %d; PCNs aligned %d, cross-boundary %d, re-align %d; mean PCN containment %.3f, footprint %.3f",
		ps.InBand, ps.Footprints, ps.Contiguous, ps.PCNStatus[footprint.PCNAligned], ps.PCNStatus[footprint.PCNCrossBoundary], ps.PCNStatus[footprint.PCNRealign], ps.PCNContainmentMean, ps.FootprintContainmentMean)
	for _, f := range sc.Flags[:5] {
		t.Logf("worst: %s %s %s: %s", f.Severity, f.Kind, f.Subject.Code, f.Message)
	}
}

func TestLondonBoroughBaseline(t *testing.T) {
	a, p := footprinttest.LondonBaseline(t, baseline.Borough)
	s := footprinttest.Scorer(t, a, p)
	sc := s.Score(true)
	if sc.Plan.Footprints != 33 || sc.Plan.WardsSplit != 0 || sc.Plan.MSOAsSplit != 0 || sc.Plan.InBand != 0 {
		t.Errorf("borough baseline: %d footprints, %d wards and %d MSOAs split, %d in band (none: the City has 8,587 residents, every other borough over 50,000)", sc.Plan.Footprints, sc.Plan.WardsSplit, sc.Plan.MSOAsSplit, sc.Plan.InBand)
	}
	for _, f := range sc.Footprints {
		if len(f.Boroughs) != 1 || !f.Boroughs[0].Whole || *f.WardIntegrity != 1 || len(f.ICBs) != 1 {
			t.Errorf("borough %s: boroughs %v, ward integrity %v, ICBs %d", f.ID, f.Boroughs, *f.WardIntegrity, len(f.ICBs))
		}
	}
	// No borough crosses an ICB, and the City and Hackney form one place.
	var crossPlace []string
	for _, fl := range sc.Flags {
		if fl.Kind == footprint.FlagCrossesICB {
			t.Errorf("borough crosses ICBs: %s", fl.Message)
		}
		if fl.Kind == footprint.FlagCrossesPlace {
			crossPlace = append(crossPlace, fl.Subject.Code)
		}
	}
	if len(crossPlace) != 0 {
		t.Errorf("boroughs crossing places: %v", crossPlace)
	}
}

// TestLondonIncrementalMatchesFull moves random boundary LSOAs of the PCN
// baseline to a neighbour's footprint and checks against a full rescore.
func TestLondonIncrementalMatchesFull(t *testing.T) {
	a, p := footprinttest.LondonBaseline(t, baseline.PCN)
	s := footprinttest.Scorer(t, a, p)
	s.Score(true)
	rng := rand.New(rand.NewPCG(1, 2))
	for step := range 400 {
		u := int32(rng.IntN(len(a.Units)))
		nb := a.Graph().Neighbours(u)
		v := nb[rng.IntN(len(nb))]
		to := s.Plan().Assign[a.Units[v].Code]
		if _, err := s.Move(a.Units[u].Code, to); err != nil {
			t.Fatal(err)
		}
		if step%100 == 99 {
			if inc, full := s.Score(true), scorePlan(t, a, footprinttest.Clone(s.Plan())); !reflect.DeepEqual(inc, full) {
				t.Fatalf("step %d: incremental and full scores differ", step)
			}
		}
	}
}

// BenchmarkLondonRescore: full rescore of the 203-footprint PCN plan with
// compactness. Target: 100 ms or less.
func BenchmarkLondonRescore(b *testing.B) {
	a, p := footprinttest.LondonBaseline(b, baseline.PCN)
	for b.Loop() {
		s, err := score.NewScorer(a, footprinttest.Clone(p))
		if err != nil {
			b.Fatal(err)
		}
		if sc := s.Score(true); sc.Plan.Footprints != 203 {
			b.Fatal(sc.Plan.Footprints)
		}
	}
}

// benchMoves moves boundary LSOAs between footprints, rescoring the
// changed footprints (with or without compactness) and affected PCNs.
func benchMoves(b *testing.B, geometry bool) {
	a, p := footprinttest.LondonBaseline(b, baseline.PCN)
	s := footprinttest.Scorer(b, a, p)
	s.Score(true)
	rng := rand.New(rand.NewPCG(3, 4))
	assign := s.Plan().Assign
	// next picks a boundary LSOA and a neighbouring footprint to move it
	// to, against the plan as it stands.
	next := func() (string, string) {
		for {
			u := int32(rng.IntN(len(a.Units)))
			nb := a.Graph().Neighbours(u)
			v := nb[rng.IntN(len(nb))]
			if to := assign[a.Units[v].Code]; to != assign[a.Units[u].Code] {
				return a.Units[u].Code, to
			}
		}
	}
	// Each op is one move: a boundary LSOA to a neighbouring footprint,
	// then, on the next op, back again, so the plan stays as realistic as
	// the baseline rather than drifting into fragments.
	b.ResetTimer()
	i, fps, pcns := 0, 0, 0
	var code, back string
	for b.Loop() {
		var to string
		if i%2 == 0 {
			code, to = next() // about 0.1 µs, left in the timing
			back = assign[code]
		} else {
			to = back
		}
		i++
		changed, err := s.Move(code, to)
		if err != nil {
			b.Fatal(err)
		}
		for _, id := range changed {
			s.Footprint(id, geometry)
		}
		fps += len(changed)
		pcns += len(s.AffectedPCNs(code))
	}
	b.ReportMetric(float64(fps)/float64(i), "footprints/op")
	b.ReportMetric(float64(pcns)/float64(i), "pcns/op")
}

// BenchmarkLondonMove: one move without geometry. Target: 50 µs.
func BenchmarkLondonMove(b *testing.B) { benchMoves(b, false) }

// BenchmarkLondonMoveGeometry: one move with the two footprints'
// compactness recomputed. Target: 5 ms.
func BenchmarkLondonMoveGeometry(b *testing.B) { benchMoves(b, true) }

// TestLondonEnclosed: an inland LSOA put in a footprint of its own, with
// everything it touches in another, is reported as enclosed by it; with
// one neighbour moved to a third footprint, it is not.
func TestLondonEnclosed(t *testing.T) {
	a := footprinttest.London(t)
	var u int32 = -1
	for i := range a.Units {
		if a.Units[i].ExteriorM == 0 && len(a.Graph().Neighbours(int32(i))) >= 4 {
			u = int32(i)
			break
		}
	}
	if u < 0 {
		t.Fatal("no inland LSOA")
	}
	p := footprint.NewPlan("enclosure")
	p.Assign[a.Units[u].Code] = "in"
	for _, v := range a.Graph().Neighbours(u) {
		p.Assign[a.Units[v].Code] = "out"
	}
	for _, v := range a.TouchGraph().Neighbours(u) {
		p.Assign[a.Units[v].Code] = "out"
	}
	p.Normalize()
	s := footprinttest.Scorer(t, a, p)
	if fs, _ := s.Footprint("in", false); fs.EnclosedBy != "out" {
		t.Fatalf("%s is enclosed by %q, want out", a.Units[u].Code, fs.EnclosedBy)
	}
	v := a.Graph().Neighbours(u)[0]
	if _, err := s.Move(a.Units[v].Code, "third"); err != nil {
		t.Fatal(err)
	}
	if fs, _ := s.Footprint("in", false); fs.EnclosedBy != "" {
		t.Fatalf("still enclosed by %q with a neighbour elsewhere", fs.EnclosedBy)
	}
}
