package footprint

import (
	"cmp"
	"slices"
)

// PCNPatients is a PCN's registered patients by LSOA, for its catchment
// choropleth, with its catchment as the PCN baseline draws it: the LSOAs
// where it has more patients than any other PCN.
type PCNPatients struct {
	Code      string             `json:"code"`
	Name      string             `json:"name"`
	Practices []string           `json:"practices"`
	Patients  map[string]float64 `json:"patients"`  // LSOA code to patients of this PCN living there
	Share     map[string]float64 `json:"share"`     // of the LSOA's registered residents
	Catchment []string           `json:"catchment"` // LSOAs where it leads, sorted
	Vintage   string             `json:"vintage"`
}

// PCNPatients returns a PCN's patients by LSOA, or ENotFound.
func (a *Atlas) PCNPatients(code string) (*PCNPatients, error) {
	p, ok := a.PCNIndex(code)
	if !ok {
		return nil, Errorf(ENotFound, "unknown PCN code %q", code)
	}
	out := &PCNPatients{Code: code, Name: a.PCNs[p].Name, Patients: map[string]float64{}, Share: map[string]float64{}, Practices: []string{}, Catchment: []string{}}
	for _, q := range a.PCNs[p].Practices {
		out.Practices = append(out.Practices, a.Practices[q].Code)
	}
	for _, s := range a.Sources {
		if s.Layer == "registrations" {
			out.Vintage = s.Vintage
		}
	}
	for u := range a.Units {
		var mine int64
		best := a.Leader(int32(u))
		for _, c := range a.UnitPCNs(int32(u)) {
			if c.PCN == p {
				mine = c.N
			}
		}
		if mine == 0 {
			continue
		}
		code := a.Units[u].Code
		out.Patients[code] = float64(mine) / Micro
		if reg := a.UnitRegistered(int32(u)); reg > 0 {
			out.Share[code] = float64(mine) / float64(reg)
		}
		if best == p {
			out.Catchment = append(out.Catchment, code)
		}
	}
	return out, nil
}

// PCNSummary is a PCN in a list.
type PCNSummary struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Practices int    `json:"practices"`
}

// PCNList lists the PCNs by name.
func (a *Atlas) PCNList() []PCNSummary {
	out := make([]PCNSummary, 0, len(a.PCNs))
	for _, p := range a.PCNs {
		out = append(out, PCNSummary{Code: p.Code, Name: p.Name, Practices: len(p.Practices)})
	}
	slices.SortFunc(out, func(x, y PCNSummary) int { return cmp.Compare(x.Name, y.Name) })
	return out
}
