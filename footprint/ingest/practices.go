package ingest

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/table"
	"github.com/paulmach/orb"
	orbplanar "github.com/paulmach/orb/planar"
	"github.com/tidwall/rtree"
)

// locate returns the unit whose geometry contains pt, or -1; tree indexes
// the units' bounds.
func (im *importer) locate(pt orb.Point, tree *rtree.RTreeG[int32]) int32 {
	found := int32(-1)
	tree.Search(pt, pt, func(_, _ [2]float64, i int32) bool {
		if orbplanar.MultiPolygonContains(im.a.Units[i].Geom, pt) {
			found = i
			return false
		}
		return true
	})
	return found
}

// practiceReader reads the rows of the practice list into practices and
// PCNs.
type practiceReader struct {
	im      *importer
	l       *Layer
	tree    rtree.RTreeG[int32]
	unalloc []string
	seen    map[string]int   // practice code to line
	pcns    map[string]int32 // PCN code to index
	noLoc   []string
	outside []string
}

// practices reads the current practices and their PCNs from the practice
// list, placing each practice site in the unit it lies in. PCNs are sorted
// by code.
func (im *importer) practices() error {
	l := im.m.Layers.Practices
	if l == nil {
		return nil
	}
	r := &practiceReader{im: im, l: l, unalloc: l.Unallocated, seen: map[string]int{}, pcns: map[string]int32{}}
	for i := range im.a.Units {
		b := im.a.Units[i].Bound
		r.tree.Insert(b.Min, b.Max, int32(i))
	}
	if len(r.unalloc) == 0 {
		r.unalloc = []string{"U"}
	}
	if _, err := im.rows(l, r.row); err != nil {
		return err
	}
	slices.SortFunc(im.a.PCNs, func(x, y footprint.PCN) int { return cmp.Compare(x.Code, y.Code) })
	for i, pcn := range im.a.PCNs {
		for _, q := range pcn.Practices {
			im.a.Practices[q].PCN = int32(i)
		}
	}
	im.warn("practices", "no_location", len(r.noLoc), r.noLoc, "%d practices have no coordinates and cannot be placed on the map", len(r.noLoc))
	im.warn("practices", "outside_region", len(r.outside), r.outside, "%d practice sites lie outside every LSOA of the region", len(r.outside))
	im.detail = fmt.Sprintf("%d practices, %d PCNs", len(im.a.Practices), len(im.a.PCNs))
	return nil
}

// row reads one practice: its PCN, unless unallocated, and its site,
// from its coordinates or else the LSOA column.
func (r *practiceReader) row(t *table.Table, key string) error {
	im, l := r.im, r.l
	if prev, dup := r.seen[key]; dup {
		return footprint.Invalid(t.Errorf(l.Key, "duplicate practice code %s (also line %d)", key, prev))
	}
	r.seen[key] = t.Line()
	p := footprint.Practice{Code: key, Name: t.Get(l.Col("name")), Postcode: t.Get(l.Col("postcode")), Current: true, PCN: -1, Unit: -1,
		PCNCode: t.Get(l.Col("pcn")), ICB: t.Get(l.Col("icb")), SubICB: t.Get(l.Col("subicb"))}
	if p.PCNCode == "" {
		return footprint.Invalid(t.Errorf(l.Col("pcn"), "empty PCN code for practice %s", key))
	}
	if !slices.Contains(r.unalloc, p.PCNCode) {
		i, ok := r.pcns[p.PCNCode]
		if !ok {
			i = int32(len(im.a.PCNs))
			r.pcns[p.PCNCode] = i
			im.a.PCNs = append(im.a.PCNs, footprint.PCN{Code: p.PCNCode, Name: t.Get(l.Col("pcn_name")), ICB: p.ICB})
		}
		p.PCN = i
		im.a.PCNs[i].Practices = append(im.a.PCNs[i].Practices, int32(len(im.a.Practices)))
	}
	if l.Col("x") != "" && t.Get(l.Col("x")) != "" {
		wgs, bng, err := im.point(t, l)
		if err != nil {
			return err
		}
		p.Loc, p.LocBNG, p.HasLoc = wgs, bng, true
		p.Unit = im.locate(wgs, &r.tree)
	} else {
		r.noLoc = append(r.noLoc, key)
	}
	if p.Unit < 0 && l.Col("lsoa") != "" {
		if u, ok := im.unit(t.Get(l.Col("lsoa"))); ok {
			p.Unit = u
		}
	}
	if p.Unit < 0 && p.HasLoc {
		r.outside = append(r.outside, key)
	}
	im.a.Practices = append(im.a.Practices, p)
	return nil
}

