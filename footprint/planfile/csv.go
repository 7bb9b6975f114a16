// Package planfile reads and writes plans as files: block assignment CSV
// as DRA and Districtr write it, plan JSON with names and settings, and
// footprint polygons (GeoJSON or GeoPackage) matched to LSOAs.
package planfile

import (
	"encoding/csv"
	"io"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/geo/table"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo"
)

// CSV header of the block assignment file, as DRA and Districtr write it.
const (
	csvUnit      = "lsoa21cd"
	csvFootprint = "footprint"
)

// ReadCSV reads a block assignment file: a header with columns
// lsoa21cd and footprint, then one row per LSOA. An empty footprint leaves
// the LSOA unassigned. Unknown codes, duplicate rows, a missing column or
// an empty file are errors naming the line.
func ReadCSV(a *footprint.Atlas, name string, r io.Reader) (*footprint.Plan, error) {
	t, err := table.NewTable(name, r)
	if err != nil {
		return nil, footprint.Invalid(err)
	}
	ucol, fcol := findCol(t.Header(), csvUnit, "geoid20", "geoid", "lsoa", "code"), findCol(t.Header(), csvFootprint, "district", "id")
	if ucol == "" {
		return nil, footprint.Invalid(&geo.RowError{File: name, Line: 1, Column: csvUnit, Problem: "missing column (header has " + table.HeaderList(t.Header()) + ")"})
	}
	if fcol == "" {
		return nil, footprint.Invalid(&geo.RowError{File: name, Line: 1, Column: csvFootprint, Problem: "missing column (header has " + table.HeaderList(t.Header()) + ")"})
	}
	p := footprint.NewPlan(strings.TrimSuffix(baseName(name), ".csv"))
	lines := map[string]int{}
	rows := 0
	for t.Next() {
		rows++
		code, id := t.Get(ucol), t.Get(fcol)
		if _, ok := a.UnitIndex(code); !ok {
			return nil, footprint.Invalid(t.Errorf(ucol, "unknown LSOA code %q", code))
		}
		if prev, dup := lines[code]; dup {
			return nil, footprint.Invalid(t.Errorf(ucol, "duplicate row for %s (also line %d)", code, prev))
		}
		lines[code] = t.Line()
		if id != "" {
			if err := footprint.ValidateID(id); err != nil {
				return nil, footprint.Invalid(t.Errorf(fcol, "%v", err))
			}
			p.Assign[code] = id
		}
	}
	if err := t.Err(); err != nil {
		return nil, footprint.Invalid(err)
	}
	if rows == 0 {
		return nil, footprint.Invalid(&geo.RowError{File: name, Problem: "empty file: a header but no rows"})
	}
	p.Normalize()
	nameFootprints(a, p)
	if err := p.Check(a); err != nil {
		return nil, &footprint.Error{Code: footprint.EInvalid, Message: name + ": " + err.Error(), Err: err}
	}
	return p, nil
}

// nameFootprints names footprints whose id is the code of a PCN, place or
// borough after it, where the plan gives no other name.
func nameFootprints(a *footprint.Atlas, p *footprint.Plan) {
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

// WriteCSV writes the block assignment file, sorted by LSOA code.
// Unassigned LSOAs are left out.
func WriteCSV(w io.Writer, p *footprint.Plan) error {
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
