package table

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/nhs-footprint/footprint/geo"
)

// Table reads a CSV file with a header row, one record at a time, and
// addresses fields by column name. It accepts a UTF-8 byte-order mark (as
// ONS downloads carry), and gzip-compressed input.
type Table struct {
	name   string
	closer io.Closer
	r      *csv.Reader
	index  map[string]int
	header []string
	rec    []string
	line   int
	err    error
}

// OpenTable opens a CSV file; a name ending in .gz is decompressed.
func OpenTable(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, geo.OpenError(path, err)
	}
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
		if err != nil {
			f.Close()
			return nil, &geo.RowError{File: path, Problem: "not a gzip file: " + err.Error()}
		}
		r = zr
	}
	t, err := NewTable(path, r)
	if err != nil {
		f.Close()
		return nil, err
	}
	t.closer = f
	return t, nil
}

// NewTable reads the header of CSV data from r. name is used in errors.
func NewTable(name string, r io.Reader) (*Table, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &geo.RowError{File: name, Problem: "empty file: no header row"}
	}
	if err != nil {
		return nil, &geo.RowError{File: name, Line: 1, Problem: "bad CSV header: " + csvProblem(err)}
	}
	t := &Table{name: name, r: cr, index: make(map[string]int, len(header)), line: 1}
	for i, h := range header {
		h = strings.TrimSpace(h)
		t.header = append(t.header, h)
		if _, dup := t.index[h]; dup {
			return nil, &geo.RowError{File: name, Line: 1, Column: h, Problem: "duplicate column in header"}
		}
		t.index[h] = i
	}
	return t, nil
}

func csvProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Name is the file name used in errors.
func (t *Table) Name() string { return t.name }

// Header returns the column names.
func (t *Table) Header() []string { return t.header }

// Require returns an error naming the first column that is missing.
func (t *Table) Require(cols ...string) error {
	for _, c := range cols {
		if c == "" {
			continue
		}
		if _, ok := t.index[c]; !ok {
			return &geo.RowError{File: t.name, Line: 1, Column: c, Problem: "missing column (header has " + HeaderList(t.header) + ")"}
		}
	}
	return nil
}

// HeaderList lists column names for a message, separated by commas, each
// as it is unless it holds control characters or invalid UTF-8, which
// are quoted so that the message stays on one line.
func HeaderList(header []string) string {
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = geo.OneLine(h)
	}
	return strings.Join(names, ", ")
}

// Next advances to the next record. It returns false at the end of the file
// or on an error, which Err then reports.
func (t *Table) Next() bool {
	if t.err != nil {
		return false
	}
	rec, err := t.r.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		t.line++
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.line = pe.StartLine
		}
		t.err = &geo.RowError{File: t.name, Line: t.line, Problem: "bad CSV: " + csvProblem(err)}
		return false
	}
	t.line, _ = t.r.FieldPos(0)
	if len(rec) != len(t.header) {
		t.err = &geo.RowError{File: t.name, Line: t.line, Problem: fmt.Sprintf("has %d fields, header has %d", len(rec), len(t.header))}
		return false
	}
	t.rec = rec
	return true
}

// Err returns the first read error, if any.
func (t *Table) Err() error { return t.err }

// Line is the line number of the current record.
func (t *Table) Line() int { return t.line }

// Get returns the trimmed value of a column in the current record, or ""
// if the table has no such column.
func (t *Table) Get(col string) string {
	i, ok := t.index[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// Errorf returns a *geo.RowError for the current record.
func (t *Table) Errorf(col, format string, args ...any) error {
	return &geo.RowError{File: t.name, Line: t.line, Column: col, Problem: fmt.Sprintf(format, args...)}
}

// Float parses a column of the current record as a finite number.
func (t *Table) Float(col string) (float64, error) {
	s := t.Get(col)
	if s == "" {
		return 0, t.Errorf(col, "empty value, want a number")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v || v > 1e300 || v < -1e300 {
		return 0, t.Errorf(col, "%q is not a number", s)
	}
	return v, nil
}

// MaxCount is the largest count Count and Int accept: the largest int32,
// which holds any count of people a file describes (England has some 57
// million) and which counts may be stored in.
const MaxCount = math.MaxInt32

// Count parses a column as a non-negative number no more than MaxCount.
func (t *Table) Count(col string) (float64, error) {
	v, err := t.Float(col)
	if err != nil {
		return 0, err
	}
	if v < 0 {
		return 0, t.Errorf(col, "negative count %s", t.Get(col))
	}
	if v > MaxCount {
		return 0, t.Errorf(col, "count %s is more than %d", t.Get(col), MaxCount)
	}
	return v, nil
}

// Int parses a column as a whole number from 0 to MaxCount, so that it
// fits an int32.
func (t *Table) Int(col string) (int, error) {
	v, err := t.Count(col)
	if err != nil {
		return 0, err
	}
	if v != math.Trunc(v) {
		return 0, t.Errorf(col, "%q is not a whole number", t.Get(col))
	}
	return int(v), nil
}

// Close closes the underlying file.
func (t *Table) Close() error {
	if t.closer != nil {
		return t.closer.Close()
	}
	return nil
}
