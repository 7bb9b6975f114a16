package gdal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// wkbTypes names the WKB geometry types by code, for errors.
var wkbTypes = map[uint32]string{1: "Point", 2: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString",
	6: "MultiPolygon", 7: "GeometryCollection", 8: "CircularString", 9: "CompoundCurve", 10: "CurvePolygon",
	11: "MultiCurve", 12: "MultiSurface", 15: "PolyhedralSurface", 16: "TIN", 17: "Triangle"}

// errTruncated is the error for WKB that ends before its counts say.
var errTruncated = errors.New("truncated WKB")

// wkbReader reads Polygon and MultiPolygon WKB in 2D, Z, M or ZM, ISO
// (type + 1000, 2000, 3000) or EWKB (high flag bits), keeping x and y.
type wkbReader struct {
	b     []byte
	i     int
	order binary.ByteOrder
	zm    bool // a Z or M value was dropped
}

// u32 reads a 32-bit unsigned integer.
func (r *wkbReader) u32() (uint32, error) {
	if len(r.b)-r.i < 4 {
		return 0, errTruncated
	}
	v := r.order.Uint32(r.b[r.i:])
	r.i += 4
	return v, nil
}

// header reads a byte order and a geometry type, returning the base type
// and the number of numbers per position.
func (r *wkbReader) header() (uint32, int, error) {
	if r.i >= len(r.b) {
		return 0, 0, errTruncated
	}
	switch r.b[r.i] {
	case 0:
		r.order = binary.BigEndian
	case 1:
		r.order = binary.LittleEndian
	default:
		return 0, 0, fmt.Errorf("bad WKB byte order %d", r.b[r.i])
	}
	r.i++
	t, err := r.u32()
	if err != nil {
		return 0, 0, err
	}
	dims := 2
	if t&0x80000000 != 0 { // EWKB Z
		dims++
	}
	if t&0x40000000 != 0 { // EWKB M
		dims++
	}
	if t&0x20000000 != 0 { // EWKB SRID
		if _, err := r.u32(); err != nil {
			return 0, 0, err
		}
	}
	t &= 0x0fffffff
	switch t / 1000 {
	case 1, 2:
		dims++
	case 3:
		dims += 2
	}
	if dims > 4 {
		return 0, 0, fmt.Errorf("bad WKB geometry type %d", t)
	}
	return t % 1000, dims, nil
}

// polygon reads the body of a Polygon with dims numbers per position.
func (r *wkbReader) polygon(dims int) (orb.Polygon, error) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	if int64(n) > int64(len(r.b)-r.i)/4 {
		return nil, errTruncated
	}
	poly := make(orb.Polygon, 0, n)
	for range n {
		np, err := r.u32()
		if err != nil {
			return nil, err
		}
		if int64(np) > int64(len(r.b)-r.i)/int64(8*dims) {
			return nil, errTruncated
		}
		ring := make(orb.Ring, np)
		for k := range ring {
			ring[k] = orb.Point{math.Float64frombits(r.order.Uint64(r.b[r.i:])), math.Float64frombits(r.order.Uint64(r.b[r.i+8:]))}
			r.i += 8 * dims
		}
		if dims > 2 && np > 0 {
			r.zm = true
		}
		poly = append(poly, ring)
	}
	return poly, nil
}

// readWKB reads a Polygon or MultiPolygon as a MultiPolygon, reporting
// whether Z or M values were dropped. Any other type is an error naming it.
func readWKB(b []byte) (orb.MultiPolygon, bool, error) {
	r := &wkbReader{b: b}
	t, dims, err := r.header()
	if err != nil {
		return nil, false, err
	}
	switch t {
	case 3:
		poly, err := r.polygon(dims)
		if err != nil || len(poly) == 0 {
			return nil, r.zm, err
		}
		return orb.MultiPolygon{poly}, r.zm, nil
	case 6:
		n, err := r.u32()
		if err != nil {
			return nil, false, err
		}
		if int64(n) > int64(len(r.b)-r.i)/9 {
			return nil, false, errTruncated
		}
		mp := make(orb.MultiPolygon, 0, n)
		for range n {
			pt, pdims, err := r.header()
			if err != nil {
				return nil, false, err
			}
			if pt != 3 {
				return nil, false, fmt.Errorf("MultiPolygon holds a %s", typeName(pt))
			}
			poly, err := r.polygon(pdims)
			if err != nil {
				return nil, false, err
			}
			mp = append(mp, poly)
		}
		return mp, r.zm, nil
	}
	return nil, false, fmt.Errorf("geometry is %s, want Polygon or MultiPolygon", typeName(t))
}

// typeName names a WKB base type.
func typeName(t uint32) string {
	if n, ok := wkbTypes[t]; ok {
		return n
	}
	return fmt.Sprintf("WKB type %d", t)
}
