// Package export writes a plan's footprints for other tools: dissolved
// outlines with their scores and profiles as GeoJSON (RFC 7946) or
// GeoPackage, and the block assignment as CSV or the plan as JSON.
package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/geos"
	"github.com/nhs-footprint/footprint/geo/gpkg"
	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/nhs-footprint/footprint/geo/proj"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/planfile"
	"github.com/nhs-footprint/footprint/footprint/profile"
	"github.com/nhs-footprint/footprint/footprint/score"
	"github.com/paulmach/orb"
)

// Format is a file format plans are exported in.
type Format string

// Export formats.
const (
	GeoJSON Format = "geojson"
	GPKG    Format = "gpkg"
	CSV     Format = "csv"
	JSON    Format = "json"
)

// Formats lists the formats, in the order help text names them.
func Formats() []Format { return []Format{GeoJSON, GPKG, CSV, JSON} }

// Known reports whether f is an export format.
func (f Format) Known() bool { return f.Ext() != "" }

// Ext is the format's file extension, with its dot; "" if f is unknown.
func (f Format) Ext() string {
	switch f {
	case GeoJSON:
		return ".geojson"
	case GPKG:
		return ".gpkg"
	case CSV:
		return ".csv"
	case JSON:
		return ".json"
	}
	return ""
}

// MediaType is the format's media type; "" if f is unknown.
func (f Format) MediaType() string {
	switch f {
	case GeoJSON:
		return "application/geo+json"
	case GPKG:
		return "application/geopackage+sqlite3"
	case CSV:
		return "text/csv"
	case JSON:
		return "application/json"
	}
	return ""
}

// GeoJSONDecimals is the precision of exported GeoJSON coordinates: 6
// decimal places of a degree, about 0.1 m.
const GeoJSONDecimals = 6

// Dissolved is a footprint's outline: the union of its LSOAs, in WGS84.
type Dissolved struct {
	ID   string
	Geom orb.MultiPolygon
}

// Dissolve unions each footprint's LSOAs with GEOS coverage union, in
// parallel with one GEOS context per worker. Footprints come in id order;
// an empty footprint has an empty outline.
func Dissolve(s *score.Scorer, workers int) ([]Dissolved, error) {
	order := s.Footprints()
	out := make([]Dissolved, len(order))
	jobs := make(chan int)
	errs := make([]error, len(order))
	var wg sync.WaitGroup
	for range max(1, workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := geos.NewContext()
			for i := range jobs {
				out[i].ID = order[i]
				m := s.Members(order[i])
				if len(m) == 0 {
					continue
				}
				parts := make([]orb.MultiPolygon, len(m))
				for k, u := range m {
					parts[k] = s.Atlas().Units[u].Geom
				}
				out[i].Geom, errs[i] = g.Union(parts)
			}
		}()
	}
	for i := range order {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("dissolve footprint %s: %w", out[i].ID, err)
		}
	}
	return out, nil
}

// exportRow is what an exported footprint's attributes come from.
type exportRow struct {
	fs    *footprint.FootprintScore
	info  *footprint.FootprintInfo
	flags map[footprint.Severity]int
	v     map[string]string
	pr    *footprint.Profile
}

// column is one attribute of an exported footprint.
type column struct {
	name, typ string
	get       func(r *exportRow) any
}

