package footprint

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/geos"
	"github.com/nhs-footprint/footprint/geo/graph"
	geoplanar "github.com/nhs-footprint/footprint/geo/planar"
	"github.com/nhs-footprint/footprint/geo/proj"
	"github.com/nhs-footprint/footprint/geo/rook"
	"github.com/nhs-footprint/footprint/geo/table"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/tidwall/rtree"
)

// ProgressEvent reports how far a long job has got.
type ProgressEvent struct {
	Step     string        // what is being done
	Done     int           // items done so far
	Total    int           // items in all, 0 if unknown
	Unit     string        // what the items are: "rows", "features", "steps"
	Finished bool          // the step is complete
	Elapsed  time.Duration // since the step started
	Detail   string        // a short result, when Finished
}

// Progress receives progress events. It may be nil.
type Progress func(ProgressEvent)

// MinSharedBoundary is the shared boundary two units need, strictly
// exceeded, to be rook neighbours: 1 metre.
const MinSharedBoundary = 1.0

// Import reads the dataset a manifest describes, from files under root,
// validates it and builds an atlas. It stops at the first error that would
// drop or invent data, naming the file, row and problem; problems it can
// carry on past are reported as warnings in the atlas's Report.
func Import(m *Manifest, root string, progress Progress) (*Atlas, error) {
	start := time.Now()
	im := &importer{m: m, root: root, progress: progress,
		a:      &Atlas{Name: m.Name, Region: m.Region},
		popAll: map[string]float64{},
		geos:   geos.NewContext(),
	}
	im.a.Report = ImportReport{Manifest: m.Path(), DataRoot: root, Built: start.UTC().Truncate(time.Second), Skipped: map[string]int{}}
	var err error
	if im.fwd, err = proj.NewProjector(proj.WGS84, proj.BNG); err != nil {
		return nil, &Error{Code: EInternal, Message: "set up projection: " + err.Error(), Err: err}
	}
	steps := []struct {
		name string
		fn   func() error
	}{
		{"LSOA boundaries", im.units},
		{"lookups", im.lookups},
		{"boundary layers", im.areas},
		{"population", im.population},
		{"deprivation", im.imd},
		{"centroids", im.centroids},
		{"GP practices", im.practices},
		{"list sizes", im.listSizes},
		{"PCN catchments", im.catchments},
		{"registrations", im.registrations},
		{"barriers", im.barriers},
		{"places", im.places},
		{"adjacency", im.adjacency},
	}
	for _, s := range steps {
		t := time.Now()
		im.step = s.name
		im.detail = ""
		if err := s.fn(); err != nil {
			return nil, err
		}
		im.emit(ProgressEvent{Step: s.name, Finished: true, Elapsed: time.Since(t), Detail: im.detail})
	}
	im.a.Report.Projection = im.fwd.Operation()
	im.a.finish()
	im.a.Report.Seconds = time.Since(start).Seconds()
	return im.a, nil
}

type importer struct {
	m        *Manifest
	root     string
	progress Progress
	a        *Atlas
	fwd      *proj.Projector
	inv      *proj.Projector // BNG to WGS84, made when first needed
	geos     *geos.Context
	step     string
	detail   string

	bng    []orb.MultiPolygon // unit geometry in BNG, for adjacency
	codes  map[string][]string
	lines  map[string][]string // where each unit's code came from, for errors
	names  map[string]map[string]string
	popAll map[string]float64 // population of every LSOA21 read, in or out of region
}

func (im *importer) emit(ev ProgressEvent) {
	if im.progress != nil {
		im.progress(ev)
	}
}

func (im *importer) warn(layer, kind string, count int, examples []string, format string, args ...any) {
	if count == 0 {
		return
	}
	if len(examples) > 5 {
		examples = examples[:5]
	}
	im.a.Report.Warnings = append(im.a.Report.Warnings, Warning{Layer: layer, Kind: kind, Count: count, Message: fmt.Sprintf(format, args...), Examples: examples})
}

func (im *importer) path(l *Layer) string { return filepath.Join(im.root, filepath.FromSlash(l.File)) }

// source records a layer's provenance, with the file's SHA-256.
func (im *importer) source(l *Layer, rows int) error {
	p := im.path(l)
	f, err := os.Open(p)
	if err != nil {
		return Invalid(&geo.RowError{File: p, Problem: "cannot open: " + err.Error()})
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return Errorf(EInvalid, "%s: read: %v", p, err)
	}
	im.a.Sources = append(im.a.Sources, SourceInfo{Layer: l.name, File: l.File, SHA256: hex.EncodeToString(h.Sum(nil)), Rows: rows,
		Vintage: l.Vintage, AsOf: l.AsOf, Licence: l.Licence, Attribution: l.Attribution, Source: l.Source, Caveats: l.Caveats})
	return nil
}

