package footprint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/geos"
	"github.com/nhs-footprint/footprint/geo/gpkg"
	"github.com/nhs-footprint/footprint/geo/proj"
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
	File       string      `json:"file"`
	CRS        string      `json:"crs"`
	Features   int         `json:"features"`
	IDProperty string      `json:"id_property"`
	Assigned   int         `json:"assigned"`
	Unmatched  []string    `json:"unmatched"` // LSOAs whose centroid is in no polygon
	Split      []SplitLSOA `json:"split"`     // LSOAs cut by more than 10% of their area
}

// idProps are the properties a footprint's id is read from, in order.
var idProps = []string{"id", "footprint", "footprint_id", "fid", "name"}

// ReadPlanData reads a plan from a file's bytes, by its name's extension:
// .json is plan JSON, .geojson and .gpkg are footprint polygons (in WGS84
// or British National Grid), anything else a block assignment CSV.
// Polygons are turned into a plan by the population-weighted centroid of
// each LSOA, and the report says which LSOAs fell in no polygon and which
// were cut. On any error nothing is returned but the error.
func ReadPlanData(a *Atlas, name string, data []byte) (*Plan, *PolygonImport, error) {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".json"):
		p, err := ReadPlanJSON(a, name, bytes.NewReader(data))
		return p, nil, err
	case strings.HasSuffix(lower, ".geojson"):
		c, err := geojson.ParsePolygons(name, data)
		if err != nil {
			return nil, nil, Invalid(err)
		}
		return planFromPolygons(a, c)
	case strings.HasSuffix(lower, ".gpkg"):
		dir, err := os.MkdirTemp("", "footprint-import-")
		if err != nil {
			return nil, nil, err
		}
		defer os.RemoveAll(dir)
		tmp := filepath.Join(dir, "upload.gpkg")
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			return nil, nil, err
		}
		c, err := gpkg.ReadPolygons(tmp, "")
		if err != nil {
			msg := strings.ReplaceAll(err.Error(), tmp, name)
			return nil, nil, Errorf(EInvalid, "%s", msg)
		}
		c.File = name
		return planFromPolygons(a, c)
	}
	p, err := ReadPlanCSV(a, name, bytes.NewReader(data))
	return p, nil, err
}

func planFromPolygons(a *Atlas, c *geojson.Collection) (*Plan, *PolygonImport, error) {
	rep := &PolygonImport{File: c.File, CRS: geojson.CRSName(c.CRS), Features: len(c.Features), Unmatched: []string{}, Split: []SplitLSOA{}}
	if len(c.Features) == 0 {
		return nil, nil, Errorf(EInvalid, "%s: no features", c.File)
	}
	switch rep.CRS {
	case proj.WGS84:
		for _, f := range c.Features {
			b := f.Geometry.Bound()
			if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
				return nil, nil, Errorf(EInvalid, "%s: feature %d: coordinates are not longitude and latitude; give the file's CRS (EPSG:27700) or use WGS84", c.File, f.Number)
			}
		}
	case proj.BNG:
		inv, err := proj.NewProjector(proj.BNG, proj.WGS84)
		if err != nil {
			return nil, nil, err
		}
		for i := range c.Features {
			if c.Features[i].Geometry, err = inv.MultiPolygon(c.Features[i].Geometry); err != nil {
				return nil, nil, Errorf(EInvalid, "%s: feature %d: %v", c.File, i+1, err)
			}
		}
	default:
		return nil, nil, Errorf(EInvalid, "%s: unsupported CRS %s: use EPSG:4326 or EPSG:27700", c.File, c.CRS)
	}
	for _, prop := range idProps {
		if _, ok := c.Features[0].Properties[prop]; ok {
			rep.IDProperty = prop
			break
		}
	}
	p := NewPlan(strings.TrimSuffix(strings.TrimSuffix(baseName(c.File), ".geojson"), ".gpkg"))
	ids := make([]string, len(c.Features))
	var tree rtree.RTreeG[int]
	for i, f := range c.Features {
		id := fmt.Sprintf("f%d", f.Number)
		if rep.IDProperty != "" {
			id = f.Prop(rep.IDProperty)
		}
		if id == "" {
			return nil, nil, Errorf(EInvalid, "%s: feature %d: empty %s", c.File, f.Number, rep.IDProperty)
		}
		ids[i] = id
		info := p.Footprint(id)
		if n := f.Prop("name"); n != "" {
			info.Name = n
		}
		if col := f.Prop("colour"); col != "" {
			info.Colour = col
		}
		b := f.Geometry.Bound()
		tree.Insert(b.Min, b.Max, i)
	}
	g := geos.NewContext()
	prepared := map[int]*geos.Prepared{}
	for u := range a.Units {
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
			if anyOverlap(&tree, un.Bound) {
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
		if in := pp.ShareInside(un.Geom); in < 1-SplitShare {
			rep.Split = append(rep.Split, SplitLSOA{LSOA: un.Code, Footprint: ids[hit], Inside: in})
		}
	}
	if rep.Assigned == 0 {
		return nil, nil, Errorf(EInvalid, "%s: no LSOA's centroid falls in any of its %d polygons: are they in this atlas's region?", c.File, len(c.Features))
	}
	p.Normalize()
	p.nameFootprints(a)
	return p, rep, nil
}

// anyOverlap reports whether any polygon's bounds meet b: an LSOA far from
// every polygon is outside the file's area, not unmatched.
func anyOverlap(tree *rtree.RTreeG[int], b orb.Bound) bool {
	found := false
	tree.Search(b.Min, b.Max, func(_, _ [2]float64, _ int) bool { found = true; return false })
	return found
}
