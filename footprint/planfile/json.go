package planfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/nhs-footprint/footprint/footprint"
)

// ReadJSON reads a plan in JSON, with names and settings. Settings
// left out keep their defaults. The file must hold one JSON value: more
// data after it is an error.
func ReadJSON(a *footprint.Atlas, name string, r io.Reader) (*footprint.Plan, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, footprint.Errorf(footprint.EInvalid, "%s: %v", name, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, footprint.Errorf(footprint.EInvalid, "%s: empty file", name)
	}
	p := footprint.NewPlan("")
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line := bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n")) + 1
			return nil, footprint.Errorf(footprint.EInvalid, "%s:%d: %v", name, line, err)
		case errors.As(err, &te):
			line := bytes.Count(data[:min(int(te.Offset), len(data))], []byte("\n")) + 1
			return nil, footprint.Errorf(footprint.EInvalid, "%s:%d: field %s: want %s, got %s", name, line, te.Field, te.Type, te.Value)
		}
		return nil, footprint.Errorf(footprint.EInvalid, "%s: %v", name, err)
	}
	if rest := bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		line := bytes.Count(data[:len(data)-len(rest)], []byte("\n")) + 1
		return nil, footprint.Errorf(footprint.EInvalid, "%s:%d: a JSON value followed by more data", name, line)
	}
	if p.Assign == nil {
		p.Assign = map[string]string{}
	}
	p.Normalize()
	if err := p.Check(a); err != nil {
		return nil, &footprint.Error{Code: footprint.EInvalid, Message: name + ": " + err.Error(), Err: err}
	}
	return p, nil
}

// WriteJSON writes a plan as indented JSON.
func WriteJSON(w io.Writer, p *footprint.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(p)
}
