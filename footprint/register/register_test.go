package register_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/register"
)

func TestRegisterKnownAnswers(t *testing.T) {
	a := footprinttest.Grid(t)
	s := footprinttest.Scorer(t, a, footprinttest.Plan(t, a, footprinttest.GridPlanT))
	r := register.Plan(s)
	// U00003's 50 patients all live outside the region: no home, so half
	// of them (25) for cross-boundary, 38 (37.5 rounded up) for aligned.
	if len(r.Realignments) != 1 {
		t.Fatalf("realignments %+v", r.Realignments)
	}
	re := r.Realignments[0]
	if re.PCN != "U00003" || re.Home != "" || re.ToCrossBoundary != 25 || re.ToAligned != 38 || re.Affected != 50 {
		t.Errorf("realignment %+v", re)
	}
	// U00001 is homed in Alpha and holds a third of its patients in Beta:
	// r(U00001, b) = 200 + 600·1700/3000 + 100·1700/3000 = 596.67 of 1,810.
	if len(r.Arrangements) != 1 {
		t.Fatalf("arrangements %+v", r.Arrangements)
	}
	ar := r.Arrangements[0]
	want := 200 + 600*1700.0/3000 + 100*1700.0/3000
	if ar.PCN != "U00001" || ar.HomeName != "Alpha" || ar.OtherName != "Beta" || math.Abs(ar.Patients-want) > 1e-6 || math.Abs(ar.Share-want/1810) > 1e-9 {
		t.Errorf("arrangement %+v", ar)
	}
	if len(ar.Places) != 2 || !strings.Contains(ar.Action, "597 patients of WEST GRID PCN living in Beta") {
		t.Errorf("arrangement places %v, action %q", ar.Places, ar.Action)
	}
	// Beta spans Barking (3,700) and City and Hackney (1,500).
	if len(r.Crossings) != 1 || r.Crossings[0].Footprint != "b" || r.Crossings[0].Kind != "place" || r.Crossings[0].Affected != 1500 {
		t.Errorf("crossings %+v", r.Crossings)
	}
	var buf bytes.Buffer
	if err := register.WriteCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 4 || rows[0][0] != "kind" || rows[1][0] != "pcn_realign" || rows[2][0] != "cross_boundary" || rows[3][0] != "crosses_place" {
		t.Errorf("CSV %v %v", rows, err)
	}
}