func optional(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func names(list []footprint.AreaShare) string {
	var n []string
	for _, a := range list {
		n = append(n, a.Name)
	}
	return strings.Join(n, "; ")
}

func text(name string, get func(r *exportRow) any) column    { return column{name, "TEXT", get} }
func decimal(name string, get func(r *exportRow) any) column { return column{name, "REAL", get} }
func whole(name string, get func(r *exportRow) any) column   { return column{name, "INTEGER", get} }

// segmentColumn is the residents of one profile segment.
func segmentColumn(i int) column {
	return whole(profile.SegmentKeys()[i], func(r *exportRow) any { return r.pr.Segments[i].Residents })
}

func domainColumn(i int) column {
	return decimal("imd_"+footprint.IMDDomainRoles[i], func(r *exportRow) any {
		if r.pr.IMDMean == nil {
			return nil
		}
		return r.pr.Domains[i].Mean
	})
}

func hubColumn(i int) column {
	return text(fmt.Sprintf("hub_%d", i+1), func(r *exportRow) any {
		if i >= len(r.pr.Hubs) {
			return nil
		}
		h := r.pr.Hubs[i]
		return fmt.Sprintf("%s %s (%.0f m)", h.Practice, h.Name, h.MeanDistanceM)
	})
}

func lsoaRef(l *footprint.LSOARef) any {
	if l == nil {
		return nil
	}
	return fmt.Sprintf("%s %s (IMD %.1f, decile %d)", l.Code, l.Name, l.Score, l.Decile)
}

// exportColumns are the attributes of each footprint in GeoJSON and
// GeoPackage exports and the profiles CSV: its scores, then its profile.
var exportColumns = func() []column {
	cols := []column{
		text("id", func(r *exportRow) any { return r.fs.ID }),
		text("name", func(r *exportRow) any { return r.fs.Name }),
		text("colour", func(r *exportRow) any { return r.info.Colour }),
		whole("population", func(r *exportRow) any { return r.fs.Population }),
		decimal("need_weighted_population", func(r *exportRow) any { return r.fs.NeedWeightedPopulation }),
		whole("in_band", func(r *exportRow) any { return r.fs.InBand }),
		whole("lsoas", func(r *exportRow) any { return r.fs.LSOAs }),
		whole("components", func(r *exportRow) any { return r.fs.Components }),
		decimal("area_km2", func(r *exportRow) any { return optional(r.fs.AreaKm2) }),
		decimal("polsby_popper", func(r *exportRow) any { return optional(r.fs.PolsbyPopper) }),
		decimal("reock", func(r *exportRow) any { return optional(r.fs.Reock) }),
		decimal("hull_ratio", func(r *exportRow) any { return optional(r.fs.HullRatio) }),
		decimal("ward_integrity", func(r *exportRow) any { return optional(r.fs.WardIntegrity) }),
		decimal("msoa_integrity", func(r *exportRow) any { return optional(r.fs.MSOAIntegrity) }),
		decimal("demand_containment", func(r *exportRow) any { return optional(r.fs.DemandContainment) }),
		decimal("supply_containment", func(r *exportRow) any { return optional(r.fs.SupplyContainment) }),
		decimal("registered", func(r *exportRow) any { return r.fs.Registered }),
		text("home_pcns", func(r *exportRow) any { return strings.Join(r.fs.HomePCNs, "; ") }),
		decimal("imd_mean", func(r *exportRow) any { return optional(r.fs.IMDMean) }),
		decimal("imd_d12_share", func(r *exportRow) any { return optional(r.fs.IMDD12Share) }),
		text("boroughs", func(r *exportRow) any { return names(r.fs.Boroughs) }),
		text("places", func(r *exportRow) any { return names(r.fs.Places) }),
		text("icbs", func(r *exportRow) any { return names(r.fs.ICBs) }),
		whole("flags_error", func(r *exportRow) any { return r.flags[footprint.SeverityError] }),
		whole("flags_warning", func(r *exportRow) any { return r.flags[footprint.SeverityWarning] }),
		whole("flags_info", func(r *exportRow) any { return r.flags[footprint.SeverityInfo] }),
	}
	for i := range profile.SegmentKeys() {
		cols = append(cols, segmentColumn(i))
	}
	for i := range footprint.NumIMDDomains {
		cols = append(cols, domainColumn(i))
	}
	cols = append(cols,
		text("most_deprived", func(r *exportRow) any { return lsoaRef(r.pr.MostDeprived) }),
		text("least_deprived", func(r *exportRow) any { return lsoaRef(r.pr.LeastDeprived) }),
		text("practices", func(r *exportRow) any {
			var c []string
			for _, p := range r.pr.Practices {
				c = append(c, p.Code)
			}
			return strings.Join(c, "; ")
		}),
		whole("list_size", func(r *exportRow) any { return r.pr.ListSize }),
		decimal("list_inflation", func(r *exportRow) any { return optional(r.pr.ListInflation) }),
		decimal("list_per_resident", func(r *exportRow) any { return optional(r.pr.ListPerResident) }),
		decimal("registered_inside", func(r *exportRow) any { return optional(r.pr.RegisteredInside) }),
		decimal("mean_distance_m", func(r *exportRow) any { return optional(r.pr.MeanDistanceM) }),
	)
	for i := range 3 {
		cols = append(cols, hubColumn(i))
	}
	return append(cols,
		text("vintage_population", func(r *exportRow) any { return r.v["population"] }),
		text("vintage_registrations", func(r *exportRow) any { return r.v["registrations"] }),
		text("vintage_pcns", func(r *exportRow) any { return r.v["practices"] }),
		text("vintage_list_sizes", func(r *exportRow) any { return r.v["list_sizes"] }),
		text("vintage_imd", func(r *exportRow) any { return r.v["imd"] }),
		text("vintage_boundaries", func(r *exportRow) any { return r.v["lsoa"] }),
	)
}()

// rows gives each footprint's attribute values, in id order.
func rows(s *score.Scorer, sc *footprint.Score, flags map[string]map[footprint.Severity]int) [][]any {
	profiles := profile.Plan(s).Profiles
	rows := make([][]any, len(sc.Footprints))
	for i := range sc.Footprints {
		r := &exportRow{fs: &sc.Footprints[i], info: lookup(s.Plan(), sc.Footprints[i].ID), flags: flags[sc.Footprints[i].ID], v: sc.Plan.Vintages, pr: &profiles[i]}
		row := make([]any, len(exportColumns))
		for k, c := range exportColumns {
			row[k] = c.get(r)
		}
		rows[i] = row
	}
	return rows
}

// footprintFlagCounts counts each footprint's flags by severity.
func footprintFlagCounts(sc *footprint.Score) map[string]map[footprint.Severity]int {
	flags := map[string]map[footprint.Severity]int{}
	for _, f := range sc.Flags {
		if f.Subject.Kind == footprint.SubjectFootprint {
			if flags[f.Subject.Code] == nil {
				flags[f.Subject.Code] = map[footprint.Severity]int{}
			}
			flags[f.Subject.Code][f.Severity]++
		}
	}
	return flags
}

// ProfilesCSV writes every footprint's scores and profile as CSV, one
// row per footprint, with the columns of the GeoJSON properties.
func ProfilesCSV(w io.Writer, s *score.Scorer) error {
	sc := s.Score(true)
	flags := footprintFlagCounts(sc)
	cw := csv.NewWriter(w)
	head := make([]string, len(exportColumns))
	for k, c := range exportColumns {
		head[k] = c.name
	}
	cw.Write(head)
	for _, row := range rows(s, sc, flags) {
		rec := make([]string, len(row))
		for k, v := range row {
			switch x := v.(type) {
			case nil:
			case float64:
				rec[k] = strconv.FormatFloat(x, 'f', -1, 64)
			default:
				rec[k] = fmt.Sprint(x)
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// exportRows scores the plan and returns, per footprint in id order, its
// attribute values, with the dissolved outlines.
func exportRows(s *score.Scorer) (*footprint.Score, []Dissolved, [][]any, error) {
	sc := s.Score(true)
	dis, err := Dissolve(s, 2)
	if err != nil {
		return nil, nil, nil, err
	}
	flags := footprintFlagCounts(sc)
	return sc, dis, rows(s, sc, flags), nil
}

// Options choose an export's format and, for GeoPackage, its CRS.
type Options struct {
	Format Format
	CRS    string // EPSG:27700 (the default) or EPSG:4326, for gpkg
}

// File writes the scorer's plan to path in a format, atomically (see
// footprint.WriteFile): the file appears only once it is complete, and
// only a regular file is ever replaced.
func File(s *score.Scorer, path string, opt Options) error {
	if !opt.Format.Known() {
		return footprint.Errorf(footprint.EInvalid, "unknown export format %q: use geojson, gpkg, csv or json", opt.Format)
	}
	if opt.Format == GPKG {
		return footprint.ReplaceFile(path, func(tmp string) error { return writeGPKG(s, tmp, opt.CRS) })
	}
	return footprint.WriteFile(path, func(w io.Writer) error { return Write(w, s, opt.Format) })
}

// Write writes the scorer's plan to w as GeoJSON, CSV or JSON.
func Write(w io.Writer, s *score.Scorer, format Format) error {
	switch format {
	case CSV:
		return planfile.WriteCSV(w, s.Plan())
	case JSON:
		return planfile.WriteJSON(w, s.Plan())
	case GeoJSON:
		_, dis, rows, err := exportRows(s)
		if err != nil {
			return err
		}
		feats := make([]geojson.OutFeature, len(dis))
		for i, d := range dis {
			props := make([]geojson.Prop, len(exportColumns))
			for k, c := range exportColumns {
				props[k] = geojson.Prop{Key: c.name, Value: rows[i][k]}
			}
			feats[i] = geojson.OutFeature{Geom: d.Geom, Props: props}
		}
		return geojson.Write(w, feats, GeoJSONDecimals)
	}
	return footprint.Errorf(footprint.EInvalid, "format %q cannot be streamed", format)
}

// writeGPKG writes the scorer's plan as a GeoPackage in the CRS.
func writeGPKG(s *score.Scorer, path, crs string) error {
	srs := 27700
	switch geojson.CRSName(crs) {
	case proj.BNG:
	case proj.WGS84:
		if crs != "" {
			srs = 4326
		}
	default:
		return footprint.Errorf(footprint.EInvalid, "unsupported CRS %q for GeoPackage: use EPSG:27700 or EPSG:4326", crs)
	}
	sc, dis, rows, err := exportRows(s)
	if err != nil {
		return err
	}
	geoms := make([]orb.MultiPolygon, len(dis))
	if srs == 27700 {
		p, err := proj.NewProjector(proj.WGS84, proj.BNG)
		if err != nil {
			return err
		}
		for i, d := range dis {
			if geoms[i], err = p.MultiPolygon(d.Geom); err != nil {
				return fmt.Errorf("project %s: %w", d.ID, err)
			}
		}
	} else {
		for i, d := range dis {
			geoms[i] = planar.Tidy(d.Geom, GeoJSONDecimals+2)
		}
	}
	fields := make([]gpkg.Field, len(exportColumns))
	for k, c := range exportColumns {
		fields[k] = gpkg.Field{Name: c.name, Type: c.typ}
	}
	for _, row := range rows {
		for k := range row {
			if b, ok := row[k].(bool); ok {
				row[k] = map[bool]int{false: 0, true: 1}[b]
			}
		}
	}
	var assign [][]any
	a := s.Atlas()
	for u := range a.Units {
		if f := s.FootprintOf(int32(u)); f != "" {
			un := &a.Units[u]
			assign = append(assign, []any{un.Code, f, un.Name, int64(un.Pop)})
		}
	}
	var flags [][]any
	for _, f := range sc.Flags {
		flags = append(flags, []any{string(f.Kind), string(f.Severity), string(f.Subject.Kind), f.Subject.Code, f.Subject.Name, f.Message, f.Action, f.Affected, strings.Join(f.LSOAs, " ")})
	}
	vint, _ := json.Marshal(sc.Plan.Vintages)
	tables := []gpkg.Table{
		{Name: "footprints", Description: "Footprints of plan " + s.Plan().Name + ", dissolved from LSOA 2021. Data: " + string(vint), SRS: srs, Fields: fields, Rows: rows, Geoms: geoms},
		{Name: "lsoa_assignment", Description: "LSOA 2021 to footprint", Fields: textFields("lsoa21cd", "footprint", "lsoa21nm", "population:INTEGER"), Rows: assign},
		{Name: "flags", Description: "Flags: boundaries that need re-alignment or a cross-boundary arrangement, with the action to take",
			Fields: textFields("kind", "severity", "subject_kind", "subject_code", "subject_name", "message", "action", "affected:REAL", "lsoas"), Rows: flags},
	}
	return gpkg.Write(path, tables)
}

// textFields makes GeoPackage fields from names, TEXT unless a name ends
// in ":TYPE".
func textFields(names ...string) []gpkg.Field {
	out := make([]gpkg.Field, len(names))
	for i, n := range names {
		name, typ, ok := strings.Cut(n, ":")
		if !ok {
			typ = "TEXT"
		}
		out[i] = gpkg.Field{Name: name, Type: typ}
	}
	return out
}

// lookup returns the plan's info for footprint id, or info naming it by
// its id if the plan has none.
func lookup(p *footprint.Plan, id string) *footprint.FootprintInfo {
	if f, ok := p.Lookup(id); ok {
		return f
	}
	return &footprint.FootprintInfo{ID: id, Name: id}
}
