package reshape

import (
	"cmp"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
)

// Naming says what ids and names Replace gives the footprints of the new
// assignment.
type Naming int

const (
	// KeepIDs keeps the new plan's ids, and its names where it has them:
	// a plan file imported.
	KeepIDs Naming = iota
	// MatchOld gives each new footprint the id and name of the old
	// footprint it shares most residents with, one to one, largest
	// overlap first; a new footprint that overlaps no old one left keeps
	// its name, under a fresh id if its own is taken. A design proposed.
	MatchOld
)

// Replace makes d's assignment p's within the places (all of them when
// places is empty): LSOAs there that d leaves out become unassigned, and
// LSOAs d assigns outside them move too. Locked footprints keep their
// LSOAs and no LSOA moves into one. Footprints left with no LSOA, other
// than locked ones, are taken out, so nothing empty is left behind.
func Replace(a *footprint.Atlas, p, d *footprint.Plan, places []string, naming Naming) (Result, error) {
	inPlaces, err := placeTest(a, places)
	if err != nil {
		return Result{}, err
	}
	locked := map[string]bool{}
	for _, f := range p.Footprints {
		if f.Locked {
			locked[f.ID] = true
		}
	}
	scope := scopeCodes(a, p, d, inPlaces)
	final := finalIDs(a, p, d, scope, locked, naming)
	var assign []footprint.Applied
	for _, code := range scope {
		cur := p.Assign[code]
		to := final[d.Assign[code]]
		if locked[cur] || locked[to] || to == cur {
			continue
		}
		assign = append(assign, footprint.Applied{LSOA: code, From: cur, To: to})
	}
	if err := inScope(a, p, assign); err != nil {
		return Result{}, err
	}
	infos, err := newInfos(p, d, final, assign, naming)
	if err != nil {
		return Result{}, err
	}
	return finish(p, footprint.Edit{Assign: assign, Footprints: infos, Removed: leftEmpty(p, assign)}), nil
}

// placeTest reports whether an LSOA is in one of the places, or in any
// when there are none.
func placeTest(a *footprint.Atlas, places []string) (func(code string) bool, error) {
	if len(places) == 0 {
		return func(string) bool { return true }, nil
	}
	in := map[int32]bool{}
	for _, pc := range places {
		pl := a.PlaceIndex(pc)
		if pl < 0 {
			return nil, footprint.Errorf(footprint.EInvalid, "unknown place code %.80q", pc)
		}
		in[int32(pl)] = true
	}
	return func(code string) bool {
		u, ok := a.UnitIndex(code)
		return ok && in[a.Units[u].Place]
	}, nil
}

// inScope refuses a move into a footprint of an LSOA outside the plan's
// places, unless the plan allows cross-boundary footprints.
func inScope(a *footprint.Atlas, p *footprint.Plan, assign []footprint.Applied) error {
	if p.Settings.AllowCrossPlace || len(p.Places) == 0 {
		return nil
	}
	in, err := placeTest(a, p.Places)
	if err != nil {
		return err
	}
	for _, m := range assign {
		if m.To != "" && !in(m.LSOA) {
			u, _ := a.UnitIndex(m.LSOA)
			place := "no place"
			if pl := a.Units[u].Place; pl >= 0 {
				place = a.Places[pl].Name
			}
			return footprint.Errorf(footprint.EInvalid, "LSOA %s (%s) is outside the plan's places; allow cross-boundary footprints to bring it in", m.LSOA, place)
		}
	}
	return nil
}

