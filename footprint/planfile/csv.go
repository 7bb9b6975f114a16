// Package planfile reads and writes plans as files: block assignment CSV
// as DRA and Districtr write it, plan JSON with names and settings, and
// footprint polygons (GeoJSON, GeoPackage, zipped Shapefile or
// FlatGeobuf) matched to LSOAs.
package planfile

import (
	"bytes"
	"encoding/csv"
	"errors"
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

// Column names of the block assignment file: the LSOA code column, then
// the footprint column, each the first of its list the header has (in
// any case). DRA writes GEOID20,District; Districtr writes id or GEOID
// with assignment.
var (
	unitCols      = []string{csvUnit, "geoid20", "geoid", "lsoa21", "lsoa", "code", "id"}
	footprintCols = []string{csvFootprint, "district", "assignment", "id"}
)

// MaxCSV is the largest block assignment file ReadCSV reads.
const MaxCSV = 256 << 20

// ReadCSV reads a block assignment file: a header with an LSOA code
// column and a footprint column (see unitCols and footprintCols), then
// one row per LSOA; or, with no header, two columns whose first row
// starts with an LSOA code. An empty footprint leaves the LSOA
// unassigned. Unknown codes, duplicate rows, a missing column or an
// empty file are errors naming the line.
func ReadCSV(a *footprint.Atlas, name string, r io.Reader) (*footprint.Plan, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCSV+1))
	if err != nil {
		return nil, footprint.Errorf(footprint.EInvalid, "%s: %v", name, err)
	}
	if len(data) > MaxCSV {
		return nil, footprint.Errorf(footprint.ETooLarge, "%s: larger than %d MB", name, MaxCSV>>20)
	}
	shift := 0
	if headerless(a, data) {
		data = append([]byte(csvUnit+","+csvFootprint+"\n"), bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))...)
		shift = -1 // the header line is not in the file
	}
	p, err := readRows(a, name, data, shift)
	if err != nil {
		var re *geo.RowError
		if shift != 0 && errors.As(err, &re) && re.Line > 1 {
			re.Line += shift
		}
		return nil, footprint.Invalid(err)
	}
	p.Normalize()
	nameFootprints(a, p)
	if err := p.Check(a); err != nil {
		return nil, &footprint.Error{Code: footprint.EInvalid, Message: name + ": " + err.Error(), Err: err}
	}
	return p, nil
}

// headerless reports whether a CSV has no header: its first row has two
// fields and the first is an LSOA code the atlas knows.
func headerless(a *footprint.Atlas, data []byte) bool {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil || len(rec) != 2 {
		return false
	}
	_, ok := a.UnitIndex(strings.TrimSpace(rec[0]))
	return ok
}

// readRows reads the assignment from CSV data with a header, the line
// numbers it gives in messages shifted by shift.
func readRows(a *footprint.Atlas, name string, data []byte, shift int) (*footprint.Plan, error) {
	t, err := table.NewTable(name, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	ucol := findCol(t.Header(), unitCols...)
	fcol := findCol(t.Header(), slices.DeleteFunc(slices.Clone(footprintCols), func(c string) bool { return strings.EqualFold(c, ucol) })...)
	if ucol == "" {
		return nil, &geo.RowError{File: name, Line: 1, Column: csvUnit, Problem: "missing column (header has " + table.HeaderList(t.Header()) + ")"}
	}
	if fcol == "" {
		return nil, &geo.RowError{File: name, Line: 1, Column: csvFootprint, Problem: "missing column (header has " + table.HeaderList(t.Header()) + ")"}
	}
	p := footprint.NewPlan(strings.TrimSuffix(baseName(name), ".csv"))
	lines := map[string]int{}
	rows := 0
	for t.Next() {
		rows++
		code, id := t.Get(ucol), t.Get(fcol)
		if _, ok := a.UnitIndex(code); !ok {
			return nil, t.Errorf(ucol, "unknown LSOA code %q", code)
		}
		if prev, dup := lines[code]; dup {
			return nil, t.Errorf(ucol, "duplicate row for %s (also line %d)", code, prev)
		}
		lines[code] = t.Line() + shift
		if id != "" {
			if err := footprint.ValidateID(id); err != nil {
				return nil, t.Errorf(fcol, "%v", err)
			}
			p.Assign[code] = id
		}
	}
	if err := t.Err(); err != nil {
		return nil, err
	}
	if rows == 0 {
		return nil, &geo.RowError{File: name, Problem: "empty file: a header but no rows"}
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
