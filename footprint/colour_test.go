package footprint

import (
	"fmt"
	"testing"
)

func TestColourFootprints(t *testing.T) {
	// A 2 × 2 grid: cell (row, column) is LSOA E0000000{2·row+column}.
	a := syntheticAtlas(gridSpec{rows: 2, cols: 2,
		pop:  func(r, c int) int32 { return 100 },
		pcn:  func(r, c int) int { return 0 },
		ward: func(r, c int) int { return 0 },
	})
	p0, p1, p2 := Palette[0], Palette[1], Palette[2]
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
			p := NewPlan(tt.name)
			for i, id := range tt.assign {
				p.Assign[fmt.Sprintf("E%08d", i)] = id
			}
			p.Normalize()
			for id, c := range tt.preset {
				p.Footprint(id).Colour = c
			}
			ColourFootprints(a, p)
			for id, want := range tt.want {
				if got := p.Footprint(id).Colour; got != want {
					t.Errorf("footprint %s: colour %s, want %s", id, got, want)
				}
			}
		})
	}
}