// scopeCodes lists, sorted, the LSOAs Replace decides: those d assigns,
// and those p assigns within the places.
func scopeCodes(a *footprint.Atlas, p, d *footprint.Plan, inPlaces func(string) bool) []string {
	seen := make(map[string]bool, len(d.Assign))
	var out []string
	for code := range d.Assign {
		if _, ok := a.UnitIndex(code); ok {
			seen[code] = true
			out = append(out, code)
		}
	}
	for code := range p.Assign {
		if !seen[code] && inPlaces(code) {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}

// finalIDs maps each footprint id of d to the id it has in the result
// ("" stays "": unassigned).
func finalIDs(a *footprint.Atlas, p, d *footprint.Plan, scope []string, locked map[string]bool, naming Naming) map[string]string {
	final := map[string]string{"": ""}
	if naming == KeepIDs {
		for _, f := range d.Footprints {
			final[f.ID] = f.ID
		}
		for _, id := range d.Assign {
			final[id] = id
		}
		return final
	}
	taken := map[string]bool{}
	for _, f := range p.Footprints {
		taken[f.ID] = true
	}
	for _, id := range d.Assign {
		if locked[id] {
			final[id] = id
		}
	}
	used := map[string]bool{}
	for _, pr := range overlaps(a, p, d, scope, locked) {
		if _, done := final[pr.new]; !done && !used[pr.old] {
			final[pr.new] = pr.old
			used[pr.old] = true
		}
	}
	ids := make([]string, 0, len(d.Assign))
	for _, id := range d.Assign {
		if _, done := final[id]; !done {
			ids = append(ids, id)
			final[id] = ""
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		if taken[id] {
			final[id] = freshID(taken)
		} else {
			final[id], taken[id] = id, true
		}
	}
	return final
}

type pair struct {
	new, old string
	n        int64
}

// overlaps lists the residents each footprint of d shares with each
// unlocked footprint of p, most first (an LSOA with no residents counts
// as one, so that empty areas still match).
func overlaps(a *footprint.Atlas, p, d *footprint.Plan, scope []string, locked map[string]bool) []pair {
	n := map[[2]string]int64{}
	for _, code := range scope {
		nw, old := d.Assign[code], p.Assign[code]
		if nw == "" || old == "" || locked[old] || locked[nw] {
			continue
		}
		u, _ := a.UnitIndex(code)
		n[[2]string{nw, old}] += int64(a.Units[u].Pop) + 1
	}
	out := make([]pair, 0, len(n))
	for k, v := range n {
		out = append(out, pair{k[0], k[1], v})
	}
	slices.SortFunc(out, func(x, y pair) int {
		if c := cmp.Compare(y.n, x.n); c != 0 {
			return c
		}
		if c := strings.Compare(x.new, y.new); c != 0 {
			return c
		}
		return strings.Compare(x.old, y.old)
	})
	return out
}

// newInfos lists the infos of the footprints the result holds that are
// new or changed: a new footprint takes d's name and colour; an old one
// keeps its own, except that an imported file's names and colours win.
func newInfos(p, d *footprint.Plan, final map[string]string, assign []footprint.Applied, naming Naming) ([]footprint.FootprintInfo, error) {
	gets := map[string]bool{}
	for _, m := range assign {
		gets[m.To] = true
	}
	ids := make([]string, 0, len(d.Footprints))
	listed := map[string]bool{}
	for _, f := range d.Footprints {
		ids, listed[f.ID] = append(ids, f.ID), true
	}
	var more []string
	for _, id := range d.Assign {
		if !listed[id] {
			more, listed[id] = append(more, id), true
		}
	}
	slices.Sort(more)
	ids = append(ids, more...)
	done := map[string]bool{}
	var out []footprint.FootprintInfo
	for _, id := range ids {
		fid := final[id]
		if done[fid] || fid == "" {
			continue
		}
		done[fid] = true
		df, ok := d.Lookup(id)
		if !ok {
			df = &footprint.FootprintInfo{ID: id, Name: id}
		}
		old, had := p.Lookup(fid)
		var f footprint.FootprintInfo
		switch {
		case had:
			f = *old
			if naming == KeepIDs && df.Name != "" && df.Name != df.ID {
				f.Name = df.Name
			}
			if naming == KeepIDs && df.Colour != "" {
				f.Colour = df.Colour
			}
			if f == *old {
				continue
			}
		case gets[fid]:
			f = footprint.FootprintInfo{ID: fid, Name: df.Name, Colour: df.Colour}
			if f.Name == "" {
				f.Name = fid
			}
		default:
			continue
		}
		if err := f.Validate(); err != nil {
			return nil, footprint.Errorf(footprint.EInvalid, "footprint %.80q: %v", fid, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// leftEmpty lists the unlocked footprints of p that hold no LSOA once
// the moves are made.
func leftEmpty(p *footprint.Plan, assign []footprint.Applied) []footprint.FootprintInfo {
	n := make(map[string]int, len(p.Footprints))
	for _, id := range p.Assign {
		n[id]++
	}
	for _, m := range assign {
		n[m.From]--
		n[m.To]++
	}
	var out []footprint.FootprintInfo
	for _, f := range p.Footprints {
		if n[f.ID] <= 0 && !f.Locked {
			out = append(out, f)
		}
	}
	return out
}
