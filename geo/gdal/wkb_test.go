package gdal

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/paulmach/orb"
)

// wkbPolygon encodes a one-ring polygon as little-endian ISO WKB of the
// given type (3, 1003, 2003 or 3003) with dims numbers per position.
func wkbPolygon(typ uint32, dims int, ring [][]float64) []byte {
	b := []byte{1}
	b = binary.LittleEndian.AppendUint32(b, typ)
	b = binary.LittleEndian.AppendUint32(b, 1)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(ring)))
	for _, p := range ring {
		for k := range dims {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p[k]))
		}
	}
	return b
}

func TestReadWKB(t *testing.T) {
	sq := [][]float64{{0, 0, 5, 1}, {2, 0, 5, 1}, {2, 2, 5, 1}, {0, 2, 5, 1}, {0, 0, 5, 1}}
	multi := []byte{1, 6, 0, 0, 0, 1, 0, 0, 0}
	multi = append(multi, wkbPolygon(1003, 3, sq)...)
	ewkbZ := wkbPolygon(3|0x80000000, 3, sq)
	tests := []struct {
		name string
		blob []byte
		area float64
		zm   bool
		err  string
	}{
		{"2D", wkbPolygon(3, 2, sq), 4, false, ""},
		{"Z", wkbPolygon(1003, 3, sq), 4, true, ""},
		{"M", wkbPolygon(2003, 3, sq), 4, true, ""},
		{"ZM", wkbPolygon(3003, 4, sq), 4, true, ""},
		{"EWKB Z", ewkbZ, 4, true, ""},
		{"multi Z", multi, 4, true, ""},
		{"truncated", wkbPolygon(3, 2, sq)[:30], 0, false, "truncated WKB"},
		{"huge count", []byte{1, 3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F}, 0, false, "truncated WKB"},
		{"point", []byte{1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, false, "geometry is Point, want Polygon or MultiPolygon"},
		{"bad order", []byte{7, 3, 0, 0, 0}, 0, false, "bad WKB byte order 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mp, zm, err := readWKB(tt.blob)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("got %v, %v; want error %q", mp, err, tt.err)
				}
				return
			}
			if err != nil || zm != tt.zm || planar.Area(mp) != tt.area {
				t.Fatalf("got %v zm %v err %v; want area %v zm %v", mp, zm, err, tt.area, tt.zm)
			}
		})
	}
}

// FuzzReadWKB: any bytes give a MultiPolygon or an error, never a panic.
func FuzzReadWKB(f *testing.F) {
	sq := [][]float64{{0, 0, 5, 1}, {2, 2, 5, 1}, {2, 0, 5, 1}, {0, 2, 5, 1}, {0, 0, 5, 1}} // a bowtie
	for _, b := range [][]byte{
		wkbPolygon(3, 2, sq), wkbPolygon(1003, 3, sq), wkbPolygon(3003, 4, sq),
		wkbPolygon(3, 2, sq[:4]), // unclosed
		{1, 6, 0, 0, 0, 0, 0, 0, 0},
		wkbPolygon(3, 2, [][]float64{{0, 0}, {500, 0}, {500, 1}, {0, 0}}),
	} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		mp, _, err := readWKB(b)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("error without a message")
			}
			return
		}
		_ = orb.MultiPolygon(mp).Bound()
	})
}