// table opens a CSV layer and checks its key, role and filter columns.
func (im *importer) table(l *Layer) (*table.Table, error) {
	t, err := table.OpenTable(im.path(l))
	if err != nil {
		return nil, Invalid(err)
	}
	cols := []string{l.Key}
	for _, c := range l.Columns {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	for c := range l.Where {
		cols = append(cols, c)
	}
	if err := t.Require(cols...); err != nil {
		t.Close()
		return nil, Invalid(err)
	}
	return t, nil
}

// rows reads every row of a CSV layer that passes its filter, calling fn
// with the row's key. It counts rows, reports progress on big files and
// records the layer's source.
func (im *importer) rows(l *Layer, fn func(t *table.Table, key string) error) (int, error) {
	t, err := im.table(l)
	if err != nil {
		return 0, err
	}
	defer t.Close()
	n := 0
	start := time.Now()
rows:
	for t.Next() {
		for c, v := range l.Where {
			if t.Get(c) != v {
				continue rows
			}
		}
		key := t.Get(l.Key)
		if l.Key != "" && key == "" {
			return n, Invalid(t.Errorf(l.Key, "empty code"))
		}
		if err := fn(t, key); err != nil {
			return n, err
		}
		n++
		if n%100000 == 0 {
			im.emit(ProgressEvent{Step: im.step, Done: n, Unit: "rows", Elapsed: time.Since(start)})
		}
	}
	if err := t.Err(); err != nil {
		return n, Invalid(err)
	}
	return n, im.source(l, n)
}

// features reads a GeoJSON layer, converting British National Grid input
// to WGS84, and checks the file's CRS against the manifest's. For BNG input
// it also returns the original geometries, so measures need no round trip.
func (im *importer) features(l *Layer) (*geojson.Collection, []orb.MultiPolygon, error) {
	c, err := geojson.ReadPolygons(im.path(l))
	if err != nil {
		return nil, nil, Invalid(err)
	}
	want := geojson.CRSName(l.CRS)
	if c.CRS != "" && geojson.CRSName(c.CRS) != want {
		return nil, nil, Errorf(EInvalid, "%s: file CRS is %s but the manifest says %s", im.path(l), c.CRS, want)
	}
	var bng []orb.MultiPolygon
	switch want {
	case proj.WGS84:
	case proj.BNG:
		inv, err := im.inverse()
		if err != nil {
			return nil, nil, Errorf(EInternal, "%s: %v", im.path(l), err)
		}
		bng = make([]orb.MultiPolygon, len(c.Features))
		for i := range c.Features {
			bng[i] = c.Features[i].Geometry
			if c.Features[i].Geometry, err = inv.MultiPolygon(bng[i]); err != nil {
				return nil, nil, Errorf(EInvalid, "%s: feature %d: %v", im.path(l), i+1, err)
			}
		}
	default:
		return nil, nil, Errorf(EInvalid, "%s: unsupported CRS %s: use EPSG:4326 or EPSG:27700", im.path(l), want)
	}
	for _, f := range c.Features {
		if l.Key != "" && f.Prop(l.Key) == "" {
			return nil, nil, Invalid(&geo.RowError{File: im.path(l), Line: f.Number, Feature: true, Column: l.Key, Problem: "missing code"})
		}
	}
	return c, bng, im.source(l, len(c.Features))
}

// repair makes a geometry valid, warning once per layer with examples.
type repairs struct {
	codes []string
	last  bool // the last geometry checked was repaired
}

func (im *importer) repair(r *repairs, code string, mp orb.MultiPolygon) (orb.MultiPolygon, error) {
	fixed, reason, err := im.geos.Repair(mp)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", code, err)
	}
	r.last = reason != ""
	if r.last {
		r.codes = append(r.codes, code+" ("+reason+")")
	}
	return fixed, nil
}

