package ingest

import (
	"fmt"
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/table"
)

// lookupRoles are the unit attributes lookups may provide.
var lookupRoles = []string{"msoa", "ward", "borough", "subicb", "icb"}

// lookups reads the best-fit lookup files, recording for every unit its
// MSOA, ward, borough, sub-ICB and ICB codes, and the names the files
// give them. A role a lookup provides must be given for every unit.
func (im *importer) lookups() error {
	n := len(im.a.Units)
	im.codes = map[string][]string{}
	im.lines = map[string][]string{}
	im.names = map[string]map[string]string{}
	for _, l := range im.m.Layers.Lookups {
		skipped := 0
		seen := make([]bool, n)
		_, err := im.rows(l, func(t *table.Table, key string) error {
			u, ok := im.unit(key)
			if !ok {
				skipped++
				return nil
			}
			if seen[u] {
				return footprint.Invalid(t.Errorf(l.Key, "duplicate code %s", key))
			}
			seen[u] = true
			return im.lookupRow(l, t, key, u)
		})
		if err != nil {
			return err
		}
		im.a.Report.Skipped[l.File] = skipped
	}
	for _, role := range lookupRoles {
		codes := im.codes[role]
		if codes == nil {
			continue
		}
		for u, c := range codes {
			if c == "" {
				return footprint.Errorf(footprint.EInvalid, "lookups: LSOA %s has no %s code in any lookup file", im.a.Units[u].Code, role)
			}
		}
	}
	return nil
}

// lookupRow records the codes and names one lookup row gives unit u.
func (im *importer) lookupRow(l *Layer, t *table.Table, key string, u int32) error {
	n := len(im.a.Units)
	for _, role := range lookupRoles {
		col := l.Col(role)
		if col == "" {
			continue
		}
		if im.codes[role] == nil {
			im.codes[role] = make([]string, n)
			im.lines[role] = make([]string, n)
			im.names[role] = map[string]string{}
		}
		v := t.Get(col)
		if v == "" {
			return footprint.Invalid(t.Errorf(col, "empty %s code for %s", role, key))
		}
		im.codes[role][u] = v
		im.lines[role][u] = fmt.Sprintf("%s:%d", t.Name(), t.Line())
		if nc := l.Col(role + "_name"); nc != "" {
			im.names[role][v] = t.Get(nc)
		}
		if role == "icb" && l.Col("icb_ods") != "" {
			im.names["icb_ods"+v] = map[string]string{"": t.Get(l.Col("icb_ods"))}
		}
	}
	return nil
}

// areaSpec is one boundary layer of the atlas: its lookup role, its
// boundary file if the manifest has one, the atlas's list of its areas,
// and how to set a unit's area of the layer.
type areaSpec struct {
	role  string
	layer *Layer
	list  *[]footprint.Area
	set   func(u *footprint.Unit, i int32)
}

// areas builds the MSOAs, wards, boroughs, sub-ICBs and ICBs from their
// boundary files and the lookups, then reads the MSOA names.
func (im *importer) areas() error {
	L := im.m.Layers
	specs := []areaSpec{
		{"msoa", L.MSOA, &im.a.MSOAs, func(u *footprint.Unit, i int32) { u.MSOA = i }},
		{"ward", L.Ward, &im.a.Wards, func(u *footprint.Unit, i int32) { u.Ward = i }},
		{"borough", L.Borough, &im.a.Boroughs, func(u *footprint.Unit, i int32) { u.Borough = i }},
		{"subicb", nil, &im.a.SubICBs, func(u *footprint.Unit, i int32) { u.SubICB = i }},
		{"icb", L.ICB, &im.a.ICBs, func(u *footprint.Unit, i int32) { u.ICB = i }},
	}
	for _, s := range specs {
		if err := im.areaLayer(s); err != nil {
			return err
		}
	}
	if err := im.msoaNames(); err != nil {
		return err
	}
	im.detail = fmt.Sprintf("%d MSOAs, %d wards, %d boroughs, %d sub-ICBs, %d ICBs", len(im.a.MSOAs), len(im.a.Wards), len(im.a.Boroughs), len(im.a.SubICBs), len(im.a.ICBs))
	return nil
}

