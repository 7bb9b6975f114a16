package gpkg

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

// gp wraps WKB in a GeoPackage header with flags and no envelope.
func gp(flags byte, wkb []byte) []byte { return append([]byte{'G', 'P', 0, flags, 0, 0, 0, 0}, wkb...) }

func TestParseBlob(t *testing.T) {
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
		{"2D", gp(1, wkbPolygon(3, 2, sq)), 4, false, ""},
		{"Z", gp(1, wkbPolygon(1003, 3, sq)), 4, true, ""},
		{"M", gp(1, wkbPolygon(2003, 3, sq)), 4, true, ""},
		{"ZM", gp(1, wkbPolygon(3003, 4, sq)), 4, true, ""},
		{"EWKB Z", gp(1, ewkbZ), 4, true, ""},
		{"multi Z", gp(1, multi), 4, true, ""},
		{"null", nil, 0, false, "empty geometry"},
		{"empty flag", gp(1|0x10, nil), 0, false, "empty geometry"},
		{"not GP", []byte("XX000000"), 0, false, "not a GeoPackage geometry"},
		{"bad envelope", gp(1|0x0E, nil), 0, false, "bad GeoPackage envelope indicator 7"},
		{"truncated", gp(1, wkbPolygon(3, 2, sq)[:30]), 0, false, "truncated WKB"},
		{"huge count", gp(1, []byte{1, 3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F}), 0, false, "truncated WKB"},
		{"point", gp(1, []byte{1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), 0, false, "geometry is Point, want Polygon or MultiPolygon"},
		{"bad order", gp(1, []byte{7, 3, 0, 0, 0}), 0, false, "bad WKB byte order 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mp, zm, err := parseBlob(tt.blob)
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

// FuzzParseBlob: any bytes give a MultiPolygon or an error, never a panic.
func FuzzParseBlob(f *testing.F) {
	sq := [][]float64{{0, 0, 5, 1}, {2, 2, 5, 1}, {2, 0, 5, 1}, {0, 2, 5, 1}, {0, 0, 5, 1}} // a bowtie
	for _, b := range [][]byte{
		gp(1, wkbPolygon(3, 2, sq)), gp(1, wkbPolygon(1003, 3, sq)), gp(1, wkbPolygon(3003, 4, sq)),
		gp(1, wkbPolygon(3, 2, sq[:4])), // unclosed
		gp(1|0x10, nil), gp(1, []byte{1, 6, 0, 0, 0, 0, 0, 0, 0}),
		gp(1, wkbPolygon(3, 2, [][]float64{{0, 0}, {500, 0}, {500, 1}, {0, 0}})),
	} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		mp, _, err := parseBlob(b)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("error without a message")
			}
			return
		}
		_ = orb.MultiPolygon(mp).Bound()
	})
}
