package colour_test

import (
	"fmt"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/colour"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
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
		// share the second.
		{"diagonal", [4]string{"a", "b", "b", "c"}, nil, map[string]string{"b": p0, "a": p1, "c": p1}},
		// A colour already chosen is kept, and neighbours avoid it.
		{"preset", [4]string{"a", "b", "b", "c"}, map[string]string{"b": p1}, map[string]string{"b": p1, "a": p0, "c": p0}},
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
