package ingest

import (
	"fmt"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
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
	for i, f := range c.Features {
		code := f.Prop(l.Key)
		if prev, dup := seen[code]; dup {
			return footprint.Invalid(&geo.RowError{File: im.path(l), Line: f.Number, Feature: true, Column: l.Key, Problem: fmt.Sprintf("duplicate code %s (also feature %d)", code, prev)})
		}
		seen[code] = f.Number
		g, err := im.repairUnit(&rep, code, &f, srcBNG, i)
		if err != nil {
			return im.featureError(l, &f, err)
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

// repairUnit makes the geometry of unit feature f valid, noting in r
// whether it had to. Input in British National Grid is checked in BNG, as
// drawn, and then again once projected to WGS84; a repaired BNG geometry
// replaces srcBNG[i].
func (im *importer) repairUnit(r *repairs, code string, f *geojson.Feature, srcBNG []orb.MultiPolygon, i int) (orb.MultiPolygon, error) {
	if srcBNG == nil {
		return im.repair(r, code, f.Geometry)
	}
	b, err := im.repair(r, code, srcBNG[i])
	if err != nil {
		return nil, err
	}
	wgs := f.Geometry
	fixed := r.last
	if fixed {
		srcBNG[i] = b
		if wgs, err = im.inv.MultiPolygon(b); err != nil {
			return nil, err
		}
	}
	g, err := im.repair(r, code, wgs)
	r.last = r.last || fixed
	return g, err
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
