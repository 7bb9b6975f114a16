package planfile_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/planfile"
)

func TestPlanCSVRoundTrip(t *testing.T) {
	a := footprinttest.Grid(t)
	p := footprinttest.Plan(t, a, footprinttest.GridPlanT)
	var buf bytes.Buffer
	if err := planfile.WriteCSV(&buf, p); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "lsoa21cd,footprint\nE01000001,a\n") {
		t.Fatalf("CSV %q", buf.String())
	}
	q, err := planfile.ReadCSV(a, "t.csv", &buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Assign, q.Assign) || len(q.Footprints) != 3 {
		t.Fatalf("round trip %v -> %v", p.Assign, q.Assign)
	}
}

func TestPlanJSONRoundTrip(t *testing.T) {
	a := footprinttest.Grid(t)
	p := footprinttest.Plan(t, a, footprinttest.GridPlanT)
	fa := p.Ensure("a")
	fa.Colour, fa.Locked = "#1b9e77", true
	var buf bytes.Buffer
	if err := planfile.WriteJSON(&buf, p); err != nil {
		t.Fatal(err)
	}
	q, err := planfile.ReadJSON(a, "t.json", &buf)
	if err != nil {
		t.Fatal(err)
	}
	var a1, a2 bytes.Buffer
	planfile.WriteJSON(&a1, p)
	planfile.WriteJSON(&a2, q)
	if a1.String() != a2.String() || !reflect.DeepEqual(p.Assign, q.Assign) {
		t.Fatalf("round trip\n%s\n%s", a1.String(), a2.String())
	}
}

func TestReadPlanCSV(t *testing.T) {
	a := footprinttest.Grid(t)
	p, err := planfile.ReadCSV(a, "pcn.csv", strings.NewReader("\xEF\xBB\xBFLSOA21CD,Footprint\nE01000001,U00001\nE01000002,\nE01000003,E09000002\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Assign) != 2 || p.Assign["E01000001"] != "U00001" {
		t.Errorf("assignments %v (an empty footprint leaves the LSOA unassigned)", p.Assign)
	}
	if p.FootprintName("U00001") != "WEST GRID PCN" || p.FootprintName("E09000002") != "Barking" {
		t.Errorf("footprints not named from the atlas: %+v", p.Footprints)
	}
	tests := []struct{ name, data, want string }{
		{"empty file", "", "x.csv: empty file"},
		{"header only", "lsoa21cd,footprint\n", "x.csv: empty file: a header but no rows"},
		{"missing column", "lsoa21cd,district_name\nE01000001,a\n", "x.csv:1: column footprint: missing column"},
		{"missing code column", "lsoa,footprint\n", ""},
		{"unknown code", "lsoa21cd,footprint\nE01000001,a\nE01999999,a\n", `x.csv:3: column lsoa21cd: unknown LSOA code "E01999999"`},
		{"duplicate row", "lsoa21cd,footprint\nE01000001,a\nE01000002,a\nE01000001,b\n", "x.csv:4: column lsoa21cd: duplicate row for E01000001 (also line 2)"},
		{"short row", "lsoa21cd,footprint\nE01000001\n", "x.csv:2: has 1 fields, header has 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := planfile.ReadCSV(a, "x.csv", strings.NewReader(tt.data))
			if tt.want == "" {
				if err == nil || footprint.Code(err) != footprint.EInvalid {
					t.Fatalf("got %v", err)
				}
				return
			}
			if err == nil || err.Error() != tt.want && !strings.HasPrefix(err.Error(), tt.want) || footprint.Code(err) != footprint.EInvalid {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestReadPlanJSONErrors(t *testing.T) {
	a := footprinttest.Grid(t)
	tests := []struct{ name, data, want string }{
		{"empty", "  ", "x.json: empty file"},
		{"trailing value", `{"name": "x"} {"name": "y"}`, "x.json:1: a JSON value followed by more data"},
		{"trailing text", "{\"name\": \"x\"}\n\ngarbage", "x.json:3: a JSON value followed by more data"},
		{"trailing array", `{"name": "x"}[]`, "x.json:1: a JSON value followed by more data"},
		{"syntax", "{\n\"name\": \"x\",\n}", "x.json:3: invalid character '}'"},
		{"type", "{\"name\": 3}", "x.json:1: field name: want string, got number"},
		{"unknown field", `{"nme": "x"}`, `unknown field "nme"`},
		{"unknown code", `{"assignments": {"E01999999": "a"}}`, `unknown LSOA code "E01999999"`},
		{"unknown place", `{"places": ["E09999999"]}`, `unknown place code "E09999999"`},
		{"duplicate footprint", `{"footprints": [{"id": "a"}, {"id": "a"}]}`, `footprint id "a" appears twice`},
		{"bad band", `{"settings": {"band_min": 50000, "band_max": 30000}}`, "population band 50000-30000"},
		{"bad severity", `{"settings": {"band_min": 1, "band_max": 2, "pcn_aligned": 0.75, "pcn_realign": 0.5, "severity": {"splits_ward": "fatal"}}}`, `severity "fatal" for splits_ward`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := planfile.ReadJSON(a, "x.json", strings.NewReader(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) || footprint.Code(err) != footprint.EInvalid {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// FuzzReadPlanCSV: arbitrary input gives a plan of known codes or an
// EInvalid error, never a panic.
func FuzzReadPlanCSV(f *testing.F) {
	a := footprinttest.Grid(f)
	f.Add("lsoa21cd,footprint\nE01000001,a\n")
	f.Add("lsoa21cd,footprint\nE01000001,a\nE01000001,b\n")
	f.Add("lsoa21cd,footprint\nE01000001,a\n\"unterminated\n")
	f.Add("lsoa21cd,footprint\nE01000001,3000000000\nE01000002,-1\n")
	f.Add("lsoa21cd,footprint\n")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := planfile.ReadCSV(a, "f.csv", strings.NewReader(s))
		checkRead(t, a, p, err)
	})
}
