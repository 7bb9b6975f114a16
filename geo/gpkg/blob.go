package gpkg

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// encodeBlob encodes a geometry in GeoPackage binary form: the "GP" header
// with the SRS and an xy envelope, then little-endian WKB.
func encodeBlob(mp orb.MultiPolygon, srs int) ([]byte, orb.Bound, error) {
	body, err := wkb.Marshal(mp, binary.LittleEndian)
	if err != nil {
		return nil, orb.Bound{}, err
	}
	b := mp.Bound()
	flags := byte(0x01) // little-endian
	env := 4 * 8
	if len(mp) == 0 {
		flags |= 0x10 // empty
		env = 0
	} else {
		flags |= 0x02 // envelope [minx, maxx, miny, maxy]
	}
	out := make([]byte, 8+env, 8+env+len(body))
	out[0], out[1], out[2], out[3] = 'G', 'P', 0, flags
	binary.LittleEndian.PutUint32(out[4:], uint32(int32(srs)))
	if env > 0 {
		for i, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
			binary.LittleEndian.PutUint64(out[8+8*i:], math.Float64bits(v))
		}
	}
	return append(out, body...), b, nil
}

// errEmpty is the error for a geometry flagged empty, or absent.
var errEmpty = errors.New("empty geometry")

// parseBlob decodes a GeoPackage binary geometry of a Polygon or
// MultiPolygon, reporting whether Z or M values were dropped.
func parseBlob(b []byte) (orb.MultiPolygon, bool, error) {
	if len(b) == 0 {
		return nil, false, errEmpty
	}
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' {
		return nil, false, errors.New("not a GeoPackage geometry")
	}
	flags := b[3]
	if flags&0x10 != 0 {
		return nil, false, errEmpty
	}
	ind := (flags >> 1) & 7
	if ind > 4 {
		return nil, false, fmt.Errorf("bad GeoPackage envelope indicator %d", ind)
	}
	env := [...]int{0, 32, 48, 48, 64}[ind]
	if len(b) < 8+env {
		return nil, false, errors.New("truncated GeoPackage geometry")
	}
	mp, zm, err := readWKB(b[8+env:])
	if err != nil {
		return nil, false, err
	}
	return mp, zm, nil
}
