package baseline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
)

// buildPCN fills p with the PCN baseline over the units in scope; when
// only some places are in scope (some), slivers of PCNs based elsewhere
// join a neighbour.
func buildPCN(a *footprint.Atlas, p *footprint.Plan, inScope []bool, some bool) {
	p.Name = "PCN catchments"
	for u := range a.Units {
		if !inScope[u] {
			continue
		}
		if best := a.Leader(int32(u)); best >= 0 {
			p.Assign[a.Units[u].Code] = a.PCNs[best].Code
		}
	}
	var kept map[string]bool
	if some {
		kept = mergeSlivers(a, p, inScope)
	}
	for _, id := range p.Assign {
		p.Ensure(id)
	}
	for i := range p.Footprints {
		f := &p.Footprints[i]
		pc, _ := a.PCNIndex(f.ID)
		f.Name = name(a, p, f.ID, a.PCNs[pc].Name, kept[f.ID])
	}
}

// basePlace is the place where most of a PCN's patients on its
// practices' lists are seen (by the practice sites' places), or -1.
func basePlace(a *footprint.Atlas, pcn int32) int32 {
	n := map[int32]int64{}
	for _, q := range a.PCNs[pcn].Practices {
		pr := &a.Practices[q]
		if pr.Unit >= 0 && a.Units[pr.Unit].Place >= 0 {
			n[a.Units[pr.Unit].Place] += int64(pr.ListSize) + 1
		}
	}
	best := int32(-1)
	for pl, v := range n {
		if best < 0 || v > n[best] || v == n[best] && pl < best {
			best = pl
		}
	}
	return best
}

// MaxSliver is the most residents a sliver has: fewer than this of a PCN
// based outside the places join a neighbour; more keep a footprint of
// their own, named with where their PCN is based.
const MaxSliver = 10000

// mergeSlivers moves each sliver (fewer than MaxSliver residents led by a
// PCN based in a place out of scope) into the footprint of a home PCN that it shares most
// boundary edges with, and returns the footprints of PCNs based
// elsewhere that keep their own.
func mergeSlivers(a *footprint.Atlas, p *footprint.Plan, inScope []bool) map[string]bool {
	based := map[string]bool{} // footprint id -> its PCN is based in scope
	for id := range footprintSet(p) {
		pc, _ := a.PCNIndex(id)
		pl := basePlace(a, pc)
		based[id] = pl >= 0 && slices.ContainsFunc(a.Places[pl].Units, func(u int32) bool { return inScope[u] })
	}
	pop := map[string]int64{}
	for code, id := range p.Assign {
		u, _ := a.UnitIndex(code)
		pop[id] += int64(a.Units[u].Pop)
	}
	kept := map[string]bool{}
	for _, id := range sortedKeys(based) {
		if based[id] {
			continue
		}
		if pop[id] >= MaxSliver {
			kept[id] = true
			continue
		}
		touch := map[string]int{}
		for code, f := range p.Assign {
			if f != id {
				continue
			}
			u, _ := a.UnitIndex(code)
			for _, v := range a.Graph().Neighbours(u) {
				if g, ok := p.Assign[a.Units[v].Code]; ok && based[g] {
					touch[g]++
				}
			}
		}
		into := ""
		for _, g := range sortedKeys(touch) {
			if into == "" || touch[g] > touch[into] {
				into = g
			}
		}
		if into == "" {
			kept[id] = true
			continue
		}
		for code, f := range p.Assign {
			if f == id {
				p.Assign[code] = into
			}
		}
	}
	return kept
}

// name names a PCN baseline footprint after its place and its ward with
// the most residents, marked with the PCN it comes from; a sliver kept
// says where its PCN is based.
func name(a *footprint.Atlas, p *footprint.Plan, id, pcnName string, sliver bool) string {
	place, ward := map[int32]int64{}, map[int32]int64{}
	for code, f := range p.Assign {
		if f != id {
			continue
		}
		u, _ := a.UnitIndex(code)
		place[a.Units[u].Place] += int64(a.Units[u].Pop) + 1
		ward[a.Units[u].Ward] += int64(a.Units[u].Pop) + 1
	}
	var parts []string
	if pl := most(place); pl >= 0 {
		parts = append(parts, a.Places[pl].Name+": ")
	}
	if w := most(ward); w >= 0 {
		parts = append(parts, a.Wards[w].Name+", ")
	}
	parts = append(parts, "from "+pcnName)
	if sliver {
		pc, _ := a.PCNIndex(id)
		if pl := basePlace(a, pc); pl >= 0 {
			parts = append(parts, fmt.Sprintf(" (based in %s)", a.Places[pl].Name))
		}
	}
	return strings.Join(parts, "")
}

// most is the key with the largest count (the lowest key on a tie), or
// -1 for none.
func most(n map[int32]int64) int32 {
	best := int32(-1)
	for k, v := range n {
		if k >= 0 && (best < 0 || v > n[best] || v == n[best] && k < best) {
			best = k
		}
	}
	return best
}

func footprintSet(p *footprint.Plan) map[string]bool {
	out := map[string]bool{}
	for _, id := range p.Assign {
		out[id] = true
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
