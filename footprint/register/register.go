// Package register lists the agreements a plan implies, as a place board
// approves them line by line: the PCNs to re-align, the cross-boundary
// arrangements between footprints, and the footprints that cross place
// or ICB boundaries, each ranked by the patients or residents affected.
package register

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/flags"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// Plan builds the register of the scorer's plan.
func Plan(s *score.Scorer) *footprint.Register {
	sc := s.Score(false)
	p := s.Plan()
	r := &footprint.Register{Plan: p.Name, Realignments: []footprint.Realignment{}, Arrangements: []footprint.Arrangement{},
		Crossings: []footprint.Crossing{}, Vintages: sc.Plan.Vintages}
	fps := map[string]*footprint.FootprintScore{}
	for i := range sc.Footprints {
		fps[sc.Footprints[i].ID] = &sc.Footprints[i]
	}
	for i := range sc.PCNs {
		ps := &sc.PCNs[i]
		switch ps.Status {
		case footprint.PCNRealign:
			r.Realignments = append(r.Realignments, realignment(s, ps, int32(i)))
		case footprint.PCNCrossBoundary:
			r.Arrangements = append(r.Arrangements, arrangements(s, ps, int32(i), fps)...)
		}
	}
	for _, f := range sc.Footprints {
		r.Crossings = append(r.Crossings, crossings(f)...)
	}
	slices.SortStableFunc(r.Realignments, func(x, y footprint.Realignment) int {
		return cmp.Or(cmp.Compare(y.Affected, x.Affected), cmp.Compare(x.PCN, y.PCN))
	})
	slices.SortStableFunc(r.Arrangements, func(x, y footprint.Arrangement) int {
		return cmp.Or(cmp.Compare(y.Patients, x.Patients), cmp.Compare(x.PCN, y.PCN), cmp.Compare(x.Other, y.Other))
	})
	slices.SortStableFunc(r.Crossings, func(x, y footprint.Crossing) int {
		return cmp.Or(cmp.Compare(y.Affected, x.Affected), cmp.Compare(x.Footprint, y.Footprint), cmp.Compare(x.Kind, y.Kind))
	})
	return r
}

// realignment describes what re-aligning PCN ps would take.
func realignment(s *score.Scorer, ps *footprint.PCNScore, p int32) footprint.Realignment {
	set := s.Plan().Settings
	re := footprint.Realignment{PCN: ps.Code, Name: ps.Name, Home: ps.Home, Containment: ps.Containment, Registered: ps.Registered,
		Sites: ps.SiteFootprints, Shares: top(s.PCNShares(p), 5), AwayPractices: []string{}, Affected: ps.Registered * (1 - ps.Containment)}
	if ps.Home != "" {
		re.HomeName = s.FootprintName(ps.Home)
	}
	for _, sf := range ps.SiteFootprints {
		if sf.Footprint != ps.Home {
			re.AwayPractices = append(re.AwayPractices, sf.Name)
		}
	}
	home := ps.Containment * ps.Registered
	re.ToCrossBoundary = math.Max(0, math.Ceil(set.PCNRealign*ps.Registered-home))
	re.ToAligned = math.Max(0, math.Ceil(set.PCNAligned*ps.Registered-home))
	if ps.Home == "" {
		re.Action = fmt.Sprintf("Re-align %s: none of its patients live in the plan's footprints; bring the LSOAs where they live into a footprint, or re-form the PCN.", ps.Name)
		return re
	}
	var parts []string
	if len(re.AwayPractices) > 0 {
		parts = append(parts, fmt.Sprintf("%s, sited outside %s, would work with the network of the footprint they sit in, or the PCN re-forms around %s",
			strings.Join(re.AwayPractices, ", "), re.HomeName, re.HomeName))
	}
	if re.ToCrossBoundary > 0 {
		parts = append(parts, fmt.Sprintf("%s more of its patients would have to live in %s for %.0f%% containment (a cross-boundary arrangement), %s for %.0f%% (aligned)",
			flags.Thousands(int64(re.ToCrossBoundary)), re.HomeName, 100*set.PCNRealign, flags.Thousands(int64(re.ToAligned)), 100*set.PCNAligned))
	}
	re.Action = "Re-align " + ps.Name + ": " + strings.Join(parts, "; ") + "."
	return re
}

// top is the first n of list.
func top(list []footprint.FootprintShare, n int) []footprint.FootprintShare {
	return list[:min(n, len(list))]
}

// arrangements lists the arrangements a cross-boundary PCN needs: one with
// each footprint other than its home that holds a significant share of its
// patients, or with the largest other one where none does.
func arrangements(s *score.Scorer, ps *footprint.PCNScore, p int32, fps map[string]*footprint.FootprintScore) []footprint.Arrangement {
	var practices []string
	for _, sf := range ps.SiteFootprints {
		practices = append(practices, sf.Name+" ("+sf.Practice+")")
	}
	var others []footprint.FootprintShare
	for _, f := range ps.Significant {
		if f.ID != ps.Home {
			others = append(others, f)
		}
	}
	if len(others) == 0 {
		for _, f := range s.PCNShares(p) {
			if f.ID != ps.Home {
				others = append(others, f)
				break
			}
		}
	}
	var out []footprint.Arrangement
	for _, f := range others {
		ar := footprint.Arrangement{PCN: ps.Code, PCNName: ps.Name, Home: ps.Home, HomeName: s.FootprintName(ps.Home), Other: f.ID, OtherName: s.FootprintName(f.ID),
			Patients: f.Patients, Share: f.Share, HomePatients: ps.Containment * ps.Registered, Practices: practices, Places: []string{}}
		hp, op := placeOf(fps[ps.Home]), placeOf(fps[f.ID])
		if hp != op {
			ar.Places = []string{hp, op}
		}
		ar.Action = fmt.Sprintf("%s (homed in %s) and %s agree how %s patients of %s living in %s are served.",
			ar.HomeName, ar.HomeName, ar.OtherName, flags.Thousands(int64(math.Round(f.Patients))), ps.Name, ar.OtherName)
		out = append(out, ar)
	}
	return out
}

// placeOf names the place holding most of a footprint's residents.
func placeOf(f *footprint.FootprintScore) string {
	if f == nil || len(f.Places) == 0 {
		return ""
	}
	return f.Places[0].Name
}

// crossings lists a footprint's crossings of place and ICB boundaries.
func crossings(f footprint.FootprintScore) []footprint.Crossing {
	var out []footprint.Crossing
	for _, k := range []struct {
		kind  string
		sides []footprint.AreaShare
	}{{"place", f.Places}, {"icb", f.ICBs}} {
		if len(k.sides) < 2 {
			continue
		}
		affected := f.Population - k.sides[0].Population
		noun := "places"
		if k.kind == "icb" {
			noun = "ICBs"
		}
		var names []string
		for _, sd := range k.sides {
			names = append(names, sd.Name)
		}
		out = append(out, footprint.Crossing{Footprint: f.ID, Name: f.Name, Kind: k.kind, Sides: k.sides, Affected: affected,
			Action: fmt.Sprintf("%s spans %s: agree it between %s, or move its %s residents outside %s.", f.Name, noun, strings.Join(names, " and "), flags.Thousands(affected), k.sides[0].Name)})
	}
	return out
}
