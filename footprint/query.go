package footprint

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// buildIndex indexes unit bounds for spatial lookups.
func (a *Atlas) buildIndex() {
	a.tree = new(rtree.RTreeG[int32])
	for i := range a.Units {
		b := a.Units[i].Bound
		a.tree.Insert(b.Min, b.Max, int32(i))
	}
}

// UnitsIn returns the units whose bounds intersect b (WGS84), in index order.
func (a *Atlas) UnitsIn(b orb.Bound) []int32 {
	var out []int32
	a.tree.Search(b.Min, b.Max, func(_, _ [2]float64, i int32) bool {
		out = append(out, i)
		return true
	})
	slices.Sort(out)
	return out
}

// Neighbour is a unit adjacent to another, with the boundary they share.
type Neighbour struct {
	Code    string  `json:"code"`
	Name    string  `json:"name"`
	SharedM float64 `json:"shared_m"`
}

// PracticeShare is a practice with patients living in a unit.
type PracticeShare struct {
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	PCN      string  `json:"pcn"`
	PCNName  string  `json:"pcn_name"`
	Current  bool    `json:"current"`
	Patients float64 `json:"patients"`
	Share    float64 `json:"share"`
}

// UnitDetail is everything about one unit.
type UnitDetail struct {
	Index      int32
	Unit       *Unit
	Neighbours []Neighbour
	// Practices its residents are registered with, most patients first.
	Practices  []PracticeShare
	Registered float64 // residents registered with any practice
}

// Unit returns the detail of the unit with the code, or an ENotFound error.
func (a *Atlas) UnitDetail(code string) (*UnitDetail, error) {
	i, ok := a.UnitIndex(code)
	if !ok {
		return nil, Errorf(ENotFound, "unknown LSOA code %q", code)
	}
	d := &UnitDetail{Index: i, Unit: &a.Units[i], Neighbours: []Neighbour{}, Practices: []PracticeShare{}}
	ws := a.graph.Weights(i)
	for k, j := range a.graph.Neighbours(i) {
		d.Neighbours = append(d.Neighbours, Neighbour{Code: a.Units[j].Code, Name: a.Units[j].Name, SharedM: ws[k]})
	}
	a.UnitPatients(i, func(q int32, n float64) {
		p := &a.Practices[q]
		ps := PracticeShare{Code: p.Code, Name: p.Name, PCN: p.PCNCode, Current: p.Current, Patients: n}
		if p.PCN >= 0 {
			ps.PCNName = a.PCNs[p.PCN].Name
		}
		d.Practices = append(d.Practices, ps)
		d.Registered += n
	})
	for k := range d.Practices {
		if d.Registered > 0 {
			d.Practices[k].Share = d.Practices[k].Patients / d.Registered
		}
	}
	slices.SortStableFunc(d.Practices, func(x, y PracticeShare) int {
		if c := cmp.Compare(y.Patients, x.Patients); c != 0 {
			return c
		}
		return cmp.Compare(x.Code, y.Code)
	})
	return d, nil
}

// AreaName returns the code and name of an area index in a list, or empty
// strings for -1.
func AreaName(list []Area, i int32) (code, name string) {
	if i < 0 || int(i) >= len(list) {
		return "", ""
	}
	return list[i].Code, list[i].Name
}
