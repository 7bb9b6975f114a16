// Package reshape edits a plan's footprints as whole objects: delete
// footprints, merge footprints into one, remove the empty ones, and
// replace the footprints of some places with a design's. Each operation
// reads the plan without changing it and returns the edit that makes the
// new plan, with the new plan: a rejected request changes nothing.
package reshape

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
)

// Result is a reshaped plan and the one edit that makes it from the old
// plan, which is what a version stores and replays.
type Result struct {
	Plan *footprint.Plan
	Edit footprint.Edit
}

// MaxIDs is the most footprint ids one request may name.
const MaxIDs = 1000

// finish applies the edit to a copy of p, so the result is exactly what
// replaying the edit gives.
func finish(p *footprint.Plan, e footprint.Edit) Result {
	q := p.Clone()
	e.Apply(q)
	return Result{Plan: q, Edit: e}
}

// lookup checks that ids name distinct, unlocked footprints of p and
// returns their infos.
func lookup(p *footprint.Plan, what string, ids []string) ([]footprint.FootprintInfo, error) {
	if len(ids) == 0 {
		return nil, footprint.Errorf(footprint.EInvalid, "name at least one footprint to %s", what)
	}
	if len(ids) > MaxIDs {
		return nil, footprint.Errorf(footprint.ETooLarge, "%d footprints in one request; the limit is %d", len(ids), MaxIDs)
	}
	seen := make(map[string]bool, len(ids))
	out := make([]footprint.FootprintInfo, 0, len(ids))
	for _, id := range ids {
		f, ok := p.Lookup(id)
		switch {
		case !ok:
			return nil, footprint.Errorf(footprint.ENotFound, "the plan has no footprint %.80q", id)
		case seen[id]:
			return nil, footprint.Errorf(footprint.EInvalid, "footprint %.80q is named twice", id)
		case f.Locked:
			return nil, footprint.Errorf(footprint.EInvalid, "footprint %q is locked: unlock it to %s it", f.Name, what)
		}
		seen[id] = true
		out = append(out, *f)
	}
	return out, nil
}

// moves lists, in LSOA code order, the moves of every LSOA assigned to one
// of the footprints in from, to the footprint to ("" to unassign).
func moves(p *footprint.Plan, from map[string]bool, to string) []footprint.Applied {
	var out []footprint.Applied
	for code, id := range p.Assign {
		if from[id] {
			out = append(out, footprint.Applied{LSOA: code, From: id, To: to})
		}
	}
	slices.SortFunc(out, func(x, y footprint.Applied) int { return strings.Compare(x.LSOA, y.LSOA) })
	return out
}

func set(infos []footprint.FootprintInfo) map[string]bool {
	m := make(map[string]bool, len(infos))
	for _, f := range infos {
		m[f.ID] = true
	}
	return m
}

// Delete takes footprints out of the plan: their LSOAs become unassigned.
func Delete(p *footprint.Plan, ids []string) (Result, error) {
	gone, err := lookup(p, "delete", ids)
	if err != nil {
		return Result{}, err
	}
	return finish(p, footprint.Edit{Assign: moves(p, set(gone), ""), Removed: gone}), nil
}

// Merge moves every LSOA of the footprints from into the footprint into,
// and takes them out of the plan. into keeps its name and colour.
func Merge(p *footprint.Plan, into string, from []string) (Result, error) {
	if _, err := lookup(p, "merge", []string{into}); err != nil {
		return Result{}, err
	}
	if slices.Contains(from, into) {
		return Result{}, footprint.Errorf(footprint.EInvalid, "footprint %q cannot be merged into itself", p.FootprintName(into))
	}
	gone, err := lookup(p, "merge", from)
	if err != nil {
		return Result{}, err
	}
	return finish(p, footprint.Edit{Assign: moves(p, set(gone), into), Removed: gone}), nil
}

// Empty lists the plan's footprints that hold no LSOA and are not locked.
func Empty(p *footprint.Plan) []footprint.FootprintInfo {
	used := make(map[string]bool, len(p.Footprints))
	for _, id := range p.Assign {
		used[id] = true
	}
	var out []footprint.FootprintInfo
	for _, f := range p.Footprints {
		if !used[f.ID] && !f.Locked {
			out = append(out, f)
		}
	}
	return out
}

// RemoveEmpty takes out every footprint that holds no LSOA and is not
// locked; it is refused when there is none, so that it never makes an
// empty version.
func RemoveEmpty(p *footprint.Plan) (Result, error) {
	gone := Empty(p)
	if len(gone) == 0 {
		return Result{}, footprint.Errorf(footprint.EInvalid, "no footprint is empty")
	}
	return finish(p, footprint.Edit{Removed: gone}), nil
}

// freshID returns an id of the form f<n> that taken does not hold, and
// marks it taken.
func freshID(taken map[string]bool) string {
	for n := len(taken) + 1; ; n++ {
		if id := fmt.Sprintf("f%d", n); !taken[id] {
			taken[id] = true
			return id
		}
	}
}
