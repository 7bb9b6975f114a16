package planfile

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/geos"
	"github.com/nhs-footprint/footprint/geo/proj"
	"github.com/nhs-footprint/footprint/geo/table"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/tidwall/rtree"
)

// SplitShare is the threshold of the area report: an LSOA with more than
// this share of its area outside the polygon it was assigned to is split.
const SplitShare = 0.10

// SplitLSOA is an LSOA that footprint polygons cut.
type SplitLSOA struct {
	LSOA      string  `json:"lsoa"`
	Footprint string  `json:"footprint"`
	Inside    float64 `json:"inside"` // share of its area inside that footprint's polygon
}

// PolygonImport reports how footprint polygons became a plan.
type PolygonImport struct {
	File       string `json:"file"`
	CRS        string `json:"crs"`
	Features   int    `json:"features"`
	IDProperty string `json:"id_property"`
	// NameProperty is the property names came from; "" if none did.
	NameProperty string      `json:"name_property"`
	Assigned     int         `json:"assigned"`
	Unmatched    []string    `json:"unmatched"` // LSOAs whose centroid is in no polygon
	Split        []SplitLSOA `json:"split"`     // LSOAs cut by more than 10% of their area
	// Repaired lists the features that were invalid (self-intersecting,
	// say) and were made valid with GEOS make-valid, as "id: reason".
	Repaired []string `json:"repaired"`
	// ClosedRings counts the rings that did not end where they began and
	// were closed.
	ClosedRings int `json:"closed_rings"`
	// DroppedZM counts the features whose Z or M values were dropped.
	DroppedZM int `json:"dropped_zm"`
}

// idProps are the properties a footprint's id is read from by default,
// in order, matched without regard to case: Footprint's own column, DRA's
// District, Districtr's assignment, then name and id. A GeoPackage's fid
// is never one: it numbers rows, not footprints.
var idProps = []string{"footprint", "district", "assignment", "name", "id"}

// idOrder is the id properties to try under opt: the one it names, or
// the defaults.
func idOrder(opt Options) []string {
	if opt.IDColumn != "" {
		return []string{opt.IDColumn}
	}
	return idProps
}

