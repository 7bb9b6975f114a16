package geo

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// RowError reports a problem at one place in an input file. Line is the
// 1-based line number in the file (the header is line 1) or, for GeoJSON,
// the 1-based feature number; zero means the problem concerns the whole file.
// ID, if set, is the feature's id or code, printed after its number.
type RowError struct {
	File    string
	Line    int
	Column  string
	Problem string
	Feature bool   // Line counts features rather than text lines
	ID      string // the feature's id, if it has one
}

// Error reads "file:line: column C: problem", or for a feature
// "file: feature N (id): column C: problem", leaving out what is unset.
func (e *RowError) Error() string {
	where := e.File
	if e.Line > 0 {
		if e.Feature {
			where = fmt.Sprintf("%s: feature %d", where, e.Line)
			if e.ID != "" {
				where = fmt.Sprintf("%s (%s)", where, OneLine(e.ID))
			}
		} else {
			where = fmt.Sprintf("%s:%d", where, e.Line)
		}
	}
	if e.Column != "" {
		where = fmt.Sprintf("%s: column %s", where, e.Column)
	}
	return where + ": " + e.Problem
}

// OpenError returns the RowError for a file that cannot be opened. It
// names the file once, dropping the path that an *os.PathError repeats.
func OpenError(file string, err error) *RowError {
	return &RowError{File: file, Problem: "cannot open: " + unwrapPathErr(err)}
}

func unwrapPathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// OneLine returns s as it is, or quoted if it holds control characters or
// invalid UTF-8, so that a message quoting it stays on one line.
func OneLine(s string) string {
	if !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) {
		return strconv.Quote(s)
	}
	return s
}
