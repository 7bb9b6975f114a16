package footprint

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/table"
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

// Footprint returns the info of the footprint with the id, adding one
// named after the id if the plan has none.
func (p *Plan) Footprint(id string) *FootprintInfo {
	if i, ok := p.index[id]; ok && i < len(p.Footprints) && p.Footprints[i].ID == id {
		return &p.Footprints[i]
	}
	if p.index == nil || len(p.index) != len(p.Footprints) {
		p.index = make(map[string]int, len(p.Footprints))
		for i := range p.Footprints {
			p.index[p.Footprints[i].ID] = i
		}
		if i, ok := p.index[id]; ok {
			return &p.Footprints[i]
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
		p.Footprint(id)
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
	seen := map[string]bool{}
	for _, f := range p.Footprints {
		if f.ID == "" {
			return Errorf(EInvalid, "plan %q: a footprint has an empty id", p.Name)
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

// PlaceIndex returns the index of the place with the code, or -1.
func (a *Atlas) PlaceIndex(code string) int32 {
	for i := range a.Places {
		if a.Places[i].Code == code {
			return int32(i)
		}
	}
	return -1
}

// CSV header of the block assignment file, as DRA and Districtr write it.
const (
	csvUnit      = "lsoa21cd"
	csvFootprint = "footprint"
)

// ReadPlanCSV reads a block assignment file: a header with columns
// lsoa21cd and footprint, then one row per LSOA. An empty footprint leaves
// the LSOA unassigned. Unknown codes, duplicate rows, a missing column or
// an empty file are errors naming the line.
func ReadPlanCSV(a *Atlas, name string, r io.Reader) (*Plan, error) {
	t, err := table.NewTable(name, r)
	if err != nil {
		return nil, Invalid(err)
	}
	ucol, fcol := findCol(t.Header(), csvUnit, "geoid20", "geoid", "lsoa", "code"), findCol(t.Header(), csvFootprint, "district", "id")
	if ucol == "" {
		return nil, Invalid(&geo.RowError{File: name, Line: 1, Column: csvUnit, Problem: "missing column (header has " + strings.Join(t.Header(), ", ") + ")"})
	}
	if fcol == "" {
		return nil, Invalid(&geo.RowError{File: name, Line: 1, Column: csvFootprint, Problem: "missing column (header has " + strings.Join(t.Header(), ", ") + ")"})
	}
	p := NewPlan(strings.TrimSuffix(baseName(name), ".csv"))
	lines := map[string]int{}
	rows := 0
	for t.Next() {
		rows++
		code, id := t.Get(ucol), t.Get(fcol)
		if _, ok := a.UnitIndex(code); !ok {
			return nil, Invalid(t.Errorf(ucol, "unknown LSOA code %q", code))
		}
		if prev, dup := lines[code]; dup {
			return nil, Invalid(t.Errorf(ucol, "duplicate row for %s (also line %d)", code, prev))
		}
		lines[code] = t.Line()
		if id != "" {
			p.Assign[code] = id
		}
	}
	if err := t.Err(); err != nil {
		return nil, Invalid(err)
	}
	if rows == 0 {
		return nil, Invalid(&geo.RowError{File: name, Problem: "empty file: a header but no rows"})
	}
	p.Normalize()
	p.nameFootprints(a)
	return p, nil
}

// nameFootprints names footprints whose id is the code of a PCN, place or
// borough after it, where the plan gives no other name.
func (p *Plan) nameFootprints(a *Atlas) {
	for i := range p.Footprints {
		f := &p.Footprints[i]
		if f.Name != f.ID {
			continue
		}
		if q, ok := a.PCNIndex(f.ID); ok {
			f.Name = a.PCNs[q].Name
			continue
		}
		for _, b := range a.Boroughs {
			if b.Code == f.ID {
				f.Name = b.Name
			}
		}
		if pl := a.PlaceIndex(f.ID); pl >= 0 && f.Name == f.ID {
			f.Name = a.Places[pl].Name
		}
	}
}

func findCol(header []string, names ...string) string {
	for _, n := range names {
		for _, h := range header {
			if strings.EqualFold(h, n) {
				return h
			}
		}
	}
	return ""
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// WritePlanCSV writes the block assignment file, sorted by LSOA code.
// Unassigned LSOAs are left out.
func WritePlanCSV(w io.Writer, p *Plan) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{csvUnit, csvFootprint})
	codes := make([]string, 0, len(p.Assign))
	for c := range p.Assign {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		cw.Write([]string{c, p.Assign[c]})
	}
	cw.Flush()
	return cw.Error()
}

// ReadPlanJSON reads a plan in JSON, with names and settings. Settings
// left out keep their defaults.
func ReadPlanJSON(a *Atlas, name string, r io.Reader) (*Plan, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, Errorf(EInvalid, "%s: %v", name, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, Errorf(EInvalid, "%s: empty file", name)
	}
	p := NewPlan("")
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line := bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n")) + 1
			return nil, Errorf(EInvalid, "%s:%d: %v", name, line, err)
		case errors.As(err, &te):
			line := bytes.Count(data[:min(int(te.Offset), len(data))], []byte("\n")) + 1
			return nil, Errorf(EInvalid, "%s:%d: field %s: want %s, got %s", name, line, te.Field, te.Type, te.Value)
		}
		return nil, Errorf(EInvalid, "%s: %v", name, err)
	}
	if p.Assign == nil {
		p.Assign = map[string]string{}
	}
	p.Normalize()
	if err := p.Check(a); err != nil {
		return nil, &Error{Code: EInvalid, Message: name + ": " + err.Error(), Err: err}
	}
	return p, nil
}

// WritePlanJSON writes a plan as indented JSON.
func WritePlanJSON(w io.Writer, p *Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(p)
}
