package footprint

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Settings are a plan's population band and flag thresholds. The zero
// value is not useful: start from DefaultSettings.
type Settings struct {
	// BandMin and BandMax bound a footprint's residents; both ends are in
	// the band.
	BandMin int64 `json:"band_min"`
	BandMax int64 `json:"band_max"`
	// PCNAligned is the containment c(p) at or above which a PCN whose
	// practices all sit in its home footprint is aligned.
	PCNAligned float64 `json:"pcn_aligned"`
	// PCNRealign is the containment below which a PCN must re-align.
	PCNRealign float64 `json:"pcn_realign"`
	// SignificantShare is the share of a PCN's patients that makes a
	// footprint a party to its cross-boundary arrangement.
	SignificantShare float64 `json:"significant_share"`
	// LowContainment is the demand-side containment below which a
	// footprint is flagged.
	LowContainment float64 `json:"low_containment"`
	// Severity overrides the default severity of flag kinds.
	Severity map[FlagKind]Severity `json:"severity,omitempty"`
	// AllowCrossPlace lets edits assign LSOAs outside the plan's places.
	AllowCrossPlace bool `json:"allow_cross_place,omitempty"`
	// NeedWeighted applies the band to need-weighted population (see
	// NeedWeightBeta) instead of headcount.
	NeedWeighted bool `json:"need_weighted,omitempty"`
}

// DefaultSettings are the settings of a new plan: 30,000 to 50,000
// residents, PCNs aligned at 75% containment and re-aligned below 50%,
// arrangements with footprints holding 10% of a PCN's patients, and
// footprints flagged below 60% demand-side containment.
func DefaultSettings() Settings {
	return Settings{BandMin: 30000, BandMax: 50000, PCNAligned: 0.75, PCNRealign: 0.5, SignificantShare: 0.10, LowContainment: 0.6}
}

// Validate checks the settings are usable.
func (s Settings) Validate() error {
	switch {
	case s.BandMin <= 0 || s.BandMax < s.BandMin:
		return Errorf(EInvalid, "population band %d-%d: want 0 < min ≤ max", s.BandMin, s.BandMax)
	case s.PCNRealign < 0 || s.PCNAligned > 1 || s.PCNRealign > s.PCNAligned:
		return Errorf(EInvalid, "PCN thresholds %.2f and %.2f: want 0 ≤ re-align ≤ aligned ≤ 1", s.PCNRealign, s.PCNAligned)
	case s.SignificantShare < 0 || s.SignificantShare > 1 || s.LowContainment < 0 || s.LowContainment > 1:
		return Errorf(EInvalid, "shares must lie between 0 and 1")
	}
	for k, v := range s.Severity {
		if !slices.Contains(FlagKinds, k) {
			return Errorf(EInvalid, "severity override for unknown flag kind %q", k)
		}
		if v != SeverityError && v != SeverityWarning && v != SeverityInfo {
			return Errorf(EInvalid, "severity %q for %s: want error, warning or info", v, k)
		}
	}
	return nil
}

// FootprintInfo is what a plan says of a footprint besides its LSOAs.
type FootprintInfo struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Colour string `json:"colour,omitempty"`
	Locked bool   `json:"locked,omitempty"`
}

// Limits on what a plan may say, in characters (not bytes).
const (
	MaxIDLength     = 64
	MaxNameLength   = 200
	MaxColourLength = 32
)

// ValidateID checks a footprint id: non-empty, at most MaxIDLength
// characters, valid UTF-8 with no control characters.
func ValidateID(id string) error {
	switch n := utf8.RuneCountInString(id); {
	case id == "":
		return Errorf(EInvalid, "empty footprint id")
	case n > MaxIDLength:
		return Errorf(EInvalid, "footprint id of %d characters: the limit is %d", n, MaxIDLength)
	case !utf8.ValidString(id) || strings.ContainsFunc(id, unicode.IsControl):
		return Errorf(EInvalid, "footprint id %q holds control characters or invalid UTF-8", id)
	}
	return nil
}

// ValidateName checks a plan's or footprint's name: at most MaxNameLength
// characters of valid UTF-8. what names the thing named, for the message.
func ValidateName(what, name string) error {
	if n := utf8.RuneCountInString(name); n > MaxNameLength {
		return Errorf(EInvalid, "%s name of %d characters: the limit is %d", what, n, MaxNameLength)
	}
	if !utf8.ValidString(name) {
		return Errorf(EInvalid, "%s name is not valid UTF-8", what)
	}
	return nil
}

// Validate checks a footprint's id, name and colour.
func (f FootprintInfo) Validate() error {
	if err := ValidateID(f.ID); err != nil {
		return err
	}
	if err := ValidateName("footprint "+f.ID, f.Name); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(f.Colour); n > MaxColourLength {
		return Errorf(EInvalid, "footprint %s: colour of %d characters: the limit is %d", f.ID, n, MaxColourLength)
	}
	return nil
}

// Plan assigns LSOAs to footprints.
type Plan struct {
	Name string `json:"name"`
	// Places is the scope: the place codes being designed. Empty means
	// the places the assignment touches.
	Places     []string          `json:"places"`
	Settings   Settings          `json:"settings"`
	Footprints []FootprintInfo   `json:"footprints"`
	Assign     map[string]string `json:"assignments"` // LSOA code to footprint id

	index map[string]int // footprint id to position in Footprints
}

