package score

import (
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
)

// Apply makes a batch of changes, all or none. It refuses unknown LSOA
// codes, an LSOA named twice, a change to or from a locked footprint, and
// LSOAs outside the plan's places unless the settings allow crossing. A
// change naming a footprint not yet in the plan creates it. It returns
// what changed and the ids of the footprints whose scores changed.
func (s *Scorer) Apply(changes []footprint.Change) ([]footprint.Applied, []string, error) {
	a := s.a
	seen := make(map[string]bool, len(changes))
	applied := make([]footprint.Applied, 0, len(changes))
	for i, c := range changes {
		u, ok := a.UnitIndex(c.LSOA)
		if !ok {
			return nil, nil, footprint.Errorf(footprint.EInvalid, "change %d: unknown LSOA code %q", i+1, c.LSOA)
		}
		if seen[c.LSOA] {
			return nil, nil, footprint.Errorf(footprint.EInvalid, "change %d: LSOA %s is changed twice", i+1, c.LSOA)
		}
		seen[c.LSOA] = true
		to := ""
		if c.Footprint != nil {
			if *c.Footprint == "" {
				return nil, nil, footprint.Errorf(footprint.EInvalid, "change %d: empty footprint id (use null to unassign)", i+1)
			}
			if err := footprint.ValidateID(*c.Footprint); err != nil {
				return nil, nil, footprint.Errorf(footprint.EInvalid, "change %d: %v", i+1, err)
			}
			to = *c.Footprint
		}
		from := s.plan.Assign[c.LSOA]
		if from == to {
			continue
		}
		for _, id := range []string{from, to} {
			if id != "" && s.locked(id) {
				return nil, nil, footprint.Errorf(footprint.EInvalid, "change %d: footprint %q is locked: unlock it to change LSOA %s", i+1, s.plan.FootprintName(id), c.LSOA)
			}
		}
		if to != "" && !s.plan.Settings.AllowCrossPlace && !s.inScope[u] {
			return nil, nil, footprint.Errorf(footprint.EInvalid, "change %d: LSOA %s (%s) is outside the plan's places; allow cross-boundary footprints to paint it", i+1, c.LSOA, placeName(a, u))
		}
		applied = append(applied, footprint.Applied{LSOA: c.LSOA, From: from, To: to})
	}
	var changed []string
	for _, ap := range applied {
		ids, err := s.Move(ap.LSOA, ap.To)
		if err != nil {
			return nil, nil, err // unreachable: every code was checked
		}
		changed = append(changed, ids...)
	}
	slices.Sort(changed)
	return applied, slices.Compact(changed), nil
}

func (s *Scorer) locked(id string) bool {
	f, ok := s.plan.Lookup(id)
	return ok && f.Locked
}

func placeName(a *footprint.Atlas, u int32) string {
	if p := a.Units[u].Place; p >= 0 {
		return a.Places[p].Name
	}
	return "no place"
}

// SetFootprints updates the names, colours and locks of footprints,
// adding any that are new. It checks every one before changing any: a
// rejected call changes nothing.
func (s *Scorer) SetFootprints(infos []footprint.FootprintInfo) error {
	if err := checkInfos(infos); err != nil {
		return err
	}
	for _, f := range infos {
		idx := s.addFootprint(f.ID)
		*s.plan.Ensure(f.ID) = f
		s.dirty[idx] = true
	}
	return nil
}

// checkInfos checks footprint infos: each valid, no id twice.
func checkInfos(infos []footprint.FootprintInfo) error {
	seen := make(map[string]bool, len(infos))
	for i, f := range infos {
		if err := f.Validate(); err != nil {
			return footprint.Errorf(footprint.EInvalid, "footprint %d: %v", i+1, err)
		}
		if seen[f.ID] {
			return footprint.Errorf(footprint.EInvalid, "footprint %d: id %q appears twice", i+1, f.ID)
		}
		seen[f.ID] = true
	}
	return nil
}

// Rename sets the plan's name.
func (s *Scorer) Rename(name string) error {
	if err := footprint.ValidateName("plan", name); err != nil {
		return err
	}
	s.plan.Name = name
	return nil
}

// Update changes any of the plan's name, settings and footprint infos
// (nil or empty leaves them be), all or nothing: it checks everything
// before it changes anything.
func (s *Scorer) Update(name *string, set *footprint.Settings, infos []footprint.FootprintInfo) error {
	if name != nil {
		if err := footprint.ValidateName("plan", *name); err != nil {
			return err
		}
	}
	if set != nil {
		if err := set.Validate(); err != nil {
			return err
		}
	}
	if err := checkInfos(infos); err != nil {
		return err
	}
	if name != nil {
		s.plan.Name = *name
	}
	if err := s.SetFootprints(infos); err != nil {
		return err // unreachable: checked above
	}
	if set != nil {
		return s.SetSettings(*set)
	}
	return nil
}

// SetSettings replaces the plan's settings and rescores everything.
func (s *Scorer) SetSettings(set footprint.Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	s.plan.Settings = set
	for f := range s.dirty {
		s.dirty[f] = true
	}
	return nil
}
