package ingest

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
)

// places forms the places from the boroughs: the manifest's groups, then
// each remaining borough on its own, sorted by code. It assigns every
// unit its place and sums the population of places and areas.
func (im *importer) places() error {
	a := im.a
	if len(a.Boroughs) == 0 {
		return nil
	}
	placeOf, err := im.groupBoroughs()
	if err != nil {
		return err
	}
	// Sort places by code, keeping the borough-to-place map right.
	order := make([]int32, len(a.Places))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return cmp.Compare(a.Places[x].Code, a.Places[y].Code) })
	newIndex := make([]int32, len(order))
	sorted := make([]footprint.Place, len(order))
	for ni, oi := range order {
		newIndex[oi] = int32(ni)
		sorted[ni] = a.Places[oi]
	}
	a.Places = sorted
	for i := range a.Units {
		u := &a.Units[i]
		if u.Borough < 0 {
			continue
		}
		u.Place = newIndex[placeOf[u.Borough]]
		a.Places[u.Place].Units = append(a.Places[u.Place].Units, int32(i))
		a.Places[u.Place].Pop += int64(u.Pop)
	}
	for _, list := range [][]footprint.Area{a.MSOAs, a.Wards, a.Boroughs, a.SubICBs, a.ICBs} {
		for i := range list {
			list[i].Pop = 0
			for _, u := range list[i].Units {
				list[i].Pop += int64(a.Units[u].Pop)
			}
		}
	}
	im.detail = fmt.Sprintf("%d places", len(a.Places))
	return nil
}

// groupBoroughs appends the places, unsorted, to the atlas and returns
// the place of each borough. A group may name only known boroughs, and a
// borough may be in only one group.
func (im *importer) groupBoroughs() ([]int32, error) {
	a := im.a
	bIndex := map[string]int32{}
	for i, b := range a.Boroughs {
		bIndex[b.Code] = int32(i)
	}
	placeOf := make([]int32, len(a.Boroughs))
	for i := range placeOf {
		placeOf[i] = -1
	}
	for _, g := range im.m.Places.Groups {
		p := footprint.Place{Code: g.Code, Name: g.Name}
		for _, bc := range g.Boroughs {
			i, ok := bIndex[bc]
			if !ok {
				return nil, footprint.Errorf(footprint.EInvalid, "manifest %s: place %s names unknown borough %s", im.m.Path(), g.Code, bc)
			}
			if placeOf[i] >= 0 {
				return nil, footprint.Errorf(footprint.EInvalid, "manifest %s: borough %s is in two places", im.m.Path(), bc)
			}
			placeOf[i] = int32(len(a.Places))
			p.Boroughs = append(p.Boroughs, i)
		}
		a.Places = append(a.Places, p)
	}
	for i, b := range a.Boroughs {
		if placeOf[i] < 0 {
			placeOf[i] = int32(len(a.Places))
			a.Places = append(a.Places, footprint.Place{Code: b.Code, Name: b.Name, Boroughs: []int32{int32(i)}})
		}
	}
	return placeOf, nil
}
