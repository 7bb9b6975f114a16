package reshape_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/reshape"
)

// The grid fixture, as LSOA numbers E0100000n:
//
//	1 (Hackney)  2 (Hackney)  3 (Barking)
//	4 (Hackney)  5 (Hackney)  6 (Barking)    7 (Barking, an island)
const (
	hackney = "E09000012"
	draft   = `{"name": "draft", "footprints": [{"id": "a", "name": "North"}, {"id": "b", "name": "South", "colour": "#56B4E9"}, {"id": "c", "name": "Barking"}, {"id": "e", "name": "Empty"}, {"id": "l", "name": "Locked empty", "locked": true}],
 "assignments": {"E01000001": "a", "E01000002": "a", "E01000004": "b", "E01000005": "b", "E01000003": "c", "E01000006": "c", "E01000007": "c"}}`
)

// shape is a plan as one line: each footprint as id=name:LSOA numbers.
func shape(p *footprint.Plan) string {
	var parts []string
	for _, f := range p.Footprints {
		var ns []string
		for code, id := range p.Assign {
			if id == f.ID {
				ns = append(ns, strings.TrimPrefix(code, "E0100000"))
			}
		}
		slices.Sort(ns)
		lock := ""
		if f.Locked {
			lock = "!"
		}
		parts = append(parts, fmt.Sprintf("%s%s=%s:%s", f.ID, lock, f.Name, strings.Join(ns, "")))
	}
	return strings.Join(parts, " ")
}

// replayed is p with the result's edit applied after a JSON round trip,
// as the store replays it.
func replayed(t *testing.T, p *footprint.Plan, e footprint.Edit) *footprint.Plan {
	t.Helper()
	js, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var back footprint.Edit
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	q := p.Clone()
	back.Apply(q)
	return q
}

func TestReshape(t *testing.T) {
	a := footprinttest.Grid(t)
	tests := []struct {
		name string
		op   func(p *footprint.Plan) (reshape.Result, error)
		want string // the plan after, or the error code
		sum  string // the version summary
	}{
		{"delete", func(p *footprint.Plan) (reshape.Result, error) { return reshape.Delete(p, []string{"b"}) },
			"a=North:12 c=Barking:367 e=Empty: l!=Locked empty:", "2 LSOAs to no footprint; footprint South removed"},
		{"delete two", func(p *footprint.Plan) (reshape.Result, error) { return reshape.Delete(p, []string{"a", "e"}) },
			"b=South:45 c=Barking:367 l!=Locked empty:", "2 LSOAs to no footprint; footprint North removed; footprint Empty removed"},
		{"delete unknown", func(p *footprint.Plan) (reshape.Result, error) { return reshape.Delete(p, []string{"b", "zz"}) }, "not_found", ""},
		{"delete twice", func(p *footprint.Plan) (reshape.Result, error) { return reshape.Delete(p, []string{"b", "b"}) }, "invalid", ""},
		{"delete locked", func(p *footprint.Plan) (reshape.Result, error) { return reshape.Delete(p, []string{"l"}) }, "invalid", ""},
		{"delete none", func(p *footprint.Plan) (reshape.Result, error) { return reshape.Delete(p, nil) }, "invalid", ""},
		{"delete too many", func(p *footprint.Plan) (reshape.Result, error) {
			return reshape.Delete(p, make([]string, reshape.MaxIDs+1))
		}, "too_large", ""},
		{"merge", func(p *footprint.Plan) (reshape.Result, error) { return reshape.Merge(p, "a", []string{"b"}) },
			"a=North:1245 c=Barking:367 e=Empty: l!=Locked empty:", "2 LSOAs to North; footprint South removed"},
		{"merge into itself", func(p *footprint.Plan) (reshape.Result, error) { return reshape.Merge(p, "a", []string{"a"}) }, "invalid", ""},
		{"merge into locked", func(p *footprint.Plan) (reshape.Result, error) { return reshape.Merge(p, "l", []string{"a"}) }, "invalid", ""},
		{"merge unknown", func(p *footprint.Plan) (reshape.Result, error) { return reshape.Merge(p, "zz", []string{"a"}) }, "not_found", ""},
		{"remove empty", reshape.RemoveEmpty,
			"a=North:12 b=South:45 c=Barking:367 l!=Locked empty:", "footprint Empty removed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := footprinttest.Plan(t, a, draft)
			before := shape(p)
			res, err := tt.op(p)
			if shape(p) != before {
				t.Fatalf("the plan changed: %s, was %s", shape(p), before)
			}
			if err != nil {
				if got := string(footprint.Code(err)); got != tt.want {
					t.Fatalf("error %v (%s), want %s", err, got, tt.want)
				}
				return
			}
			if got := shape(res.Plan); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if got := shape(replayed(t, p, res.Edit)); got != tt.want {
				t.Errorf("replayed %s\nwant     %s", got, tt.want)
			}
			if got := res.Edit.Summary(res.Plan); got != tt.sum {
				t.Errorf("summary %q, want %q", got, tt.sum)
			}
		})
	}
}

