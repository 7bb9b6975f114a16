package proj

import (
	"fmt"

	"github.com/paulmach/orb"
	goproj "github.com/twpayne/go-proj/v11"
)

// WGS84 and BNG are the two coordinate reference systems Footprint uses:
// GeoJSON longitude/latitude, and British National Grid metres.
const (
	WGS84 = "EPSG:4326"
	BNG   = "EPSG:27700"
)

// Projector transforms coordinates between two CRSs with PROJ, always in
// x/y (longitude/latitude) order. A Projector holds its own PROJ context and
// must not be used by two goroutines at once: make one per goroutine.
type Projector struct {
	ctx *goproj.Context
	pj  *goproj.PJ
	op  string
}

// NewProjector makes a Projector from src to dst, e.g. WGS84 to BNG. PROJ
// chooses the operation; for WGS84 to BNG without the OSTN15 grid that is
// the Helmert "OSGB36 to WGS 84 (6)", accurate to about 2 m.
func NewProjector(src, dst string) (*Projector, error) {
	ctx := goproj.NewContext()
	pj, err := ctx.NewCRSToCRS(src, dst, nil)
	if err != nil {
		return nil, fmt.Errorf("projection %s to %s: %w", src, dst, err)
	}
	norm, err := pj.NormalizeForVisualization()
	if err != nil {
		return nil, fmt.Errorf("projection %s to %s: %w", src, dst, err)
	}
	p := &Projector{ctx: ctx, pj: norm, op: src + " to " + dst}
	return p, nil
}

// Operation describes the transformation PROJ last used.
func (p *Projector) Operation() string {
	if op, err := p.pj.GetLastUsedOperation(); err == nil && op != nil {
		return op.Info().Description
	}
	return p.op
}

// Flat transforms x,y pairs in place.
func (p *Projector) Flat(xy []float64) error {
	if len(xy) == 0 {
		return nil
	}
	if err := p.pj.ForwardFlatCoords(xy, 2, -1, -1); err != nil {
		return fmt.Errorf("%s: %w", p.op, err)
	}
	return nil
}

// Point transforms one point.
func (p *Projector) Point(pt orb.Point) (orb.Point, error) {
	xy := []float64{pt[0], pt[1]}
	if err := p.Flat(xy); err != nil {
		return orb.Point{}, err
	}
	return orb.Point{xy[0], xy[1]}, nil
}

// MultiPolygon returns a transformed copy of mp.
func (p *Projector) MultiPolygon(mp orb.MultiPolygon) (orb.MultiPolygon, error) {
	n := 0
	for _, poly := range mp {
		for _, r := range poly {
			n += len(r)
		}
	}
	xy := make([]float64, 0, 2*n)
	for _, poly := range mp {
		for _, r := range poly {
			for _, pt := range r {
				xy = append(xy, pt[0], pt[1])
			}
		}
	}
	if err := p.Flat(xy); err != nil {
		return nil, err
	}
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{xy[2*i], xy[2*i+1]}
	}
	out := make(orb.MultiPolygon, len(mp))
	k := 0
	for i, poly := range mp {
		out[i] = make(orb.Polygon, len(poly))
		for j, r := range poly {
			out[i][j] = orb.Ring(pts[k : k+len(r) : k+len(r)])
			k += len(r)
		}
	}
	return out, nil
}