// listSizes reads the practices' list sizes, warning of practices that
// have none.
func (im *importer) listSizes() error {
	l := im.m.Layers.ListSizes
	if l == nil {
		return nil
	}
	index := map[string]int{}
	for i, p := range im.a.Practices {
		index[p.Code] = i
	}
	skipped := 0
	_, err := im.rows(l, func(t *table.Table, key string) error {
		i, ok := index[key]
		if !ok {
			skipped++
			return nil
		}
		if im.a.Practices[i].ListSizeKnown {
			return footprint.Invalid(t.Errorf(l.Key, "duplicate practice code %s", key))
		}
		n, err := t.Int(l.Col("patients"))
		if err != nil {
			return footprint.Invalid(err)
		}
		im.a.Practices[i].ListSize, im.a.Practices[i].ListSizeKnown = int32(n), true
		return nil
	})
	if err != nil {
		return err
	}
	im.a.Report.Skipped[l.File] = skipped
	var missing []string
	for _, p := range im.a.Practices {
		if !p.ListSizeKnown {
			missing = append(missing, p.Code)
		}
	}
	im.warn("list_sizes", "missing", len(missing), missing, "%d practices have no list size", len(missing))
	return nil
}

// catchments reads the 2020 PCN catchment polygons onto the current PCNs.
// The layer may be optional: then a missing file is a warning, matched by
// the error's type (fs.ErrNotExist), not its text.
func (im *importer) catchments() error {
	l := im.m.Layers.PCNCatchments
	if l == nil {
		return nil
	}
	c, _, err := im.features(l)
	if err != nil {
		if l.Optional && errors.Is(err, fs.ErrNotExist) {
			im.warn("pcn_catchments", "missing_file", 1, nil, "optional layer %s is missing: %v", l.File, err)
			return nil
		}
		return err
	}
	index := map[string]int32{}
	for i, p := range im.a.PCNs {
		index[p.Code] = int32(i)
	}
	var rep repairs
	var unmatched []string
	for _, f := range c.Features {
		code := f.Prop(l.Key)
		i, ok := index[code]
		if !ok {
			unmatched = append(unmatched, code)
			continue
		}
		if im.a.PCNs[i].Catchment != nil {
			return footprint.Invalid(&geo.RowError{File: im.path(l), Line: f.Number, Feature: true, Column: l.Key, Problem: "duplicate code " + code})
		}
		g, err := im.repair(&rep, code, f.Geometry)
		if err != nil {
			return im.featureError(l, &f, err)
		}
		im.a.PCNs[i].Catchment = g
	}
	var none []string
	for _, p := range im.a.PCNs {
		if p.Catchment == nil {
			none = append(none, p.Code)
		}
	}
	im.warn("pcn_catchments", "invalid_geometry", len(rep.codes), rep.codes, "%d PCN catchment polygons were invalid and were repaired with make-valid", len(rep.codes))
	im.warn("pcn_catchments", "no_current_pcn", len(unmatched), unmatched, "%d catchment polygons have a code that is not a current PCN; they are not loaded", len(unmatched))
	im.warn("pcn_catchments", "no_catchment", len(none), none, "%d current PCNs have no catchment polygon (%s)", len(none), im.a.AsOf("pcn_catchments"))
	return nil
}
