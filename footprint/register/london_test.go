//go:build cgo

package register_test

import (
	"testing"

	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/register"
)

func TestLondonRegister(t *testing.T) {
	a, p := footprinttest.LondonBaseline(t, baseline.PCN)
	s := footprinttest.Scorer(t, a, p)
	r := register.Plan(s)
	sc := s.Score(false)
	// One realignment per PCN to re-align; at least one arrangement per
	// cross-boundary PCN with another significant footprint.
	if len(r.Realignments) != sc.Plan.PCNStatus["realign"] {
		t.Errorf("%d realignments for %d PCNs to re-align", len(r.Realignments), sc.Plan.PCNStatus["realign"])
	}
	for i := 1; i < len(r.Realignments); i++ {
		if r.Realignments[i].Affected > r.Realignments[i-1].Affected {
			t.Fatalf("realignments are not ranked by patients affected at %d", i)
		}
	}
	t.Logf("London PCN baseline: %d realignments (largest %s, %.0f patients), %d arrangements, %d crossings",
		len(r.Realignments), r.Realignments[0].Name, r.Realignments[0].Affected, len(r.Arrangements), len(r.Crossings))
}

// BenchmarkLondonRegister builds the register of London's PCN baseline
// (target 500 ms).
func BenchmarkLondonRegister(b *testing.B) {
	a, p := footprinttest.LondonBaseline(b, baseline.PCN)
	s := footprinttest.Scorer(b, a, p)
	s.Score(true)
	b.ResetTimer()
	for range b.N {
		register.Plan(s)
	}
}
