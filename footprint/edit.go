package footprint

import (
	"fmt"
	"slices"
	"strings"
)

// Change assigns one LSOA to a footprint; a nil Footprint unassigns it.
type Change struct {
	LSOA      string  `json:"lsoa"`
	Footprint *string `json:"footprint"`
}

// Applied is a change as made, with the footprint the LSOA left ("" if it
// was unassigned) and the one it joined ("" if unassigned), so it can be
// shown to others and undone.
type Applied struct {
	LSOA string `json:"lsoa"`
	From string `json:"from"`
	To   string `json:"to"`
}

// Edit is one version's change to a plan: LSOA moves, footprint info,
// a new name or settings, or a whole plan restored from a version.
type Edit struct {
	Assign     []Applied       `json:"assign,omitempty"`
	Footprints []FootprintInfo `json:"footprints,omitempty"`
	Name       *string         `json:"name,omitempty"`
	Settings   *Settings       `json:"settings,omitempty"`
	Restored   int             `json:"restored,omitempty"` // the version restored; the snapshot holds it
	// Removed lists the footprints taken out of the plan, as they were;
	// any LSOA still assigned to one is unassigned.
	Removed []FootprintInfo `json:"removed,omitempty"`
}

// Version is one saved state of a plan.
type Version struct {
	Version   int    `json:"version"`
	CreatedAt string `json:"created_at"`
	Summary   string `json:"summary"`
	Edit      Edit   `json:"changes"`
	// Card is how the plan stood at this version, when the versions list
	// has scored it: the newest versions are scored, older ones not.
	Card *Scorecard `json:"card,omitempty"`
}

// Summary describes the edit for the versions list, naming footprints
// as plan p has them.
func (e Edit) Summary(p *Plan) string {
	var parts []string
	if len(e.Assign) > 0 {
		to := map[string]int{}
		for _, a := range e.Assign {
			to[a.To]++
		}
		keys := make([]string, 0, len(to))
		for k := range to {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			name := "no footprint"
			if k != "" {
				name = p.FootprintName(k)
			}
			noun := "LSOAs"
			if to[k] == 1 {
				noun = "LSOA"
			}
			parts = append(parts, fmt.Sprintf("%d %s to %s", to[k], noun, name))
		}
	}
	for _, f := range e.Footprints {
		parts = append(parts, "footprint "+f.Name+" updated")
	}
	if e.Name != nil {
		parts = append(parts, "renamed "+*e.Name)
	}
	if e.Settings != nil {
		parts = append(parts, "settings changed")
	}
	for _, f := range e.Removed {
		parts = append(parts, "footprint "+f.Name+" removed")
	}
	if e.Restored > 0 {
		parts = append(parts, fmt.Sprintf("restored version %d", e.Restored))
	}
	if len(parts) == 0 {
		return "no change"
	}
	return strings.Join(parts, "; ")
}

// Apply replays the edit on plan p.
func (e Edit) Apply(p *Plan) {
	for _, a := range e.Assign {
		if a.To == "" {
			delete(p.Assign, a.LSOA)
		} else {
			p.Assign[a.LSOA] = a.To
			p.Ensure(a.To)
		}
	}
	for _, f := range e.Footprints {
		*p.Ensure(f.ID) = f
	}
	if e.Name != nil {
		p.Name = *e.Name
	}
	if e.Settings != nil {
		p.Settings = *e.Settings
	}
	for _, f := range e.Removed {
		p.Remove(f.ID)
	}
}

// Remove takes the footprint with the id out of the plan and unassigns
// its LSOAs. It reports whether the plan had it.
func (p *Plan) Remove(id string) bool {
	i := p.Position(id)
	if i < 0 {
		return false
	}
	for code, f := range p.Assign {
		if f == id {
			delete(p.Assign, code)
		}
	}
	p.Footprints = append(p.Footprints[:i:i], p.Footprints[i+1:]...)
	p.index = nil
	return true
}