// columns chooses the properties footprint ids and names come from,
// as the first feature has them: those opt names (an error if it has
// none such), else the defaults. The name column is "" when names are
// the ids.
func columns(c *geojson.Collection, opt Options) (id, name string, err error) {
	props := c.Features[0].Properties
	find := func(want string) string {
		if _, ok := props[want]; ok {
			return want
		}
		for k := range props {
			if strings.EqualFold(k, want) {
				return k
			}
		}
		return ""
	}
	missing := func(what, col string) error {
		keys := make([]string, 0, len(props))
		for k := range props {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return footprint.Invalid(&geo.RowError{File: c.File, Column: col, Problem: fmt.Sprintf("no %s column %q (columns: %s)", what, col, table.HeaderList(keys))})
	}
	for _, want := range idOrder(opt) {
		if id = find(want); id != "" {
			break
		}
	}
	if id == "" && opt.IDColumn != "" {
		return "", "", missing("id", opt.IDColumn)
	}
	switch {
	case opt.NameColumn != "":
		if name = find(opt.NameColumn); name == "" {
			return "", "", missing("name", opt.NameColumn)
		}
	default:
		name = find("name")
	}
	if name == id {
		name = ""
	}
	return id, name, nil
}

// planFromPolygons makes a plan of polygons, with ids and names from the
// columns opt names or the defaults.
func planFromPolygons(ctx context.Context, a *footprint.Atlas, c *geojson.Collection, opt Options) (*footprint.Plan, *PolygonImport, error) {
	rep := &PolygonImport{File: c.File, CRS: geojson.CRSName(c.CRS), Features: len(c.Features), Unmatched: []string{}, Split: []SplitLSOA{}, Repaired: []string{}}
	if len(c.Features) == 0 {
		return nil, nil, footprint.Errorf(footprint.EInvalid, "%s: no features", c.File)
	}
	if err := checkRange(c, rep.CRS); err != nil {
		return nil, nil, err
	}
	id, nameCol, err := columns(c, opt)
	if err != nil {
		return nil, nil, err
	}
	rep.IDProperty, rep.NameProperty = id, nameCol
	g := geos.NewContext()
	if err := repair(ctx, g, c, rep); err != nil {
		return nil, nil, err
	}
	if err := toWGS84(g, c, rep.CRS); err != nil {
		return nil, nil, err
	}
	p, ids, tree, err := footprintsOf(c, rep.IDProperty, rep.NameProperty)
	if err != nil {
		return nil, nil, err
	}
	if err := matchUnits(ctx, g, a, c, p, ids, tree, rep); err != nil {
		return nil, nil, err
	}
	if rep.Assigned == 0 {
		return nil, nil, footprint.Errorf(footprint.EInvalid, "%s: no LSOA's centroid falls in any of its %d polygons: are they in this atlas's region?", c.File, len(c.Features))
	}
	p.Normalize()
	nameFootprints(a, p)
	if err := p.Check(a); err != nil {
		return nil, nil, &footprint.Error{Code: footprint.EInvalid, Message: c.File + ": " + err.Error(), Err: err}
	}
	return p, rep, nil
}

// epsgCode matches the other CRSs PROJ may project from: EPSG codes
// only, so that no file can hand PROJ a pipeline or a path.
var epsgCode = regexp.MustCompile(`^EPSG:[0-9]{1,6}$`)

// checkRange checks the CRS is one Footprint reads and the features'
// coordinates are in range for it. Another EPSG CRS passes, to be
// projected to WGS84 and checked there.
func checkRange(c *geojson.Collection, crs string) error {
	if crs != proj.WGS84 && crs != proj.BNG {
		if epsgCode.MatchString(crs) {
			return nil
		}
		return footprint.Errorf(footprint.EInvalid, "%s: unsupported CRS %s: use EPSG:4326 or EPSG:27700 (or another EPSG code)", c.File, geo.OneLine(c.CRS))
	}
	for _, f := range c.Features {
		if err := proj.CheckBound(crs, f.Geometry.Bound()); err != nil {
			problem := err.Error()
			if crs == proj.WGS84 {
				problem = "coordinates are not longitude and latitude (" + problem + "); give the file's CRS (EPSG:27700) or use WGS84"
			}
			return featureError(c, &f, problem)
		}
	}
	return nil
}

// toWGS84 reprojects British National Grid (or other EPSG) features to
// WGS84, making valid again, silently, any that projection left invalid.
// Features from a CRS other than BNG are range-checked once in WGS84.
func toWGS84(g *geos.Context, c *geojson.Collection, crs string) error {
	if crs == proj.WGS84 {
		return nil
	}
	inv, err := proj.NewProjector(crs, proj.WGS84)
	if err != nil {
		if crs != proj.BNG {
			return footprint.Errorf(footprint.EInvalid, "%s: unsupported CRS %s: PROJ cannot project it to WGS84; use EPSG:4326 or EPSG:27700", c.File, crs)
		}
		return &footprint.Error{Code: footprint.EInternal, Message: "set up projection: " + err.Error(), Err: err}
	}
	for i := range c.Features {
		f := &c.Features[i]
		if f.Geometry, err = inv.MultiPolygon(f.Geometry); err != nil {
			return featureError(c, f, err.Error())
		}
		if crs != proj.BNG {
			if err := proj.CheckBound(proj.WGS84, f.Geometry.Bound()); err != nil {
				return featureError(c, f, "once projected from "+crs+" to WGS84: "+err.Error())
			}
		}
		if f.Geometry, _, err = g.Repair(f.Geometry); err != nil {
			return featureError(c, f, "once projected to WGS84: "+err.Error())
		}
	}
	return nil
}

// featureError is the EInvalid error for a problem with one feature,
// naming the file, the feature's number and its id.
func featureError(c *geojson.Collection, f *geojson.Feature, problem string) error {
	return footprint.Invalid(&geo.RowError{File: c.File, Line: f.Number, Feature: true, ID: f.ID, Problem: problem})
}

// repair makes every feature's geometry valid, recording in rep those
// that were not, with the rings the reader closed and the features whose
// Z or M values it dropped. A geometry that cannot be made valid is an
// error naming the feature.
func repair(ctx context.Context, g *geos.Context, c *geojson.Collection, rep *PolygonImport) error {
	for i := range c.Features {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: import cancelled: %w", c.File, err)
		}
		f := &c.Features[i]
		rep.ClosedRings += f.ClosedRings
		if f.DroppedZM {
			rep.DroppedZM++
		}
		fixed, reason, err := g.Repair(f.Geometry)
		if err != nil {
			return featureError(c, f, err.Error())
		}
		if reason != "" {
			rep.Repaired = append(rep.Repaired, footprintID(f, rep.IDProperty)+": "+reason)
		}
		f.Geometry = fixed
	}
	return nil
}

// planName is a plan's name from its file's, without the extension.
func planName(file string) string {
	base := baseName(file)
	for _, ext := range []string{".geojson", ".gpkg", ".shp.zip", ".zip", ".shz", ".fgb", ".json"} {
		if strings.HasSuffix(strings.ToLower(base), ext) {
			return base[:len(base)-len(ext)]
		}
	}
	return base
}

