package ingest

import (
	"fmt"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/paulmach/orb"
	orbplanar "github.com/paulmach/orb/planar"
)

// units reads the LSOA boundaries, the units of the atlas, repairing
// invalid geometry, and measures each unit on British National Grid.
func (im *importer) units() error {
	l := im.m.Layers.LSOA
	c, srcBNG, err := im.features(l)
	if err != nil {
		return err
	}
	a := im.a
	a.Units = make([]footprint.Unit, 0, len(c.Features))
	seen := map[string]int{}
	var rep repairs
	for _, f := range c.Features {
		code := f.Prop(l.Key)
		if prev, dup := seen[code]; dup {
			return footprint.Invalid(&geo.RowError{File: im.path(l), Line: f.Number, Feature: true, Column: l.Key, Problem: fmt.Sprintf("duplicate code %s (also feature %d)", code, prev)})
		}
		seen[code] = f.Number
		g, err := im.repair(&rep, code, f.Geometry)
		if err != nil {
			return footprint.Errorf(footprint.EInvalid, "%s: feature %d: %v", im.path(l), f.Number, err)
		}
		name := code
		if col := l.Col("name"); col != "" {
			name = f.Prop(col)
		}
		a.Units = append(a.Units, footprint.Unit{Code: code, Name: name, Geom: g, Bound: g.Bound(), Repaired: rep.last,
			MSOA: -1, Ward: -1, Borough: -1, SubICB: -1, ICB: -1, Place: -1})
	}
	if len(a.Units) == 0 {
		return footprint.Errorf(footprint.EInvalid, "%s: no features", im.path(l))
	}
	im.warn("lsoa", "invalid_geometry", len(rep.codes), rep.codes, "%d LSOA geometries were invalid and were repaired with make-valid", len(rep.codes))
	if err := im.measure(l, srcBNG); err != nil {
		return err
	}
	im.detail = fmt.Sprintf("%d LSOAs", len(a.Units))
	return nil
}

// measure keeps each unit's geometry in British National Grid, the
// file's own where it was in BNG and needed no repair, and computes the
// unit's area, perimeter, hull, centroids and label point.
func (im *importer) measure(l *Layer, srcBNG []orb.MultiPolygon) error {
	a := im.a
	im.bng = make([]orb.MultiPolygon, len(a.Units))
	for i := range a.Units {
		u := &a.Units[i]
		var b orb.MultiPolygon
		var err error
		if srcBNG != nil && !u.Repaired {
			b = srcBNG[i]
		} else if b, err = im.fwd.MultiPolygon(u.Geom); err != nil {
			return footprint.Errorf(footprint.EInvalid, "%s: %s: %v", im.path(l), u.Code, err)
		}
		im.bng[i] = b
		u.AreaM2 = planar.Area(b)
		u.PerimeterM = planar.Perimeter(b)
		u.Hull = planar.ConvexHull(planar.Points(b))
		ctr, _ := orbplanar.CentroidArea(b)
		u.CentroidBNG = ctr
		u.Centroid, _ = orbplanar.CentroidArea(u.Geom)
		u.Label = planar.InteriorPoint(u.Geom)
	}
	return nil
}
