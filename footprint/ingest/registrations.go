package ingest

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo/table"
)

// share is one LSOA 2021 that an older code maps to, with the fraction of
// the older code's patients it receives; unit is -1 outside the region.
type share struct {
	unit int32
	frac float64
}

// lsoa11Map reads the LSOA 2011 to 2021 lookup and returns, per 2011 code,
// the 2021 units its patients go to: one unit for an unchanged or merged
// LSOA, several for a split one, apportioned by Census 2021 population.
func (im *importer) lsoa11Map() (map[string][]share, error) {
	l := im.m.Layers.LSOA11Lookup
	children := map[string][]string{}
	seen := map[[2]string]bool{}
	_, err := im.rows(l, func(t *table.Table, key string) error {
		c21 := t.Get(l.Col("lsoa21"))
		if c21 == "" {
			return footprint.Invalid(t.Errorf(l.Col("lsoa21"), "empty LSOA 2021 code"))
		}
		switch ch := t.Get(l.Col("change")); ch {
		case "U", "S", "M", "X":
		default:
			return footprint.Invalid(t.Errorf(l.Col("change"), "change indicator %q, want U, S, M or X", ch))
		}
		if seen[[2]string{key, c21}] {
			return footprint.Invalid(t.Errorf(l.Key, "duplicate pair %s to %s", key, c21))
		}
		seen[[2]string{key, c21}] = true
		children[key] = append(children[key], c21)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]share, len(children))
	for c11, kids := range children {
		shares, err := im.apportion(l, c11, kids)
		if err != nil {
			return nil, err
		}
		out[c11] = shares
	}
	return out, nil
}

// apportion shares LSOA 2011 c11's patients among the LSOA 2021 codes it
// became, by their Census 2021 population where it was split.
func (im *importer) apportion(l *Layer, c11 string, kids []string) ([]share, error) {
	shares := make([]share, len(kids))
	total := 0.0
	for i, k := range kids {
		u, ok := im.unit(k)
		if !ok {
			u = -1
		}
		shares[i].unit = u
		if len(kids) > 1 {
			p, ok := im.popAll[k]
			if !ok {
				if u < 0 {
					p = 0 // outside the region and unknown: gets no share of the in-region split
				} else {
					return nil, footprint.Errorf(footprint.EInvalid, "%s: cannot apportion LSOA 2011 %s: no population for LSOA 2021 %s", im.path(l), c11, k)
				}
			}
			shares[i].frac = p
			total += p
		}
	}
	for i := range shares {
		switch {
		case len(kids) == 1:
			shares[i].frac = 1
		case total > 0:
			shares[i].frac /= total
		default:
			shares[i].frac = 1 / float64(len(kids))
		}
	}
	return shares, nil
}

// pracAcc accumulates one practice's registrations: patients by unit, in
// the region, outside it and with no usable LSOA.
type pracAcc struct {
	code, name              string
	units                   map[int32]float64
	seen                    map[string]struct{}
	outside, noLSOA, region float64
}

// regReader accumulates the rows of the registration file by practice,
// in the order the practices first appear.
type regReader struct {
	im    *importer
	l     *Layer
	m11   map[string][]share // LSOA 2011 to 2021, for a file on LSOA 2011
	rr    *footprint.RegistrationReport
	acc   map[string]*pracAcc
	order []string
}

// registrations reads GP registrations by practice and LSOA, mapping
// LSOA 2011 to 2021 where the file needs it, adds the practices not in
// the practice list that have patients in the region, and builds the
// atlas's registrations. Mapping must preserve the in-region total.
func (im *importer) registrations() error {
	l := im.m.Layers.Registrations
	if l == nil {
		return nil
	}
	rr := &im.a.Report.Registrations
	rr.Vintage = l.Vintage
	rr.Basis = "LSOA " + l.LSOAVintage
	if l.LSOAVintage == "2011" {
		rr.Basis = "LSOA 2011, mapped to LSOA 2021"
	}
	r := &regReader{im: im, l: l, rr: rr, acc: map[string]*pracAcc{}}
	if l.LSOAVintage == "2011" {
		var err error
		if r.m11, err = im.lsoa11Map(); err != nil {
			return err
		}
	}
	rows, err := im.rows(l, r.row)
	if err != nil {
		return err
	}
	rr.Rows = rows
	unlisted := im.addUnlisted(r)
	silent := im.buildRegistrations(r)
	slices.SortFunc(unlisted, func(x, y string) int {
		return strings.Compare(y[strings.LastIndex(y, "("):], x[strings.LastIndex(x, "("):])
	})
	im.warn("registrations", "unlisted_practices", rr.UnlistedPractices, unlisted,
		"%d practices in the registration data are not in the practice list (closed, merged or outside the region since); their %.0f patients living in the region are kept and count in containment denominators", rr.UnlistedPractices, rr.UnlistedPatients)
	im.warn("registrations", "no_registrations", len(silent), silent, "%d listed practices have no rows in the registration data (opened since it was published)", len(silent))
	if d := math.Abs(rr.Patients - rr.PatientsBeforeMapping); d > 1e-6*math.Max(1, rr.PatientsBeforeMapping) {
		return footprint.Errorf(footprint.EInternal, "registrations: %.3f patients before mapping but %.3f after", rr.PatientsBeforeMapping, rr.Patients)
	}
	im.detail = fmt.Sprintf("%d rows, %.0f patients in region, %.0f outside, %.0f with no LSOA", rows, rr.Patients, rr.OutsideRegion, rr.NoLSOA)
	return nil
}