// areaBoundaries reads the boundary file of a layer, if it has one,
// returning its areas and their indexes by code.
func (im *importer) areaBoundaries(s areaSpec) ([]footprint.Area, map[string]int32, error) {
	var list []footprint.Area
	index := map[string]int32{}
	if s.layer == nil {
		return list, index, nil
	}
	c, _, err := im.features(s.layer)
	if err != nil {
		return nil, nil, err
	}
	var rep repairs
	for _, f := range c.Features {
		code := f.Prop(s.layer.Key)
		if _, dup := index[code]; dup {
			return nil, nil, footprint.Invalid(&geo.RowError{File: im.path(s.layer), Line: f.Number, Feature: true, Column: s.layer.Key, Problem: "duplicate code " + code})
		}
		g, err := im.repair(&rep, code, f.Geometry)
		if err != nil {
			return nil, nil, im.featureError(s.layer, &f, err)
		}
		ar := footprint.Area{Code: code, Name: f.Prop(s.layer.Col("name")), Geom: g}
		if col := s.layer.Col("ods"); col != "" {
			ar.Alt = f.Prop(col)
		}
		index[code] = int32(len(list))
		list = append(list, ar)
	}
	im.warn(s.role, "invalid_geometry", len(rep.codes), rep.codes, "%d %s geometries were invalid and were repaired with make-valid", len(rep.codes), s.role)
	return list, index, nil
}

// areaLayer builds one boundary layer's areas and assigns each unit to
// the area the lookups give it. Without a boundary file, the areas are
// the distinct codes of the lookups, in code order.
func (im *importer) areaLayer(s areaSpec) error {
	list, index, err := im.areaBoundaries(s)
	if err != nil {
		return err
	}
	codes := im.codes[s.role]
	if codes == nil {
		*s.list = list
		return nil
	}
	if s.layer == nil {
		distinct := slices.Clone(codes)
		slices.Sort(distinct)
		for _, c := range slices.Compact(distinct) {
			index[c] = int32(len(list))
			list = append(list, footprint.Area{Code: c})
		}
	}
	for u, c := range codes {
		i, ok := index[c]
		if !ok {
			return footprint.Errorf(footprint.EInvalid, "%s: unknown %s code %s for LSOA %s: not in %s", im.lines[s.role][u], s.role, c, im.a.Units[u].Code, s.layer.File)
		}
		s.set(&im.a.Units[u], i)
		list[i].Units = append(list[i].Units, int32(u))
	}
	var empty []string
	for i := range list {
		if list[i].Name == "" {
			list[i].Name = im.names[s.role][list[i].Code]
		}
		if list[i].Name == "" {
			list[i].Name = list[i].Code
		}
		if s.role == "icb" && list[i].Alt == "" {
			list[i].Alt = im.names["icb_ods"+list[i].Code][""]
		}
		if len(list[i].Units) == 0 {
			empty = append(empty, list[i].Code+" "+list[i].Name)
		}
	}
	im.warn(s.role, "no_units", len(empty), empty, "%d %s areas receive no LSOA in the best-fit lookup (they stay on the map but hold no population)", len(empty), s.role)
	*s.list = list
	return nil
}

// msoaNames reads the House of Commons Library MSOA names into the MSOAs'
// Alt, warning of MSOAs that have none.
func (im *importer) msoaNames() error {
	l := im.m.Layers.MSOANames
	if l == nil || len(im.a.MSOAs) == 0 {
		return nil
	}
	index := map[string]int{}
	for i := range im.a.MSOAs {
		index[im.a.MSOAs[i].Code] = i
	}
	skipped := 0
	_, err := im.rows(l, func(t *table.Table, key string) error {
		i, ok := index[key]
		if !ok {
			skipped++
			return nil
		}
		if im.a.MSOAs[i].Alt != "" {
			return footprint.Invalid(t.Errorf(l.Key, "duplicate code %s", key))
		}
		im.a.MSOAs[i].Alt = t.Get(l.Col("hcl_name"))
		return nil
	})
	if err != nil {
		return err
	}
	im.a.Report.Skipped[l.File] = skipped
	var missing []string
	for _, m := range im.a.MSOAs {
		if m.Alt == "" {
			missing = append(missing, m.Code)
		}
	}
	im.warn("msoa_names", "missing_name", len(missing), missing, "%d MSOAs have no House of Commons Library name", len(missing))
	return nil
}