func TestRemoveEmptyRefusesWhenNone(t *testing.T) {
	a := footprinttest.Grid(t)
	p := footprinttest.Plan(t, a, `{"name": "d", "assignments": {"E01000001": "a"}}`)
	if _, err := reshape.RemoveEmpty(p); footprint.Code(err) != footprint.EInvalid {
		t.Fatalf("RemoveEmpty with nothing empty: %v, want invalid", err)
	}
}

func TestReplace(t *testing.T) {
	a := footprinttest.Grid(t)
	tests := []struct {
		name   string
		plan   string // "" for the draft
		design string
		places []string
		naming reshape.Naming
		want   string
	}{
		// x overlaps b most after y took a: each new footprint takes the
		// id and name of the old one it overlaps; the empty one goes.
		{"match old", "", `{"assignments": {"E01000001": "x", "E01000004": "x", "E01000002": "y", "E01000005": "y"}}`,
			[]string{hackney}, reshape.MatchOld, "a=North:25 b=South:14 c=Barking:367 l!=Locked empty:"},
		// One new footprint for all of Hackney: b is left empty and goes.
		{"fewer footprints", "", `{"assignments": {"E01000001": "x", "E01000002": "x", "E01000004": "x", "E01000005": "x"}}`,
			[]string{hackney}, reshape.MatchOld, "a=North:1245 c=Barking:367 l!=Locked empty:"},
		// LSOAs in the places that the design leaves out are unassigned.
		{"left out", "", `{"assignments": {"E01000001": "x", "E01000002": "x"}}`,
			[]string{hackney}, reshape.MatchOld, "a=North:12 c=Barking:367 l!=Locked empty:"},
		// A locked footprint keeps its LSOAs; a new footprint that
		// overlaps nothing left keeps its own id and name.
		{"locked", `{"name": "d", "footprints": [{"id": "a", "name": "North"}, {"id": "b", "name": "South", "locked": true}], "assignments": {"E01000001": "a", "E01000002": "a", "E01000004": "b", "E01000005": "b"}}`,
			`{"footprints": [{"id": "x", "name": "New"}], "assignments": {"E01000001": "x", "E01000004": "x", "E01000002": "y", "E01000005": "y"}}`,
			[]string{hackney}, reshape.MatchOld, "a=North:2 b!=South:45 x=New:1"},
		// Overlap wins over a shared id: the design's c holds most of b.
		{"overlap over id", "", `{"assignments": {"E01000001": "a", "E01000002": "c", "E01000004": "c", "E01000005": "c"}}`,
			[]string{hackney}, reshape.MatchOld, "a=North:1 b=South:245 c=Barking:367 l!=Locked empty:"},
		// A design id that an old footprint left alone holds is renamed.
		{"id taken", "", `{"footprints": [{"id": "c", "name": "Third"}], "assignments": {"E01000001": "c", "E01000002": "x", "E01000004": "y", "E01000005": "y"}}`,
			[]string{hackney}, reshape.MatchOld, "a=North:2 b=South:45 c=Barking:367 l!=Locked empty: f6=Third:1"},
		// An imported file keeps its ids and its names; what it leaves
		// out is unassigned and footprints left empty go.
		{"import", "", `{"footprints": [{"id": "a", "name": "Whole"}, {"id": "n", "name": "New"}], "assignments": {"E01000001": "a", "E01000002": "a", "E01000004": "a", "E01000005": "a", "E01000003": "n"}}`,
			nil, reshape.KeepIDs, "a=Whole:1245 l!=Locked empty: n=New:3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			js := tt.plan
			if js == "" {
				js = draft
			}
			p := footprinttest.Plan(t, a, js)
			d := footprinttest.Plan(t, a, tt.design)
			before := shape(p)
			res, err := reshape.Replace(a, p, d, tt.places, tt.naming)
			if err != nil {
				t.Fatal(err)
			}
			if shape(p) != before {
				t.Fatalf("the plan changed: %s", shape(p))
			}
			if got := shape(res.Plan); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if got := shape(replayed(t, p, res.Edit)); got != tt.want {
				t.Errorf("replayed %s\nwant     %s", got, tt.want)
			}
		})
	}
}