func (im *importer) units() error {
	l := im.m.Layers.LSOA
	c, srcBNG, err := im.features(l)
	if err != nil {
		return err
	}
	a := im.a
	a.Units = make([]Unit, 0, len(c.Features))
	seen := map[string]int{}
	var rep repairs
	for _, f := range c.Features {
		code := f.Prop(l.Key)
		if prev, dup := seen[code]; dup {
			return Invalid(&geo.RowError{File: im.path(l), Line: f.Number, Feature: true, Column: l.Key, Problem: fmt.Sprintf("duplicate code %s (also feature %d)", code, prev)})
		}
		seen[code] = f.Number
		g, err := im.repair(&rep, code, f.Geometry)
		if err != nil {
			return Errorf(EInvalid, "%s: feature %d: %v", im.path(l), f.Number, err)
		}
		name := code
		if col := l.Col("name"); col != "" {
			name = f.Prop(col)
		}
		a.Units = append(a.Units, Unit{Code: code, Name: name, Geom: g, Bound: g.Bound(), Repaired: rep.last,
			MSOA: -1, Ward: -1, Borough: -1, SubICB: -1, ICB: -1, Place: -1})
	}
	if len(a.Units) == 0 {
		return Errorf(EInvalid, "%s: no features", im.path(l))
	}
	im.warn("lsoa", "invalid_geometry", len(rep.codes), rep.codes, "%d LSOA geometries were invalid and were repaired with make-valid", len(rep.codes))
	im.bng = make([]orb.MultiPolygon, len(a.Units))
	for i := range a.Units {
		u := &a.Units[i]
		var b orb.MultiPolygon
		if srcBNG != nil && !u.Repaired {
			b = srcBNG[i]
		} else if b, err = im.fwd.MultiPolygon(u.Geom); err != nil {
			return Errorf(EInvalid, "%s: %s: %v", im.path(l), u.Code, err)
		}
		im.bng[i] = b
		u.AreaM2 = geoplanar.Area(b)
		u.PerimeterM = geoplanar.Perimeter(b)
		u.Hull = geoplanar.ConvexHull(geoplanar.Points(b))
		ctr, _ := planar.CentroidArea(b)
		u.CentroidBNG = ctr
		u.Centroid, _ = planar.CentroidArea(u.Geom)
		u.Label = geoplanar.InteriorPoint(u.Geom)
	}
	im.detail = fmt.Sprintf("%d LSOAs", len(a.Units))
	return nil
}

// lookupRoles are the unit attributes lookups may provide.
var lookupRoles = []string{"msoa", "ward", "borough", "subicb", "icb"}

func (im *importer) lookups() error {
	n := len(im.a.Units)
	im.codes = map[string][]string{}
	im.lines = map[string][]string{}
	im.names = map[string]map[string]string{}
	for _, l := range im.m.Layers.Lookups {
		skipped := 0
		seen := make([]bool, n)
		_, err := im.rows(l, func(t *table.Table, key string) error {
			u, ok := im.a.unitIndexDuringImport(key)
			if !ok {
				skipped++
				return nil
			}
			if seen[u] {
				return Invalid(t.Errorf(l.Key, "duplicate code %s", key))
			}
			seen[u] = true
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
					return Invalid(t.Errorf(col, "empty %s code for %s", role, key))
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
				return Errorf(EInvalid, "lookups: LSOA %s has no %s code in any lookup file", im.a.Units[u].Code, role)
			}
		}
	}
	return nil
}

// unitIndexDuringImport finds a unit before finish has built the index.
func (a *Atlas) unitIndexDuringImport(code string) (int32, bool) {
	if a.unitIndex == nil || len(a.unitIndex) != len(a.Units) {
		a.unitIndex = make(map[string]int32, len(a.Units))
		for i := range a.Units {
			a.unitIndex[a.Units[i].Code] = int32(i)
		}
	}
	i, ok := a.unitIndex[code]
	return i, ok
}

