package footprint_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
)

func TestValidateFootprintInfo(t *testing.T) {
	tests := []struct {
		name string
		info footprint.FootprintInfo
		ok   bool
	}{
		{"plain", footprint.FootprintInfo{ID: "a", Name: "Alpha", Colour: "#E69F00"}, true},
		{"empty id", footprint.FootprintInfo{ID: "", Name: "x"}, false},
		{"64-character id", footprint.FootprintInfo{ID: strings.Repeat("é", 64)}, true},
		{"65-character id", footprint.FootprintInfo{ID: strings.Repeat("a", 65)}, false},
		{"100,000-character id", footprint.FootprintInfo{ID: strings.Repeat("a", 100000)}, false},
		{"control character in id", footprint.FootprintInfo{ID: "a\nb"}, false},
		{"invalid UTF-8 id", footprint.FootprintInfo{ID: "a\xffb"}, false},
		// Limits count characters, not bytes: 200 "€" are 600 bytes.
		{"200 euro signs", footprint.FootprintInfo{ID: "a", Name: strings.Repeat("€", 200)}, true},
		{"201 characters", footprint.FootprintInfo{ID: "a", Name: strings.Repeat("€", 201)}, false},
		{"hostile name is just text", footprint.FootprintInfo{ID: "a", Name: `x" onmouseover="alert(1)`}, true},
		{"long colour", footprint.FootprintInfo{ID: "a", Colour: strings.Repeat("#", 33)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.info.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok %v", err, tt.ok)
			}
			if err != nil && footprint.Code(err) != footprint.EInvalid {
				t.Errorf("code %s, want invalid", footprint.Code(err))
			}
		})
	}
}

func TestPlanRepair(t *testing.T) {
	p := footprint.NewPlan("ghosts")
	p.Footprints = []footprint.FootprintInfo{{ID: "a", Name: "Alpha"}, {ID: "", Name: "x"}, {ID: "a", Name: "again"}, {ID: strings.Repeat("b", 70)}}
	p.Assign = map[string]string{"E01000001": "a", "E01000002": strings.Repeat("b", 70)}
	got := p.Repair()
	if len(got) != 4 {
		t.Errorf("Repair reported %q, want 4 sentences", got)
	}
	if want := []footprint.FootprintInfo{{ID: "a", Name: "Alpha"}}; !reflect.DeepEqual(p.Footprints, want) {
		t.Errorf("footprints %+v, want %+v", p.Footprints, want)
	}
	if !reflect.DeepEqual(p.Assign, map[string]string{"E01000001": "a"}) {
		t.Errorf("assignments %v", p.Assign)
	}
	if again := p.Repair(); again != nil {
		t.Errorf("a valid plan needs no repair, got %q", again)
	}
}

func TestLookupNeverWrites(t *testing.T) {
	p := footprint.NewPlan("p")
	if _, ok := p.Lookup("missing"); ok || len(p.Footprints) != 0 || p.FootprintName("missing") != "missing" || p.Position("missing") != -1 {
		t.Fatalf("lookups of a missing footprint changed the plan: %+v", p.Footprints)
	}
	p.Ensure("a").Name = "Alpha"
	if f, ok := p.Lookup("a"); !ok || f.Name != "Alpha" || len(p.Footprints) != 1 {
		t.Errorf("Ensure then Lookup: %+v", p.Footprints)
	}
}
