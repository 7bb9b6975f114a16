package colour_test

import (
	"fmt"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/colour"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/score"
)

func TestAssign(t *testing.T) {
	// A 2 × 2 grid: cell (row, column) is LSOA E0000000{2·row+column}.
	a := footprinttest.Synthetic(footprinttest.Spec{Rows: 2, Cols: 2,
		Pop:  func(r, c int) int32 { return 100 },
		PCN:  func(r, c int) int { return 0 },
		Ward: func(r, c int) int { return 0 },
	})
	pal := footprint.Palette()
	p0, p1, p2 := pal[0], pal[1], pal[2]
	tests := []struct {
		name   string
		assign [4]string         // footprint of each cell
		preset map[string]string // colours set before
		want   map[string]string
	}{
		// a | b over a | c: a touches b and c, b touches c. The largest
		// (a) is coloured first; then b and c need two more colours.
		{"triangle", [4]string{"a", "b", "a", "c"}, nil, map[string]string{"a": p0, "b": p1, "c": p2}},
		// a | b over b | c: b, the largest, takes the first colour; a and
		// c meet only at a corner, which is not rook adjacency, so they
		// could share the second, but the palette is spread: c takes the
		// third, which no footprint has yet.
		{"diagonal", [4]string{"a", "b", "b", "c"}, nil, map[string]string{"b": p0, "a": p1, "c": p2}},
		// A colour already chosen is kept, and neighbours avoid it.
		{"preset", [4]string{"a", "b", "b", "c"}, map[string]string{"b": p1}, map[string]string{"b": p1, "a": p0, "c": p2}},
		// Columns: a | b; they touch, so they differ.
		{"columns", [4]string{"a", "b", "a", "b"}, nil, map[string]string{"a": p0, "b": p1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := footprint.NewPlan(tt.name)
			for i, id := range tt.assign {
				p.Assign[fmt.Sprintf("E%08d", i)] = id
			}
			p.Normalize()
			for id, c := range tt.preset {
				p.Ensure(id).Colour = c
			}
			colour.Assign(a, p)
			for id, want := range tt.want {
				if got, _ := p.Lookup(id); got.Colour != want {
					t.Errorf("footprint %s: colour %s, want %s", id, got.Colour, want)
				}
			}
		})
	}
}

// grid3 is a 3 × 3 grid of 100 residents a cell: cell (row, column) is
// LSOA E0000000{3·row+column}.
func grid3() *footprint.Atlas {
	return footprinttest.Synthetic(footprinttest.Spec{Rows: 3, Cols: 3,
		Pop:  func(r, c int) int32 { return 100 },
		PCN:  func(r, c int) int { return 0 },
		Ward: func(r, c int) int { return 0 },
	})
}

func planOf(assign []string, colours map[string]string) *footprint.Plan {
	p := footprint.NewPlan("t")
	for i, id := range assign {
		if id != "" {
			p.Assign[fmt.Sprintf("E%08d", i)] = id
		}
	}
	p.Normalize()
	for id, c := range colours {
		p.Ensure(id).Colour = c
	}
	return p
}

func TestFix(t *testing.T) {
	a := grid3()
	pal := footprint.Palette()
	p0, p1, p2 := pal[0], pal[1], pal[2]
	tests := []struct {
		name    string
		assign  []string
		colours map[string]string
		only    []string
		want    map[string]string // the infos Fix returns: id -> colour
	}{
		// Rows a, b, c: a and b share p0, b is smaller, so b changes.
		{"smaller of a clash changes", []string{"a", "a", "a", "b", "b", "c", "c", "c", "c"},
			map[string]string{"a": p0, "b": p0, "c": p1}, nil, map[string]string{"b": p2}},
		// No clash: nothing changes, whatever the colours are.
		{"no clash", []string{"a", "a", "a", "b", "b", "b", "c", "c", "c"},
			map[string]string{"a": "#123456", "b": p0, "c": "#123456"}, nil, map[string]string{}},
		// Only b may change, although a is the smaller.
		{"only", []string{"a", "b", "b", "a", "b", "b", "c", "c", "c"},
			map[string]string{"a": p0, "b": p0, "c": p1}, []string{"b"}, map[string]string{"b": p2}},
		// A new footprint gets the first colour its neighbours leave.
		{"new footprint", []string{"a", "a", "a", "n", "n", "n", "c", "c", "c"},
			map[string]string{"a": p0, "c": p1}, nil, map[string]string{"n": p2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := planOf(tt.assign, tt.colours)
			before := p.Clone()
			got := map[string]string{}
			for _, f := range colour.Fix(a, p, tt.only) {
				got[f.ID] = f.Colour
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Fix = %v, want %v", got, tt.want)
			}
			// FixAround, finding neighbours from a scorer, agrees.
			sc, err := score.NewScorer(a, p.Clone())
			if err != nil {
				t.Fatal(err)
			}
			around := map[string]string{}
			for _, f := range colour.FixAround(a, p, tt.only, sc) {
				around[f.ID] = f.Colour
			}
			if fmt.Sprint(around) != fmt.Sprint(tt.want) {
				t.Errorf("FixAround = %v, want %v", around, tt.want)
			}
			if fmt.Sprint(p.Footprints) != fmt.Sprint(before.Footprints) {
				t.Errorf("Fix changed the plan: %v, was %v", p.Footprints, before.Footprints)
			}
		})
	}
}

func TestClashes(t *testing.T) {
	a := grid3()
	pal := footprint.Palette()
	p := planOf([]string{"a", "a", "a", "b", "b", "b", "c", "c", "c"}, map[string]string{"a": pal[0], "b": pal[0], "c": pal[0]})
	if got := fmt.Sprint(colour.Clashes(a, p)); got != "[[a b] [b c]]" {
		t.Errorf("Clashes = %s, want [[a b] [b c]]", got)
	}
	colour.Assign(a, p)
	if got := colour.Clashes(a, p); len(got) != 0 {
		t.Errorf("after Assign, Clashes = %v, want none", got)
	}
}
