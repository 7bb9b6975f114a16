//go:build cgo

package baseline_test

import (
	"reflect"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

func TestBaselines(t *testing.T) {
	a := footprinttest.Grid(t)
	p, err := baseline.Build(a, baseline.PCN, nil)
	if err != nil {
		t.Fatal(err)
	}
	// U00001 leads everywhere but E01000003 (U00002: 700) and the island,
	// where the unallocated practice's 400 do not count: U00001 has 75.
	want := map[string]string{"E01000001": "U00001", "E01000002": "U00001", "E01000003": "U00002", "E01000004": "U00001", "E01000005": "U00001", "E01000006": "U00001", "E01000007": "U00001"}
	if !reflect.DeepEqual(p.Assign, want) {
		t.Errorf("PCN baseline %v", p.Assign)
	}
	// Named after the place and the largest ward, marked with the PCN.
	if got := p.FootprintName("U00001"); got != "City and Hackney: Middle, from WEST GRID PCN" {
		t.Errorf("name %q", got)
	}
	// Barking alone: WEST GRID PCN's practices are in Hackney, so its two
	// Barking LSOAs are a sliver and join the footprint they touch.
	bk, _ := baseline.Build(a, baseline.PCN, []string{"E09000002"})
	wantBK := map[string]string{"E01000003": "U00002", "E01000006": "U00002", "E01000007": "U00002"}
	if !reflect.DeepEqual(bk.Assign, wantBK) || len(bk.Footprints) != 1 || bk.Footprints[0].Name != "Barking: East, from EAST GRID PCN" {
		t.Errorf("Barking PCN baseline %v %+v, want the sliver merged into EAST GRID PCN's footprint", bk.Assign, bk.Footprints)
	}
	b, _ := baseline.Build(a, baseline.Borough, []string{"E09000012"})
	if len(b.Assign) != 4 || b.Assign["E01000001"] != "E09000001" || b.Assign["E01000002"] != "E09000012" || len(b.Footprints) != 2 {
		t.Errorf("borough baseline %v %v", b.Assign, b.Footprints)
	}
	if _, err := baseline.Build(a, "ward", nil); footprint.Code(err) != footprint.EInvalid {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := baseline.Build(a, baseline.PCN, []string{"E09999999"}); footprint.Code(err) != footprint.EInvalid {
		t.Errorf("unknown place: %v", err)
	}
	// An exact tie between PCNs goes to the lower code.
	dir := footprinttest.CopyGrid(t, map[string]func(string) string{"registrations.csv": func(s string) string {
		return s + "GP_PRAC_PAT_LIST,01Jul2022,A00001,GRID SURGERY,E01000003,ALL,700\n"
	}})
	ta, err := footprinttest.Import(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	tp, _ := baseline.Build(ta, baseline.PCN, nil)
	if tp.Assign["E01000003"] != "U00001" {
		t.Errorf("tie at E01000003 went to %s, want U00001", tp.Assign["E01000003"])
	}
}
