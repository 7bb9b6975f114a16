// Package footprint is the vocabulary of Footprint: the atlas of small
// areas, GP practices and registrations, with its file and its derived
// indexes as a small read-only API; plans that assign LSOAs to
// neighbourhood footprints, and the edits and versions that change them;
// the score, flag, coverage and profile documents; and the one error type.
//
// Operations live in subpackages named for what they do: ingest builds an
// atlas, score scores a plan, flags words its problems, design proposes
// footprints, coverage and profile report, planfile and export read and
// write files. This package imports none of them, and none of them
// imports HTTP or SQL.
package footprint

import (
	"errors"
	"fmt"
)

// ErrorCode classifies a domain error. The server maps codes to HTTP
// statuses in one place; the CLI prints the message.
type ErrorCode string

// Error codes.
const (
	EInvalid      ErrorCode = "invalid"      // bad input: a file, a code, a body
	ENotFound     ErrorCode = "not_found"    // no such plan, area, practice
	EConflict     ErrorCode = "conflict"     // stale version
	EUnauthorized ErrorCode = "unauthorized" // missing or wrong edit token
	ETooLarge     ErrorCode = "too_large"    // upload over the limit
	ERateLimited  ErrorCode = "rate_limited" // too many requests or jobs at once: try again later
	EInternal     ErrorCode = "internal"     // a bug or an environment failure
)

// Error is the one error type of the domain.
type Error struct {
	Code    ErrorCode
	Message string // for humans; names what and where
	Err     error  // underlying cause, if any
}

func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a formatted message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid wraps err (typically a *geo.RowError) as an EInvalid error whose
// message is err's.
func Invalid(err error) *Error {
	return &Error{Code: EInvalid, Message: err.Error(), Err: err}
}

// Code returns the code of the first *Error in err's chain, EInternal for
// any other non-nil error, and "" for nil.
func Code(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}
