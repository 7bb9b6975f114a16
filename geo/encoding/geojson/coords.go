package geojson

import (
	"fmt"
	"strconv"

	"github.com/paulmach/orb"
)

// coords parses the "coordinates" member of a Polygon or MultiPolygon.
// The bytes have already passed encoding/json, so they are well-formed
// JSON; coords checks their shape. Numbers are parsed as encoding/json
// parses them, with strconv.ParseFloat. A position with more than two
// numbers has them dropped, and extra is set.
type coords struct {
	b     []byte
	i     int
	extra bool // a position had a Z (or M) value, dropped
}

// skip moves past whitespace.
func (p *coords) skip() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
}

// array parses a JSON array, calling elem for each element.
func (p *coords) array(what string, elem func() error) error {
	p.skip()
	if p.i >= len(p.b) || p.b[p.i] != '[' {
		return fmt.Errorf("coordinates: want an array of %s", what)
	}
	p.i++
	p.skip()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		p.skip()
		if p.i >= len(p.b) {
			return fmt.Errorf("coordinates: unexpected end")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return nil
		default:
			return fmt.Errorf("coordinates: want an array of %s", what)
		}
	}
}

// number parses one coordinate value.
func (p *coords) number() (float64, error) {
	p.skip()
	start := p.i
	for p.i < len(p.b) && (p.b[p.i] == '-' || p.b[p.i] == '+' || p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E' || p.b[p.i] >= '0' && p.b[p.i] <= '9') {
		p.i++
	}
	if start == p.i {
		return 0, fmt.Errorf("coordinate is not a number")
	}
	v, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
	if err != nil {
		return 0, fmt.Errorf("coordinate %s is not a finite number", p.b[start:p.i])
	}
	return v, nil
}

// position parses [x, y, ...].
func (p *coords) position() (orb.Point, error) {
	var pt orb.Point
	n := 0
	err := p.array("numbers", func() error {
		v, err := p.number()
		if n < 2 {
			pt[n] = v
		}
		n++
		return err
	})
	if err != nil {
		return pt, err
	}
	if n < 2 {
		return pt, fmt.Errorf("position has %d numbers, want x and y", n)
	}
	if n > 2 {
		p.extra = true
	}
	return pt, nil
}

// polygon parses an array of rings.
func (p *coords) polygon() (orb.Polygon, error) {
	var poly orb.Polygon
	err := p.array("rings", func() error {
		var r orb.Ring
		err := p.array("positions", func() error {
			pt, err := p.position()
			r = append(r, pt)
			return err
		})
		poly = append(poly, r)
		return err
	})
	return poly, err
}

// parseCoordinates parses the coordinates of a Polygon or MultiPolygon as
// a MultiPolygon, reporting whether Z or M values were dropped.
func parseCoordinates(typ string, b []byte) (orb.MultiPolygon, bool, error) {
	p := &coords{b: b}
	var mp orb.MultiPolygon
	var err error
	if typ == "Polygon" {
		var poly orb.Polygon
		if poly, err = p.polygon(); len(poly) > 0 {
			mp = orb.MultiPolygon{poly}
		}
	} else {
		err = p.array("polygons", func() error {
			poly, err := p.polygon()
			mp = append(mp, poly)
			return err
		})
	}
	if err != nil {
		return nil, false, err
	}
	return mp, p.extra, nil
}
