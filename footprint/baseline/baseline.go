// Package baseline builds the reference plans a design is compared with:
// today's PCN catchments, and one footprint per borough.
package baseline

import "github.com/nhs-footprint/footprint/footprint"

// Kind names a reference plan.
type Kind string

// Baselines.
const (
	PCN     Kind = "pcn"
	Borough Kind = "borough"
)

// Build builds a reference plan over the given places (all places if
// none):
//
//   - pcn: each LSOA goes to the PCN with the most registered patients
//     living in it, ties to the lower PCN code; an LSOA with no PCN patients
//     stays unassigned. Footprint ids are PCN codes; each footprint is
//     named after its place and largest ward and marked with its PCN
//     ("Lambeth: Brixton North, from STOCKWELLBEING PCN"), never with the
//     PCN's name alone. A sliver, fewer than MaxSliver residents led by a
//     PCN whose practices are mostly in a place not being designed, joins
//     the footprint it touches most; a larger one, or one that touches
//     none, keeps its own footprint, whose name says where its PCN is
//     based.
//   - borough: one footprint per borough, with the borough code as its id.
func Build(a *footprint.Atlas, kind Kind, places []string) (*footprint.Plan, error) {
	p := footprint.NewPlan(string(kind) + " baseline")
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
			return nil, footprint.Errorf(footprint.EInvalid, "unknown place code %q", code)
		}
		for _, u := range a.Places[pl].Units {
			inScope[u] = true
		}
	}
	switch kind {
	case PCN:
		buildPCN(a, p, inScope, len(places) > 0)
	case Borough:
		p.Name = "Boroughs"
		for u := range a.Units {
			if b := a.Units[u].Borough; inScope[u] && b >= 0 {
				code := a.Boroughs[b].Code
				p.Assign[a.Units[u].Code] = code
				p.Ensure(code).Name = a.Boroughs[b].Name
			}
		}
	default:
		return nil, footprint.Errorf(footprint.EInvalid, "unknown baseline %q: want pcn or borough", kind)
	}
	p.Normalize()
	return p, nil
}
