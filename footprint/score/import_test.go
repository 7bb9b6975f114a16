//go:build cgo

package score_test

import (
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

func TestCrossesICB(t *testing.T) {
	// The grid has one ICB; move E01000007 to a second one in a copy.
	dir := footprinttest.CopyGrid(t, map[string]func(string) string{"lookup.csv": func(s string) string {
		return strings.Replace(s, "E01000007,E02000003,Grid 003,E05000004,Island,E09000002,Barking,E38000001,E54000029", "E01000007,E02000003,Grid 003,E05000004,Island,E09000002,Barking,E38000001,E54000030", 1)
	}})
	a, err := footprinttest.Import(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	sc := scorePlan(t, a, footprinttest.Plan(t, a, `{"assignments": {"E01000004": "w", "E01000007": "w"}}`))
	var found bool
	for _, f := range sc.Flags {
		if f.Kind == footprint.FlagCrossesICB {
			found = f.Severity == footprint.SeverityError && f.Numbers["icbs"] == 2 && strings.Contains(f.Action, "(800 residents)")
		}
	}
	if !found {
		t.Errorf("no crosses_icb error: %+v", sc.Flags)
	}
}