// NewPlan returns an empty plan with default settings.
func NewPlan(name string) *Plan {
	return &Plan{Name: name, Settings: DefaultSettings(), Assign: map[string]string{}}
}

// Lookup returns the info of the footprint with the id. It never changes
// the plan.
func (p *Plan) Lookup(id string) (*FootprintInfo, bool) {
	if i := p.Position(id); i >= 0 {
		return &p.Footprints[i], true
	}
	return nil, false
}

// Position returns the position of the footprint with the id in
// Footprints, or -1. It never changes the plan.
func (p *Plan) Position(id string) int {
	if i, ok := p.index[id]; ok && i < len(p.Footprints) && p.Footprints[i].ID == id {
		return i
	}
	for i := range p.Footprints {
		if p.Footprints[i].ID == id {
			return i
		}
	}
	return -1
}

// FootprintName returns the name of the footprint with the id, or the id if the
// plan has no such footprint.
func (p *Plan) FootprintName(id string) string {
	if f, ok := p.Lookup(id); ok {
		return f.Name
	}
	return id
}

// Ensure returns the info of the footprint with the id, first adding one
// named after the id if the plan has none.
func (p *Plan) Ensure(id string) *FootprintInfo {
	if i := p.Position(id); i >= 0 {
		return &p.Footprints[i]
	}
	if p.index == nil || len(p.index) != len(p.Footprints) {
		p.index = make(map[string]int, len(p.Footprints)+1)
		for i := range p.Footprints {
			p.index[p.Footprints[i].ID] = i
		}
	}
	p.index[id] = len(p.Footprints)
	p.Footprints = append(p.Footprints, FootprintInfo{ID: id, Name: id})
	return &p.Footprints[len(p.Footprints)-1]
}

// Normalize adds info for every footprint the assignment names and sorts
// the footprints by id.
func (p *Plan) Normalize() {
	for _, id := range p.Assign {
		p.Ensure(id)
	}
	slices.SortFunc(p.Footprints, func(x, y FootprintInfo) int { return strings.Compare(x.ID, y.ID) })
	p.index = nil
	if p.Places == nil {
		p.Places = []string{}
	}
}

// Check validates a plan against an atlas: every LSOA and place code must
// be known, footprint ids non-empty and unique, settings usable.
func (p *Plan) Check(a *Atlas) error {
	if err := p.Settings.Validate(); err != nil {
		return err
	}
	if err := ValidateName("plan", p.Name); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, f := range p.Footprints {
		if f.ID == "" {
			return Errorf(EInvalid, "plan %q: a footprint has an empty id", p.Name)
		}
		if err := f.Validate(); err != nil {
			return &Error{Code: EInvalid, Message: fmt.Sprintf("plan %q: %v", p.Name, err), Err: err}
		}
		if seen[f.ID] {
			return Errorf(EInvalid, "plan %q: footprint id %q appears twice", p.Name, f.ID)
		}
		seen[f.ID] = true
	}
	for code, id := range p.Assign {
		if _, ok := a.UnitIndex(code); !ok {
			return Errorf(EInvalid, "plan %q: unknown LSOA code %q", p.Name, code)
		}
		if id == "" {
			return Errorf(EInvalid, "plan %q: LSOA %s has an empty footprint id", p.Name, code)
		}
	}
	for _, pc := range p.Places {
		if a.PlaceIndex(pc) < 0 {
			return Errorf(EInvalid, "plan %q: unknown place code %q", p.Name, pc)
		}
	}
	return nil
}

// Repair drops what no valid plan holds, such as a footprint with an empty
// or over-long id that an older version let in, with the assignments to
// it, and keeps the first of footprints that share an id. It returns one
// sentence per thing dropped, and nothing for a valid plan.
func (p *Plan) Repair() []string {
	var dropped []string
	seen := map[string]bool{}
	keep := p.Footprints[:0:0]
	for _, f := range p.Footprints {
		switch err := f.Validate(); {
		case err != nil:
			dropped = append(dropped, fmt.Sprintf("dropped footprint %.80q: %v", f.ID, err))
		case seen[f.ID]:
			dropped = append(dropped, fmt.Sprintf("dropped a second footprint with id %q", f.ID))
		default:
			seen[f.ID] = true
			keep = append(keep, f)
			continue
		}
	}
	n := 0
	for code, id := range p.Assign {
		if ValidateID(id) != nil {
			delete(p.Assign, code)
			n++
		}
	}
	if n > 0 {
		dropped = append(dropped, fmt.Sprintf("unassigned %d LSOAs whose footprint id was invalid", n))
	}
	if len(dropped) > 0 {
		p.Footprints = keep
		p.index = nil
	}
	return dropped
}

// Clone returns a deep copy of the plan.
func (p *Plan) Clone() *Plan {
	q := *p
	q.Places = append([]string{}, p.Places...)
	q.Footprints = append([]FootprintInfo{}, p.Footprints...)
	q.Assign = make(map[string]string, len(p.Assign))
	for k, v := range p.Assign {
		q.Assign[k] = v
	}
	if p.Settings.Severity != nil {
		q.Settings.Severity = make(map[FlagKind]Severity, len(p.Settings.Severity))
		for k, v := range p.Settings.Severity {
			q.Settings.Severity[k] = v
		}
	}
	q.index = nil
	return &q
}
