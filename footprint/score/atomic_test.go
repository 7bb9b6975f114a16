package score_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

func ptrTo[T any](v T) *T { return &v }

// TestRejectedEditsChangeNothing: every rejected call leaves the plan
// byte-identical, with no footprint added.
func TestRejectedEditsChangeNothing(t *testing.T) {
	a := footprinttest.Grid(t)
	p := footprinttest.Plan(t, a, footprinttest.GridPlanT)
	p.Places = []string{"E09000012"} // City and Hackney: E01000001, 2, 4 and 5
	p.Footprints[0].Locked = true
	s := footprinttest.Scorer(t, a, p)
	long := strings.Repeat("€", footprint.MaxNameLength+1)
	bad := footprint.Settings{BandMin: 10, BandMax: 5}
	tests := []struct {
		name string
		call func() error
	}{
		{"empty footprint id", func() error { return s.SetFootprints([]footprint.FootprintInfo{{ID: "", Name: "x"}}) }},
		{"new footprint with a long name", func() error {
			return s.SetFootprints([]footprint.FootprintInfo{{ID: "new", Name: "ok"}, {ID: "b", Name: long}})
		}},
		{"id over 64 characters", func() error {
			return s.SetFootprints([]footprint.FootprintInfo{{ID: strings.Repeat("x", 100000)}})
		}},
		{"update with bad settings", func() error {
			return s.Update(ptrTo("renamed"), &bad, []footprint.FootprintInfo{{ID: "new", Name: "n"}})
		}},
		{"update with a long plan name", func() error {
			return s.Update(ptrTo(long), nil, []footprint.FootprintInfo{{ID: "new"}})
		}},
		{"apply to a new footprint outside the places", func() error {
			_, _, err := s.Apply([]footprint.Change{{LSOA: "E01000002", Footprint: ptrTo("b")}, {LSOA: "E01000006", Footprint: ptrTo("new")}})
			return err
		}},
		{"apply into a locked footprint", func() error {
			_, _, err := s.Apply([]footprint.Change{{LSOA: "E01000003", Footprint: ptrTo("fresh")}, {LSOA: "E01000002", Footprint: ptrTo("a")}})
			return err
		}},
		{"apply with a long new id", func() error {
			_, _, err := s.Apply([]footprint.Change{{LSOA: "E01000002", Footprint: ptrTo(strings.Repeat("y", 65))}})
			return err
		}},
	}
	before := planJSON(t, s.Plan())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); footprint.Code(err) != footprint.EInvalid {
				t.Fatalf("error %v, want invalid", err)
			}
			if after := planJSON(t, s.Plan()); !bytes.Equal(before, after) {
				t.Errorf("the plan changed:\n%s\nwas\n%s", after, before)
			}
			if n := len(s.Score(false).Footprints); n != 3 {
				t.Errorf("%d footprints scored, want 3", n)
			}
		})
	}
}

func planJSON(t *testing.T, p *footprint.Plan) []byte {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
