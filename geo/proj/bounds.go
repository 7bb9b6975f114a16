package proj

import (
	"fmt"
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// Extent is the range of coordinates a CRS accepts: longitude and
// latitude for WGS84, and for British National Grid the projected bounds
// of EPSG:27700's area of use (Great Britain and its waters, about
// -104 to 689 km east and -17 to 1257 km north) with 100 km to spare.
type Extent struct {
	X, Y       string // axis names, for errors
	MinX, MaxX float64
	MinY, MaxY float64
}

// Extents holds the extent of each CRS Footprint reads.
var Extents = map[string]Extent{
	WGS84: {X: "longitude", Y: "latitude", MinX: -180, MaxX: 180, MinY: -90, MaxY: 90},
	BNG:   {X: "easting", Y: "northing", MinX: -200000, MaxX: 800000, MinY: -100000, MaxY: 1400000},
}

// CheckBound returns an error naming the first coordinate of b that lies
// outside the extent of crs, such as "longitude 500 is outside -180 to
// 180", or nil if b lies within it or crs has no known extent.
func CheckBound(crs string, b orb.Bound) error {
	e, ok := Extents[crs]
	if !ok {
		return nil
	}
	for _, c := range []struct {
		axis     string
		v        float64
		min, max float64
	}{{e.X, b.Min[0], e.MinX, e.MaxX}, {e.X, b.Max[0], e.MinX, e.MaxX}, {e.Y, b.Min[1], e.MinY, e.MaxY}, {e.Y, b.Max[1], e.MinY, e.MaxY}} {
		if !(c.v >= c.min && c.v <= c.max) {
			return fmt.Errorf("%s %s is outside %s to %s", c.axis, num(c.v), num(c.min), num(c.max))
		}
	}
	return nil
}

// CheckPoint is CheckBound for one point.
func CheckPoint(crs string, pt orb.Point) error { return CheckBound(crs, orb.Bound{Min: pt, Max: pt}) }

// num formats a coordinate in its shortest form, in full up to 10^15.
func num(v float64) string {
	if math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