func (im *importer) areas() error {
	L := im.m.Layers
	type spec struct {
		role  string
		layer *Layer
		list  *[]Area
		set   func(u *Unit, i int32)
	}
	specs := []spec{
		{"msoa", L.MSOA, &im.a.MSOAs, func(u *Unit, i int32) { u.MSOA = i }},
		{"ward", L.Ward, &im.a.Wards, func(u *Unit, i int32) { u.Ward = i }},
		{"borough", L.Borough, &im.a.Boroughs, func(u *Unit, i int32) { u.Borough = i }},
		{"subicb", nil, &im.a.SubICBs, func(u *Unit, i int32) { u.SubICB = i }},
		{"icb", L.ICB, &im.a.ICBs, func(u *Unit, i int32) { u.ICB = i }},
	}
	for _, s := range specs {
		var list []Area
		index := map[string]int32{}
		if s.layer != nil {
			c, _, err := im.features(s.layer)
			if err != nil {
				return err
			}
			var rep repairs
			for _, f := range c.Features {
				code := f.Prop(s.layer.Key)
				if _, dup := index[code]; dup {
					return Invalid(&geo.RowError{File: im.path(s.layer), Line: f.Number, Feature: true, Column: s.layer.Key, Problem: "duplicate code " + code})
				}
				g, err := im.repair(&rep, code, f.Geometry)
				if err != nil {
					return Errorf(EInvalid, "%s: feature %d: %v", im.path(s.layer), f.Number, err)
				}
				ar := Area{Code: code, Name: f.Prop(s.layer.Col("name")), Geom: g}
				if col := s.layer.Col("ods"); col != "" {
					ar.Alt = f.Prop(col)
				}
				index[code] = int32(len(list))
				list = append(list, ar)
			}
			im.warn(s.role, "invalid_geometry", len(rep.codes), rep.codes, "%d %s geometries were invalid and were repaired with make-valid", len(rep.codes), s.role)
		}
		codes := im.codes[s.role]
		if codes == nil {
			*s.list = list
			continue
		}
		if s.layer == nil {
			distinct := slices.Clone(codes)
			slices.Sort(distinct)
			for _, c := range slices.Compact(distinct) {
				index[c] = int32(len(list))
				list = append(list, Area{Code: c})
			}
		}
		for u, c := range codes {
			i, ok := index[c]
			if !ok {
				return Errorf(EInvalid, "%s: unknown %s code %s for LSOA %s: not in %s", im.lines[s.role][u], s.role, c, im.a.Units[u].Code, s.layer.File)
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
	}
	if l := L.MSOANames; l != nil && len(im.a.MSOAs) > 0 {
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
				return Invalid(t.Errorf(l.Key, "duplicate code %s", key))
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
	}
	im.detail = fmt.Sprintf("%d MSOAs, %d wards, %d boroughs, %d sub-ICBs, %d ICBs", len(im.a.MSOAs), len(im.a.Wards), len(im.a.Boroughs), len(im.a.SubICBs), len(im.a.ICBs))
	return nil
}

// perUnit reads a CSV layer with one row per unit, requiring a row for
// every unit. Rows for codes outside the region are counted and skipped.
func (im *importer) perUnit(l *Layer, fn func(t *table.Table, u *Unit) error) error {
	seen := make([]bool, len(im.a.Units))
	skipped := 0
	_, err := im.rows(l, func(t *table.Table, key string) error {
		i, ok := im.a.unitIndexDuringImport(key)
		if !ok {
			skipped++
			return fn(t, nil)
		}
		if seen[i] {
			return Invalid(t.Errorf(l.Key, "duplicate code %s", key))
		}
		seen[i] = true
		return fn(t, &im.a.Units[i])
	})
	if err != nil {
		return err
	}
	im.a.Report.Skipped[l.File] = skipped
	var missing []string
	for i, ok := range seen {
		if !ok {
			missing = append(missing, im.a.Units[i].Code)
		}
	}
	if len(missing) > 0 {
		return Errorf(EInvalid, "%s: no row for %d LSOAs of the boundary file, first %s", im.path(l), len(missing), missing[0])
	}
	return nil
}

func (im *importer) population() error {
	l := im.m.Layers.Population
	if l == nil {
		return nil
	}
	bad := []string{}
	var total int64
	err := im.perUnit(l, func(t *table.Table, u *Unit) error {
		n, err := t.Int(l.Col("total"))
		if err != nil {
			return Invalid(err)
		}
		im.popAll[t.Get(l.Key)] = float64(n)
		if u == nil {
			return nil
		}
		u.Pop = int32(n)
		total += int64(n)
		sum := 0
		for k, role := range ageRoles {
			v, err := t.Int(l.Col(role))
			if err != nil {
				return Invalid(err)
			}
			u.Ages[k] = int32(v)
			sum += v
		}
		if sum != n {
			bad = append(bad, fmt.Sprintf("%s (bands %d, total %d)", u.Code, sum, n))
		}
		return nil
	})
	if err != nil {
		return err
	}
	im.warn("population", "age_bands_mismatch", len(bad), bad, "%d LSOAs have age bands that do not sum to the total", len(bad))
	im.detail = fmt.Sprintf("%d residents (Census 2021)", total)
	return nil
}

func (im *importer) imd() error {
	l := im.m.Layers.IMD
	if l == nil {
		return nil
	}
	return im.perUnit(l, func(t *table.Table, u *Unit) error {
		if u == nil {
			return nil
		}
		s, err := t.Float(l.Col("score"))
		if err != nil {
			return Invalid(err)
		}
		d, err := t.Int(l.Col("decile"))
		if err != nil {
			return Invalid(err)
		}
		if d < 1 || d > 10 {
			return Invalid(t.Errorf(l.Col("decile"), "decile %d is not 1 to 10", d))
		}
		u.IMD = IMD{Score: s, Decile: int8(d), Known: true}
		if c := l.Col("rank"); c != "" {
			r, err := t.Int(c)
			if err != nil {
				return Invalid(err)
			}
			u.IMD.Rank = int32(r)
		}
		for k, role := range imdDomainRoles {
			if c := l.Col(role); c != "" {
				if u.IMD.Domains[k], err = t.Float(c); err != nil {
					return Invalid(err)
				}
			}
		}
		return nil
	})
}

func (im *importer) inverse() (*proj.Projector, error) {
	if im.inv == nil {
		var err error
		if im.inv, err = proj.NewProjector(proj.BNG, proj.WGS84); err != nil {
			return nil, err
		}
	}
	return im.inv, nil
}

// point reads an x/y pair in the layer's CRS and returns it in WGS84 and BNG.
func (im *importer) point(t *table.Table, l *Layer) (wgs, bng orb.Point, err error) {
	x, err := t.Float(l.Col("x"))
	if err != nil {
		return wgs, bng, Invalid(err)
	}
	y, err := t.Float(l.Col("y"))
	if err != nil {
		return wgs, bng, Invalid(err)
	}
	switch geojson.CRSName(l.CRS) {
	case proj.WGS84:
		if x < -180 || x > 180 || y < -90 || y > 90 {
			return wgs, bng, Invalid(t.Errorf(l.Col("x"), "%v, %v is not a longitude, latitude", x, y))
		}
		wgs = orb.Point{x, y}
		bng, err = im.fwd.Point(wgs)
	case proj.BNG:
		bng = orb.Point{x, y}
		var inv *proj.Projector
		if inv, err = im.inverse(); err == nil {
			wgs, err = inv.Point(bng)
		}
	default:
		return wgs, bng, Errorf(EInvalid, "%s: unsupported CRS %s", t.Name(), l.CRS)
	}
	if err != nil {
		return wgs, bng, Invalid(t.Errorf(l.Col("x"), "cannot project: %v", err))
	}
	return wgs, bng, nil
}

func (im *importer) centroids() error {
	l := im.m.Layers.Centroids
	if l == nil {
		return nil
	}
	return im.perUnit(l, func(t *table.Table, u *Unit) error {
		if u == nil {
			return nil
		}
		wgs, bng, err := im.point(t, l)
		if err != nil {
			return err
		}
		u.Centroid, u.CentroidBNG = wgs, bng
		return nil
	})
}

// unitTree indexes unit bounds for point lookups.
func (im *importer) locate(pt orb.Point, tree *rtree.RTreeG[int32]) int32 {
	found := int32(-1)
	tree.Search(pt, pt, func(_, _ [2]float64, i int32) bool {
		if planar.MultiPolygonContains(im.a.Units[i].Geom, pt) {
			found = i
			return false
		}
		return true
	})
	return found
}

func (im *importer) practices() error {
	l := im.m.Layers.Practices
	if l == nil {
		return nil
	}
	var tree rtree.RTreeG[int32]
	for i := range im.a.Units {
		b := im.a.Units[i].Bound
		tree.Insert(b.Min, b.Max, int32(i))
	}
	unalloc := l.Unallocated
	if len(unalloc) == 0 {
		unalloc = []string{"U"}
	}
	seen := map[string]int{}
	pcnIndex := map[string]int32{}
	var noLoc, outside []string
	_, err := im.rows(l, func(t *table.Table, key string) error {
		if prev, dup := seen[key]; dup {
			return Invalid(t.Errorf(l.Key, "duplicate practice code %s (also line %d)", key, prev))
		}
		seen[key] = t.Line()
		p := Practice{Code: key, Name: t.Get(l.Col("name")), Postcode: t.Get(l.Col("postcode")), Current: true, PCN: -1, Unit: -1,
			PCNCode: t.Get(l.Col("pcn")), ICB: t.Get(l.Col("icb")), SubICB: t.Get(l.Col("subicb"))}
		if p.PCNCode == "" {
			return Invalid(t.Errorf(l.Col("pcn"), "empty PCN code for practice %s", key))
		}
		if !slices.Contains(unalloc, p.PCNCode) {
			i, ok := pcnIndex[p.PCNCode]
			if !ok {
				i = int32(len(im.a.PCNs))
				pcnIndex[p.PCNCode] = i
				im.a.PCNs = append(im.a.PCNs, PCN{Code: p.PCNCode, Name: t.Get(l.Col("pcn_name")), ICB: p.ICB})
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
			p.Unit = im.locate(wgs, &tree)
		} else {
			noLoc = append(noLoc, key)
		}
		if p.Unit < 0 && l.Col("lsoa") != "" {
			if u, ok := im.a.unitIndexDuringImport(t.Get(l.Col("lsoa"))); ok {
				p.Unit = u
			}
		}
		if p.Unit < 0 && p.HasLoc {
			outside = append(outside, key)
		}
		im.a.Practices = append(im.a.Practices, p)
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortFunc(im.a.PCNs, func(x, y PCN) int { return cmp.Compare(x.Code, y.Code) })
	for i, pcn := range im.a.PCNs {
		for _, q := range pcn.Practices {
			im.a.Practices[q].PCN = int32(i)
		}
	}
	im.warn("practices", "no_location", len(noLoc), noLoc, "%d practices have no coordinates and cannot be placed on the map", len(noLoc))
	im.warn("practices", "outside_region", len(outside), outside, "%d practice sites lie outside every LSOA of the region", len(outside))
	im.detail = fmt.Sprintf("%d practices, %d PCNs", len(im.a.Practices), len(im.a.PCNs))
	return nil
}

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
			return Invalid(t.Errorf(l.Key, "duplicate practice code %s", key))
		}
		n, err := t.Int(l.Col("patients"))
		if err != nil {
			return Invalid(err)
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

func (im *importer) catchments() error {
	l := im.m.Layers.PCNCatchments
	if l == nil {
		return nil
	}
	c, _, err := im.features(l)
	if err != nil {
		if l.Optional && Code(err) == EInvalid && strings.Contains(err.Error(), "cannot open") {
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
			return Invalid(&geo.RowError{File: im.path(l), Line: f.Number, Feature: true, Column: l.Key, Problem: "duplicate code " + code})
		}
		g, err := im.repair(&rep, code, f.Geometry)
		if err != nil {
			return Errorf(EInvalid, "%s: feature %d: %v", im.path(l), f.Number, err)
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
	im.warn("pcn_catchments", "no_catchment", len(none), none, "%d current PCNs have no 2020 catchment polygon", len(none))
	return nil
}

// share is one LSOA 2021 that an older code maps to, with the fraction of
// the older code's patients it receives; Unit is -1 outside the region.
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
			return Invalid(t.Errorf(l.Col("lsoa21"), "empty LSOA 2021 code"))
		}
		switch ch := t.Get(l.Col("change")); ch {
		case "U", "S", "M", "X":
		default:
			return Invalid(t.Errorf(l.Col("change"), "change indicator %q, want U, S, M or X", ch))
		}
		if seen[[2]string{key, c21}] {
			return Invalid(t.Errorf(l.Key, "duplicate pair %s to %s", key, c21))
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
		shares := make([]share, len(kids))
		total := 0.0
		for i, k := range kids {
			u, ok := im.a.unitIndexDuringImport(k)
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
						return nil, Errorf(EInvalid, "%s: cannot apportion LSOA 2011 %s: no population for LSOA 2021 %s", im.path(l), c11, k)
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
		out[c11] = shares
	}
	return out, nil
}

type pracAcc struct {
	code, name              string
	units                   map[int32]float64
	seen                    map[string]struct{}
	outside, noLSOA, region float64
}

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
	var m11 map[string][]share
	if l.LSOAVintage == "2011" {
		var err error
		if m11, err = im.lsoa11Map(); err != nil {
			return err
		}
	}
	acc := map[string]*pracAcc{}
	var order []string
	rows, err := im.rows(l, func(t *table.Table, _ string) error {
		pc := t.Get(l.Col("practice"))
		if pc == "" {
			return Invalid(t.Errorf(l.Col("practice"), "empty practice code"))
		}
		lsoa := t.Get(l.Col("lsoa"))
		n, err := t.Count(l.Col("patients"))
		if err != nil {
			return Invalid(err)
		}
		p := acc[pc]
		if p == nil {
			p = &pracAcc{code: pc, name: t.Get(l.Col("practice_name")), units: map[int32]float64{}, seen: map[string]struct{}{}}
			acc[pc] = p
			order = append(order, pc)
		}
		if _, dup := p.seen[lsoa]; dup {
			return Invalid(t.Errorf(l.Col("lsoa"), "duplicate row for practice %s and LSOA %s", pc, lsoa))
		}
		p.seen[lsoa] = struct{}{}
		if slices.Contains(l.NoLSOA, lsoa) || lsoa == "" {
			p.noLSOA += n
			rr.FileNoLSOA += n
			return nil
		}
		if m11 == nil {
			if u, ok := im.a.unitIndexDuringImport(lsoa); ok {
				p.units[u] += n
				p.region += n
				rr.PatientsBeforeMapping += n
			} else {
				p.outside += n
				rr.FileOutsideRegion += n
			}
			return nil
		}
		shares, ok := m11[lsoa]
		if !ok {
			return Invalid(t.Errorf(l.Col("lsoa"), "unknown LSOA 2011 code %s: not in %s", lsoa, im.m.Layers.LSOA11Lookup.File))
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
	})
	if err != nil {
		return err
	}
	rr.Rows = rows
	// Current practices keep their list order; others with patients in the
	// region follow, by code.
	index := map[string]int32{}
	for i, p := range im.a.Practices {
		index[p.Code] = int32(i)
	}
	slices.Sort(order)
	var unlisted []string
	for _, pc := range order {
		p := acc[pc]
		if _, ok := index[pc]; ok {
			continue
		}
		if p.region == 0 {
			rr.IgnoredPractices++
			rr.IgnoredPatients += p.outside + p.noLSOA
			continue
		}
		index[pc] = int32(len(im.a.Practices))
		im.a.Practices = append(im.a.Practices, Practice{Code: pc, Name: p.name, PCN: -1, Unit: -1})
		rr.UnlistedPractices++
		rr.UnlistedPatients += p.region
		unlisted = append(unlisted, fmt.Sprintf("%s %s (%.0f)", pc, p.name, p.region))
	}
	reg := Registrations{Start: make([]int32, len(im.a.Practices)+1)}
	var silent []string
	for q := range im.a.Practices {
		pr := &im.a.Practices[q]
		p := acc[pr.Code]
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
	slices.SortFunc(unlisted, func(x, y string) int {
		return strings.Compare(y[strings.LastIndex(y, "("):], x[strings.LastIndex(x, "("):])
	})
	im.warn("registrations", "unlisted_practices", rr.UnlistedPractices, unlisted,
		"%d practices in the registration data are not in the practice list (closed, merged or outside the region since); their %.0f patients living in the region are kept and count in containment denominators", rr.UnlistedPractices, rr.UnlistedPatients)
	im.warn("registrations", "no_registrations", len(silent), silent, "%d listed practices have no rows in the registration data (opened since it was published)", len(silent))
	if d := math.Abs(rr.Patients - rr.PatientsBeforeMapping); d > 1e-6*math.Max(1, rr.PatientsBeforeMapping) {
		return Errorf(EInternal, "registrations: %.3f patients before mapping but %.3f after", rr.PatientsBeforeMapping, rr.Patients)
	}
	im.detail = fmt.Sprintf("%d rows, %.0f patients in region, %.0f outside, %.0f with no LSOA", rows, rr.Patients, rr.OutsideRegion, rr.NoLSOA)
	return nil
}

func (im *importer) barriers() error {
	for _, l := range im.m.Layers.Barriers {
		c, _, err := im.features(l)
		if err != nil {
			return err
		}
		var rep repairs
		b := Barrier{Name: l.File}
		for _, f := range c.Features {
			if col := l.Col("name"); col != "" && f.Prop(col) != "" {
				b.Name = f.Prop(col)
			}
			g, err := im.repair(&rep, fmt.Sprint("feature ", f.Number), f.Geometry)
			if err != nil {
				return Errorf(EInvalid, "%s: %v", im.path(l), err)
			}
			b.Geom = append(b.Geom, g...)
		}
		im.warn("barriers", "invalid_geometry", len(rep.codes), rep.codes, "%d barrier geometries were repaired with make-valid", len(rep.codes))
		im.a.Barriers = append(im.a.Barriers, b)
	}
	return nil
}

func (im *importer) places() error {
	a := im.a
	if len(a.Boroughs) == 0 {
		return nil
	}
	bIndex := map[string]int32{}
	for i, b := range a.Boroughs {
		bIndex[b.Code] = int32(i)
	}
	placeOf := make([]int32, len(a.Boroughs))
	for i := range placeOf {
		placeOf[i] = -1
	}
	for _, g := range im.m.Places.Groups {
		p := Place{Code: g.Code, Name: g.Name}
		for _, bc := range g.Boroughs {
			i, ok := bIndex[bc]
			if !ok {
				return Errorf(EInvalid, "manifest %s: place %s names unknown borough %s", im.m.Path(), g.Code, bc)
			}
			if placeOf[i] >= 0 {
				return Errorf(EInvalid, "manifest %s: borough %s is in two places", im.m.Path(), bc)
			}
			placeOf[i] = int32(len(a.Places))
			p.Boroughs = append(p.Boroughs, i)
		}
		a.Places = append(a.Places, p)
	}
	for i, b := range a.Boroughs {
		if placeOf[i] < 0 {
			placeOf[i] = int32(len(a.Places))
			a.Places = append(a.Places, Place{Code: b.Code, Name: b.Name, Boroughs: []int32{int32(i)}})
		}
	}
	// Sort places by code, keeping the borough-to-place map right.
	order := make([]int32, len(a.Places))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return cmp.Compare(a.Places[x].Code, a.Places[y].Code) })
	newIndex := make([]int32, len(order))
	sorted := make([]Place, len(order))
	for ni, oi := range order {
		newIndex[oi] = int32(ni)
		sorted[ni] = a.Places[oi]
	}
	a.Places = sorted
	for i := range a.Units {
		u := &a.Units[i]
		if u.Borough < 0 {
			continue
		}
		u.Place = newIndex[placeOf[u.Borough]]
		a.Places[u.Place].Units = append(a.Places[u.Place].Units, int32(i))
		a.Places[u.Place].Pop += int64(u.Pop)
	}
	for _, list := range [][]Area{a.MSOAs, a.Wards, a.Boroughs, a.SubICBs, a.ICBs} {
		for i := range list {
			list[i].Pop = 0
			for _, u := range list[i].Units {
				list[i].Pop += int64(a.Units[u].Pop)
			}
		}
	}
	im.detail = fmt.Sprintf("%d places", len(a.Places))
	return nil
}

func (im *importer) component(comp []int32) ComponentReport {
	var pop int64
	for _, u := range comp {
		pop += int64(im.a.Units[u].Pop)
	}
	ex := im.a.Units[comp[0]]
	return ComponentReport{Units: len(comp), Population: pop, Example: ex.Code + " " + ex.Name}
}

func (im *importer) adjacency() error {
	a := im.a
	t := time.Now()
	edges, st := rook.Adjacency(im.bng, rook.Options{MinShared: MinSharedBoundary, Tolerance: 0.05})
	a.Edges = edges
	a.Touches = st.Dropped
	shared := make([]float64, len(a.Units))
	for _, list := range [][]graph.Edge{edges, st.Dropped} {
		for _, e := range list {
			shared[e.A] += e.Length
			shared[e.B] += e.Length
		}
	}
	for i := range a.Units {
		a.Units[i].ExteriorM = math.Max(0, a.Units[i].PerimeterM-shared[i])
	}
	g := graph.NewGraph(len(a.Units), edges)
	ar := &a.Report.Adjacency
	ar.Millis = float64(time.Since(t).Microseconds()) / 1000
	ar.Rule = "rook: LSOAs sharing more than 1 m of boundary, measured on British National Grid"
	ar.Edges = len(edges)
	ar.SharedKm = st.SharedLength / 1000
	ar.DroppedPairs = st.DroppedPairs
	ar.ToleranceShared = st.TolerantShared
	comps := g.Components(nil)
	ar.Components = len(comps)
	for _, c := range comps {
		ar.ComponentList = append(ar.ComponentList, im.component(c))
		if len(c) == 1 {
			ar.Isolated = append(ar.Isolated, a.Units[c[0]].Code)
		}
	}
	ar.PlacesSplit = []PlaceSplit{}
	for pi, p := range a.Places {
		pc := g.Components(func(u int32) bool { return a.Units[u].Place == int32(pi) })
		if len(pc) > 1 {
			ps := PlaceSplit{Place: p.Code, Name: p.Name}
			for _, c := range pc {
				ps.Components = append(ps.Components, im.component(c))
			}
			ar.PlacesSplit = append(ar.PlacesSplit, ps)
		}
	}
	ar.Barriers = []BarrierReport{}
	for _, b := range a.Barriers {
		bb, err := im.fwd.MultiPolygon(b.Geom)
		if err != nil {
			return Errorf(EInvalid, "barrier %s: %v", b.Name, err)
		}
		f := im.geos.FacingAcross(im.bng, bb, 25, 500)
		br := BarrierReport{Name: b.Name, BankUnits: len(f.Bank), FacingPairs: len(f.Pairs)}
		hops := make([]int, 0, len(f.Pairs))
		bySource := map[int32][]int32{}
		for _, p := range f.Pairs {
			bySource[p[0]] = append(bySource[p[0]], p[1])
		}
		srcs := make([]int32, 0, len(bySource))
		for s := range bySource {
			srcs = append(srcs, s)
		}
		slices.Sort(srcs)
		for _, s := range srcs {
			dist := bfs(g, s)
			for _, d := range bySource[s] {
				h := int(dist[d])
				if h < 0 {
					br.Unreachable++
					continue
				}
				hops = append(hops, h)
				if h > br.MaxHops {
					br.MaxHops = h
					br.MaxExample = fmt.Sprintf("%s %s and %s %s", a.Units[s].Code, a.Units[s].Name, a.Units[d].Code, a.Units[d].Name)
				}
			}
		}
		if len(hops) > 0 {
			slices.Sort(hops)
			br.MedianHops = hops[len(hops)/2]
		}
		ar.Barriers = append(ar.Barriers, br)
	}
	im.detail = fmt.Sprintf("%d edges, %d components, %d places in more than one piece", ar.Edges, ar.Components, len(ar.PlacesSplit))
	return nil
}

// bfs returns hop distances from s, -1 where unreachable.
func bfs(g *graph.Graph, s int32) []int32 {
	dist := make([]int32, g.Len())
	for i := range dist {
		dist[i] = -1
	}
	dist[s] = 0
	queue := []int32{s}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range g.Neighbours(v) {
			if dist[w] < 0 {
				dist[w] = dist[v] + 1
				queue = append(queue, w)
			}
		}
	}
	return dist
}
