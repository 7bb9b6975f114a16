package footprinttest

import (
	"fmt"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo/graph"
	"github.com/paulmach/orb"
)

// Spec describes a synthetic atlas: a Rows × Cols grid of unit squares,
// one LSOA each, in one place, with residents, PCN and ward given per
// cell, and some edges removed.
type Spec struct {
	Rows, Cols int
	Pop        func(r, c int) int32
	PCN        func(r, c int) int          // the PCN registering the cell's residents; -1: none
	Ward       func(r, c int) int          // the cell's ward index
	Cut        func(r, c, r2, c2 int) bool // remove the edge between two cells; nil: none
}

// Synthetic builds an atlas straight from a spec. Cell (r, c) is LSOA
// E%08d of r·Cols + c.
func Synthetic(s Spec) *footprint.Atlas {
	a := &footprint.Atlas{Name: "synthetic"}
	nWards := 0
	for r := range s.Rows {
		for c := range s.Cols {
			nWards = max(nWards, s.Ward(r, c)+1)
		}
	}
	a.Wards = make([]footprint.Area, nWards)
	for i := range a.Wards {
		a.Wards[i] = footprint.Area{Code: fmt.Sprintf("W%02d", i), Name: fmt.Sprintf("Ward %d", i)}
	}
	a.MSOAs = a.Wards
	a.Boroughs = []footprint.Area{{Code: "B1", Name: "Borough"}}
	a.ICBs = []footprint.Area{{Code: "I1", Name: "ICB"}}
	a.Places = []footprint.Place{{Code: "B1", Name: "Place"}}
	nPCN := 0
	for r := range s.Rows {
		for c := range s.Cols {
			nPCN = max(nPCN, s.PCN(r, c)+1)
		}
	}
	for p := range nPCN {
		a.PCNs = append(a.PCNs, footprint.PCN{Code: fmt.Sprintf("U%05d", p), Name: fmt.Sprintf("PCN %d", p)})
		a.Practices = append(a.Practices, footprint.Practice{Code: fmt.Sprintf("P%05d", p), Name: "Practice", Current: true, PCN: int32(p), Unit: -1})
		a.PCNs[p].Practices = []int32{int32(p)}
	}
	idx := func(r, c int) int32 { return int32(r*s.Cols + c) }
	reg := make([][]int32, nPCN)
	for r := range s.Rows {
		for c := range s.Cols {
			u := idx(r, c)
			sq := orb.Polygon{{{float64(c), float64(r)}, {float64(c + 1), float64(r)}, {float64(c + 1), float64(r + 1)}, {float64(c), float64(r + 1)}, {float64(c), float64(r)}}}
			w := int32(s.Ward(r, c))
			a.Units = append(a.Units, footprint.Unit{Code: fmt.Sprintf("E%08d", u), Name: fmt.Sprintf("cell %d,%d", r, c), Pop: s.Pop(r, c),
				MSOA: w, Ward: w, Borough: 0, ICB: 0, Place: 0, SubICB: -1, Geom: orb.MultiPolygon{sq}, Bound: sq.Bound(), Label: orb.Point{float64(c) + .5, float64(r) + .5},
				AreaM2: 1, PerimeterM: 4, Hull: sq[0][:4]})
			a.Wards[w].Units = append(a.Wards[w].Units, u)
			a.Places[0].Units = append(a.Places[0].Units, u)
			a.Places[0].Pop += int64(s.Pop(r, c))
			a.Wards[w].Pop += int64(s.Pop(r, c))
			if p := s.PCN(r, c); p >= 0 {
				reg[p] = append(reg[p], u)
			}
			for _, d := range [][2]int{{0, 1}, {1, 0}} {
				r2, c2 := r+d[0], c+d[1]
				if r2 < s.Rows && c2 < s.Cols && (s.Cut == nil || !s.Cut(r, c, r2, c2)) {
					a.Edges = append(a.Edges, graph.Edge{A: u, B: idx(r2, c2), Length: 1})
				}
			}
		}
	}
	a.Reg.Start = []int32{0}
	for p := range nPCN {
		for _, u := range reg[p] {
			a.Reg.Unit = append(a.Reg.Unit, u)
			a.Reg.Count = append(a.Reg.Count, float64(a.Units[u].Pop))
		}
		a.Reg.Start = append(a.Reg.Start, int32(len(a.Reg.Unit)))
		a.Practices[p].InRegion = float64(len(reg[p]))
	}
	a.BuildIndex()
	return a
}