// footprintID is the id of the footprint a feature makes: its property
// idProp, or "f" and its number.
func footprintID(f *geojson.Feature, idProp string) string {
	if idProp == "" {
		return fmt.Sprintf("f%d", f.Number)
	}
	return f.Prop(idProp)
}

// Notes says in sentences what reading the polygons changed: features
// made valid, rings closed and Z or M values dropped. It is empty when
// the polygons were read as they were.
func (r *PolygonImport) Notes() []string {
	var notes []string
	if n := len(r.Repaired); n > 0 {
		ex := r.Repaired[:min(n, 5)]
		notes = append(notes, fmt.Sprintf("%s invalid and repaired with make-valid (%s)", count(n, "polygon was", "polygons were"), strings.Join(ex, "; ")))
	}
	if r.ClosedRings > 0 {
		notes = append(notes, count(r.ClosedRings, "ring did not end where it began and was closed", "rings did not end where they began and were closed"))
	}
	if r.DroppedZM > 0 {
		notes = append(notes, fmt.Sprintf("%s Z or M values, which were dropped", count(r.DroppedZM, "polygon had", "polygons had")))
	}
	return notes
}

// count is "1 polygon was" or "3 polygons were".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// footprintsOf makes a plan with a footprint for each feature, with its
// id from the property idProp (or its number), name and colour. It
// returns the ids by feature and an index of the features' bounds.
func footprintsOf(c *geojson.Collection, idProp, nameProp string) (*footprint.Plan, []string, *rtree.RTreeG[int], error) {
	p := footprint.NewPlan(planName(c.File))
	ids := make([]string, len(c.Features))
	tree := new(rtree.RTreeG[int])
	for i, f := range c.Features {
		id := footprintID(&f, idProp)
		if id == "" {
			return nil, nil, nil, featureError(c, &f, "empty "+idProp)
		}
		ids[i] = id
		info := p.Ensure(id)
		if n := f.Prop(nameProp); nameProp != "" && n != "" {
			info.Name = n
		}
		if col := f.Prop("colour"); col != "" {
			info.Colour = col
		}
		b := f.Geometry.Bound()
		tree.Insert(b.Min, b.Max, i)
	}
	return p, ids, tree, nil
}

// matchUnits assigns each LSOA to the feature its population-weighted
// centroid falls in, reporting LSOAs that no polygon holds and those the
// polygons split.
func matchUnits(ctx context.Context, g *geos.Context, a *footprint.Atlas, c *geojson.Collection, p *footprint.Plan, ids []string, tree *rtree.RTreeG[int], rep *PolygonImport) error {
	prepared := map[int]*geos.Prepared{}
	for u := range a.Units {
		if u%256 == 0 && ctx.Err() != nil {
			return fmt.Errorf("%s: import cancelled: %w", c.File, ctx.Err())
		}
		un := &a.Units[u]
		pt := un.Centroid
		if !planar.MultiPolygonContains(un.Geom, pt) {
			pt = un.Label // the ONS centroid can fall just outside a generalised boundary
		}
		hit := -1
		tree.Search(pt, pt, func(_, _ [2]float64, i int) bool {
			if planar.MultiPolygonContains(c.Features[i].Geometry, pt) && (hit < 0 || i < hit) {
				hit = i
			}
			return true
		})
		if hit < 0 {
			if anyOverlap(tree, un.Bound) {
				rep.Unmatched = append(rep.Unmatched, un.Code)
			}
			continue
		}
		p.Assign[un.Code] = ids[hit]
		rep.Assigned++
		pp := prepared[hit]
		if pp == nil {
			pp = g.Prepare(c.Features[hit].Geometry)
			prepared[hit] = pp
		}
		in, err := pp.ShareInside(un.Geom)
		if err != nil {
			return featureError(c, &c.Features[hit], fmt.Sprintf("cannot measure LSOA %s against it: %v", un.Code, err))
		}
		if in < 1-SplitShare {
			rep.Split = append(rep.Split, SplitLSOA{LSOA: un.Code, Footprint: ids[hit], Inside: in})
		}
	}
	return nil
}

// anyOverlap reports whether any polygon's bounds meet b: an LSOA far from
// every polygon is outside the file's area, not unmatched.
func anyOverlap(tree *rtree.RTreeG[int], b orb.Bound) bool {
	found := false
	tree.Search(b.Min, b.Max, func(_, _ [2]float64, _ int) bool { found = true; return false })
	return found
}