// row adds one registration row, a practice's patients living in one
// LSOA, to the practice's totals.
func (r *regReader) row(t *table.Table, _ string) error {
	l, rr := r.l, r.rr
	pc := t.Get(l.Col("practice"))
	if pc == "" {
		return footprint.Invalid(t.Errorf(l.Col("practice"), "empty practice code"))
	}
	lsoa := t.Get(l.Col("lsoa"))
	n, err := t.Count(l.Col("patients"))
	if err != nil {
		return footprint.Invalid(err)
	}
	p := r.acc[pc]
	if p == nil {
		p = &pracAcc{code: pc, name: t.Get(l.Col("practice_name")), units: map[int32]float64{}, seen: map[string]struct{}{}}
		r.acc[pc] = p
		r.order = append(r.order, pc)
	}
	if _, dup := p.seen[lsoa]; dup {
		return footprint.Invalid(t.Errorf(l.Col("lsoa"), "duplicate row for practice %s and LSOA %s", pc, lsoa))
	}
	p.seen[lsoa] = struct{}{}
	if slices.Contains(l.NoLSOA, lsoa) || lsoa == "" {
		p.noLSOA += n
		rr.FileNoLSOA += n
		return nil
	}
	if r.m11 == nil {
		if u, ok := r.im.unit(lsoa); ok {
			p.units[u] += n
			p.region += n
			rr.PatientsBeforeMapping += n
		} else {
			p.outside += n
			rr.FileOutsideRegion += n
		}
		return nil
	}
	return r.mapped(t, p, lsoa, n)
}

// mapped adds n patients registered in LSOA 2011 lsoa, sharing them among
// the LSOA 2021 codes it became.
func (r *regReader) mapped(t *table.Table, p *pracAcc, lsoa string, n float64) error {
	l, rr := r.l, r.rr
	shares, ok := r.m11[lsoa]
	if !ok {
		return footprint.Invalid(t.Errorf(l.Col("lsoa"), "unknown LSOA 2011 code %s: not in %s", lsoa, r.im.m.Layers.LSOA11Lookup.File))
	}
	if len(shares) > 1 {
		rr.ApportionedRows++
	}
	inRegion := false
	for _, s := range shares {
		if s.unit >= 0 {
			inRegion = true
			p.units[s.unit] += n * s.frac
			p.region += n * s.frac
		} else {
			p.outside += n * s.frac
			rr.FileOutsideRegion += n * s.frac
		}
	}
	if inRegion {
		rr.PatientsBeforeMapping += n
	}
	return nil
}

// addUnlisted appends to the atlas, by code after the current practices,
// the practices of the registration data that are not in the practice
// list but have patients in the region, and returns them described for
// the warning. Those without are counted as ignored.
func (im *importer) addUnlisted(r *regReader) []string {
	rr := r.rr
	index := map[string]int32{}
	for i, p := range im.a.Practices {
		index[p.Code] = int32(i)
	}
	slices.Sort(r.order)
	var unlisted []string
	for _, pc := range r.order {
		p := r.acc[pc]
		if _, ok := index[pc]; ok {
			continue
		}
		if p.region == 0 {
			rr.IgnoredPractices++
			rr.IgnoredPatients += p.outside + p.noLSOA
			continue
		}
		index[pc] = int32(len(im.a.Practices))
		im.a.Practices = append(im.a.Practices, footprint.Practice{Code: pc, Name: p.name, PCN: -1, Unit: -1})
		rr.UnlistedPractices++
		rr.UnlistedPatients += p.region
		unlisted = append(unlisted, fmt.Sprintf("%s %s (%.0f)", pc, p.name, p.region))
	}
	return unlisted
}

// buildRegistrations lays the accumulated registrations out by practice,
// units in order, sets each practice's totals, and returns the listed
// practices that have no registrations.
func (im *importer) buildRegistrations(r *regReader) []string {
	rr := r.rr
	reg := footprint.Registrations{Start: make([]int32, len(im.a.Practices)+1)}
	var silent []string
	for q := range im.a.Practices {
		pr := &im.a.Practices[q]
		p := r.acc[pr.Code]
		if p == nil {
			silent = append(silent, pr.Code+" "+pr.Name)
			reg.Start[q+1] = int32(len(reg.Unit))
			continue
		}
		units := make([]int32, 0, len(p.units))
		for u := range p.units {
			units = append(units, u)
		}
		slices.Sort(units)
		for _, u := range units {
			reg.Unit = append(reg.Unit, u)
			reg.Count = append(reg.Count, p.units[u])
			rr.Patients += p.units[u]
		}
		reg.Start[q+1] = int32(len(reg.Unit))
		pr.InRegion, pr.OutsideRegion, pr.NoLSOA = p.region, p.outside, p.noLSOA
		if pr.Current {
			rr.OutsideRegion += p.outside
			rr.NoLSOA += p.noLSOA
		}
		if pr.Name == "" {
			pr.Name = p.name
		}
	}
	im.a.Reg = reg
	return silent
}
