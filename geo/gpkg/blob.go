package gpkg

import (
	"encoding/binary"
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
