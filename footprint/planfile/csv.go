package planfile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/geo"
)

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
	t, err := geo.NewTable(name, r)
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
