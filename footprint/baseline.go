package footprint

// BaselineKind names a reference plan.
type BaselineKind string

// Baselines.
const (
	BaselinePCN     BaselineKind = "pcn"
	BaselineBorough BaselineKind = "borough"
)

// Baseline builds a reference plan over the given places (all places if
// none):
//
//   - pcn: each LSOA goes to the PCN with the most registered patients
//     living in it, ties to the lower PCN code; an LSOA with no PCN patients
//     stays unassigned. Footprint ids are PCN codes.
//   - borough: one footprint per borough, with the borough code as its id.
func Baseline(a *Atlas, kind BaselineKind, places []string) (*Plan, error) {
	p := NewPlan(string(kind) + " baseline")
	p.Places = append([]string{}, places...)
	inScope := make([]bool, len(a.Units))
	if len(places) == 0 {
		for i := range inScope {
			inScope[i] = true
		}
		for _, pl := range a.Places {
			p.Places = append(p.Places, pl.Code)
		}
	}
	for _, code := range places {
		pl := a.PlaceIndex(code)
		if pl < 0 {
			return nil, Errorf(EInvalid, "unknown place code %q", code)
		}
		for _, u := range a.Places[pl].Units {
			inScope[u] = true
		}
	}
	switch kind {
	case BaselinePCN:
		p.Name = "PCN catchments"
		for u := range a.Units {
			if !inScope[u] {
				continue
			}
			if best := a.score.leader[u]; best >= 0 {
				code := a.PCNs[best].Code
				p.Assign[a.Units[u].Code] = code
				p.Footprint(code).Name = a.PCNs[best].Name
			}
		}
	case BaselineBorough:
		p.Name = "Boroughs"
		for u := range a.Units {
			if b := a.Units[u].Borough; inScope[u] && b >= 0 {
				code := a.Boroughs[b].Code
				p.Assign[a.Units[u].Code] = code
				p.Footprint(code).Name = a.Boroughs[b].Name
			}
		}
	default:
		return nil, Errorf(EInvalid, "unknown baseline %q: want pcn or borough", kind)
	}
	p.Normalize()
	return p, nil
}
