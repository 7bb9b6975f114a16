package geojson

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"

	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/paulmach/orb"
)

// Prop is one property of a feature to write; properties keep their order.
type Prop struct {
	Key   string
	Value any
}

// OutFeature is a polygon feature to write.
type OutFeature struct {
	Geom  orb.MultiPolygon
	Props []Prop
}

// Write writes a FeatureCollection of MultiPolygon features with
// coordinates at the given decimals, as RFC 7946 asks: WGS84 longitude,
// latitude, exterior rings counter-clockwise.
func Write(w io.Writer, features []OutFeature, decimals int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	var geom []byte
	for i, f := range features {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(`{"type":"Feature","properties":{`)
		for k, p := range f.Props {
			if k > 0 {
				bw.WriteByte(',')
			}
			key, _ := json.Marshal(p.Key)
			val, err := json.Marshal(p.Value)
			if err != nil {
				return err
			}
			bw.Write(key)
			bw.WriteByte(':')
			bw.Write(val)
		}
		bw.WriteString(`},"geometry":`)
		geom = AppendMultiPolygon(geom[:0], planar.Tidy(f.Geom, decimals), -1)
		bw.Write(geom)
		bw.WriteByte('}')
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// AppendMultiPolygon appends mp to dst as a GeoJSON MultiPolygon object,
// with prec digits after the point, or the fewest digits that read back
// exactly if prec is -1. It writes the rings as they are: see planar.Tidy.
func AppendMultiPolygon(dst []byte, mp orb.MultiPolygon, prec int) []byte {
	dst = append(dst, `{"type":"MultiPolygon","coordinates":[`...)
	for pi, p := range mp {
		if pi > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '[')
		for ri, r := range p {
			if ri > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '[')
			for k, pt := range r {
				if k > 0 {
					dst = append(dst, ',')
				}
				dst = append(dst, '[')
				dst = strconv.AppendFloat(dst, pt[0], 'f', prec, 64)
				dst = append(dst, ',')
				dst = strconv.AppendFloat(dst, pt[1], 'f', prec, 64)
				dst = append(dst, ']')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, ']')
	}
	return append(dst, "]}"...)
}
