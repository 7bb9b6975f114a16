package footprint

import (
	"bufio"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"slices"
)

// AtlasMagic starts every atlas file; atlasVersion changes whenever the
// encoding does, so an old atlas is rejected with a clear message rather
// than misread.
const (
	AtlasMagic   = "FOOTPRINT-ATLAS\n"
	atlasVersion = 3
)

// WriteAtlas writes the atlas to path atomically (see WriteFile).
func WriteAtlas(a *Atlas, path string) error {
	if err := WriteFile(path, func(w io.Writer) error { return EncodeAtlas(w, a) }); err != nil {
		return fmt.Errorf("write atlas: %w", err)
	}
	return nil
}

// EncodeAtlas writes the atlas file's bytes to w.
func EncodeAtlas(w io.Writer, a *Atlas) error {
	if _, err := fmt.Fprintf(w, "%s%d\n", AtlasMagic, atlasVersion); err != nil {
		return err
	}
	return gob.NewEncoder(w).Encode(a)
}

// ReadAtlas reads an atlas written by WriteAtlas.
func ReadAtlas(path string) (*Atlas, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Errorf(EInvalid, "read atlas %s: %v (build one with `footprint import`)", path, err)
	}
	defer f.Close()
	return DecodeAtlas(path, f)
}

// DecodeAtlas reads an atlas from r; name is used in errors.
func DecodeAtlas(name string, r io.Reader) (*Atlas, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	head := make([]byte, len(AtlasMagic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != AtlasMagic {
		return nil, Errorf(EInvalid, "read atlas %s: not a Footprint atlas", name)
	}
	var version int
	if _, err := fmt.Fscanf(br, "%d\n", &version); err != nil {
		return nil, Errorf(EInvalid, "read atlas %s: bad header", name)
	}
	if version != atlasVersion {
		return nil, Errorf(EInvalid, "read atlas %s: format version %d, this Footprint reads version %d: re-run `footprint import`", name, version, atlasVersion)
	}
	a := new(Atlas)
	if err := gob.NewDecoder(br).Decode(a); err != nil {
		return nil, Errorf(EInvalid, "read atlas %s: %v", name, err)
	}
	if len(a.Reg.Start) == 0 { // gob writes an empty slice as nothing
		a.Reg.Start = []int32{0}
	}
	if err := a.check(); err != nil {
		return nil, Errorf(EInvalid, "read atlas %s: %v", name, err)
	}
	a.BuildIndex()
	return a, nil
}

// check guards against a corrupt or truncated atlas: every index must be
// in range before anything dereferences it.
func (a *Atlas) check() error {
	n := int32(len(a.Units))
	if n == 0 {
		return fmt.Errorf("no units")
	}
	in := func(i int32, m int) bool { return i >= -1 && i < int32(m) }
	for i := range a.Units {
		u := &a.Units[i]
		if !in(u.MSOA, len(a.MSOAs)) || !in(u.Ward, len(a.Wards)) || !in(u.Borough, len(a.Boroughs)) ||
			!in(u.SubICB, len(a.SubICBs)) || !in(u.ICB, len(a.ICBs)) || !in(u.Place, len(a.Places)) {
			return fmt.Errorf("unit %s has an index out of range", u.Code)
		}
	}
	for _, e := range append(slices.Clone(a.Edges), a.Touches...) {
		if e.A < 0 || e.B < 0 || e.A >= n || e.B >= n || e.A == e.B {
			return fmt.Errorf("bad edge %d-%d", e.A, e.B)
		}
	}
	if len(a.Reg.Start) != len(a.Practices)+1 || len(a.Reg.Unit) != len(a.Reg.Count) {
		return fmt.Errorf("registrations do not match practices")
	}
	for q := 0; q < len(a.Practices); q++ {
		if a.Reg.Start[q] > a.Reg.Start[q+1] || int(a.Reg.Start[q+1]) > len(a.Reg.Unit) {
			return fmt.Errorf("registrations of practice %d out of range", q)
		}
	}
	for _, u := range a.Reg.Unit {
		if u < 0 || u >= n {
			return fmt.Errorf("registration unit %d out of range", u)
		}
	}
	for _, p := range a.PCNs {
		for _, q := range p.Practices {
			if q < 0 || int(q) >= len(a.Practices) {
				return fmt.Errorf("PCN %s practice index out of range", p.Code)
			}
		}
	}
	for _, list := range [][]Area{a.MSOAs, a.Wards, a.Boroughs, a.SubICBs, a.ICBs} {
		for _, ar := range list {
			for _, u := range ar.Units {
				if u < 0 || u >= n {
					return fmt.Errorf("area %s unit out of range", ar.Code)
				}
			}
		}
	}
	for _, p := range a.Places {
		for _, u := range p.Units {
			if u < 0 || u >= n {
				return fmt.Errorf("place %s unit out of range", p.Code)
			}
		}
	}
	for i := range a.Practices {
		p := &a.Practices[i]
		if !in(p.PCN, len(a.PCNs)) || !in(p.Unit, int(n)) {
			return fmt.Errorf("practice %s has an index out of range", p.Code)
		}
	}
	return nil
}
