package geo

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"strconv"

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

// Tidy prepares polygons for RFC 7946 output: coordinates rounded to
// decimals places, repeated points dropped, rings of fewer than four
// points dropped, exterior rings counter-clockwise and holes clockwise.
// Rounding the same input vertex always gives the same output, so
// polygons that shared an edge still share it.
func Tidy(mp orb.MultiPolygon, decimals int) orb.MultiPolygon {
	scale := math.Pow(10, float64(decimals))
	round := func(x float64) float64 { return math.Round(x*scale) / scale }
	out := make(orb.MultiPolygon, 0, len(mp))
	for _, p := range mp {
		var np orb.Polygon
		for ri, r := range p {
			nr := make(orb.Ring, 0, len(r))
			for _, pt := range r {
				q := orb.Point{round(pt[0]), round(pt[1])}
				if len(nr) == 0 || nr[len(nr)-1] != q {
					nr = append(nr, q)
				}
			}
			if len(nr) > 1 && nr[0] != nr[len(nr)-1] {
				nr = append(nr, nr[0])
			}
			if len(nr) < 4 || ringArea(nr) == 0 {
				if ri == 0 {
					break // no exterior, no polygon
				}
				continue
			}
			ccw := ringArea(nr) > 0
			if (ri == 0) != ccw {
				nr.Reverse()
			}
			np = append(np, nr)
		}
		if len(np) > 0 {
			out = append(out, np)
		}
	}
	return out
}

// WriteGeoJSON writes a FeatureCollection of MultiPolygon features with
// coordinates at the given decimals, as RFC 7946 asks: WGS84 longitude,
// latitude, exterior rings counter-clockwise.
func WriteGeoJSON(w io.Writer, features []OutFeature, decimals int) error {
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
		geom = AppendMultiPolygon(geom[:0], Tidy(f.Geom, decimals), -1)
		bw.Write(geom)
		bw.WriteByte('}')
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// AppendMultiPolygon appends mp to dst as a GeoJSON MultiPolygon object,
// with prec digits after the point, or the fewest digits that read back
// exactly if prec is -1. It writes the rings as they are: see Tidy.
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
