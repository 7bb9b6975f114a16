package footprint

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/geos"
	"github.com/nhs-footprint/footprint/geo/gpkg"
	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/nhs-footprint/footprint/geo/proj"
	"github.com/paulmach/orb"
)

// ExportFormat is a file format plans are exported in.
type ExportFormat string

// Export formats.
const (
	ExportGeoJSON ExportFormat = "geojson"
	ExportGPKG    ExportFormat = "gpkg"
	ExportCSV     ExportFormat = "csv"
	ExportJSON    ExportFormat = "json"
)

// ExportFormats lists the formats, with their file extensions and media
// types.
var ExportFormats = map[ExportFormat]struct{ Ext, MediaType string }{
	ExportGeoJSON: {".geojson", "application/geo+json"},
	ExportGPKG:    {".gpkg", "application/geopackage+sqlite3"},
	ExportCSV:     {".csv", "text/csv"},
	ExportJSON:    {".json", "application/json"},
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
func (s *Scorer) Dissolve(workers int) ([]Dissolved, error) {
	order := s.footprintOrder()
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
				f := order[i]
				out[i].ID = s.ids[f]
				m := s.members[f]
				if len(m) == 0 {
					continue
				}
				parts := make([]orb.MultiPolygon, len(m))
				for k, u := range m {
					parts[k] = s.a.Units[u].Geom
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
	fs    *FootprintScore
	info  *FootprintInfo
	flags map[Severity]int
	v     map[string]string
	pr    *Profile
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

func names(list []AreaShare) string {
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
	return whole(segments[i].key, func(r *exportRow) any { return r.pr.Segments[i].Residents })
}

func domainColumn(i int) column {
	return decimal("imd_"+imdDomainRoles[i], func(r *exportRow) any {
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

func lsoaRef(l *LSOARef) any {
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
		whole("flags_error", func(r *exportRow) any { return r.flags[SeverityError] }),
		whole("flags_warning", func(r *exportRow) any { return r.flags[SeverityWarning] }),
		whole("flags_info", func(r *exportRow) any { return r.flags[SeverityInfo] }),
	}
	for i := range segments {
		cols = append(cols, segmentColumn(i))
	}
	for i := range NumIMDDomains {
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
func (s *Scorer) rows(sc *Score, flags map[string]map[Severity]int) [][]any {
	profiles := s.Profiles().Profiles
	rows := make([][]any, len(sc.Footprints))
	for i := range sc.Footprints {
		r := &exportRow{fs: &sc.Footprints[i], info: s.plan.Footprint(sc.Footprints[i].ID), flags: flags[sc.Footprints[i].ID], v: sc.Plan.Vintages, pr: &profiles[i]}
		row := make([]any, len(exportColumns))
		for k, c := range exportColumns {
			row[k] = c.get(r)
		}
		rows[i] = row
	}
	return rows
}

// footprintFlagCounts counts each footprint's flags by severity.
func footprintFlagCounts(sc *Score) map[string]map[Severity]int {
	flags := map[string]map[Severity]int{}
	for _, f := range sc.Flags {
		if f.Subject.Kind == SubjectFootprint {
			if flags[f.Subject.Code] == nil {
				flags[f.Subject.Code] = map[Severity]int{}
			}
			flags[f.Subject.Code][f.Severity]++
		}
	}
	return flags
}

// WriteProfilesCSV writes every footprint's scores and profile as CSV,
// one row per footprint, with the columns of the GeoJSON properties.
func (s *Scorer) WriteProfilesCSV(w io.Writer) error {
	sc := s.Score(true)
	flags := footprintFlagCounts(sc)
	cw := csv.NewWriter(w)
	head := make([]string, len(exportColumns))
	for k, c := range exportColumns {
		head[k] = c.name
	}
	cw.Write(head)
	for _, row := range s.rows(sc, flags) {
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
func (s *Scorer) exportRows() (*Score, []Dissolved, [][]any, error) {
	sc := s.Score(true)
	dis, err := s.Dissolve(2)
	if err != nil {
		return nil, nil, nil, err
	}
	flags := footprintFlagCounts(sc)
	return sc, dis, s.rows(sc, flags), nil
}

// ExportOptions choose an export's format and, for GeoPackage, its CRS.
type ExportOptions struct {
	Format ExportFormat
	CRS    string // EPSG:27700 (the default) or EPSG:4326, for gpkg
}

// Export writes the plan to path in a format, atomically: the file
// appears only once it is complete.
func (s *Scorer) Export(path string, opt ExportOptions) error {
	if _, ok := ExportFormats[opt.Format]; !ok {
		return Errorf(EInvalid, "unknown export format %q: use geojson, gpkg, csv or json", opt.Format)
	}
	if opt.Format == ExportGPKG {
		return s.exportGPKG(path, opt.CRS)
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	defer os.Remove(tmp)
	if err := s.ExportTo(f, opt.Format); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}

// ExportTo writes the plan as GeoJSON, CSV or JSON.
func (s *Scorer) ExportTo(w io.Writer, format ExportFormat) error {
	switch format {
	case ExportCSV:
		return WritePlanCSV(w, s.plan)
	case ExportJSON:
		return WritePlanJSON(w, s.plan)
	case ExportGeoJSON:
		_, dis, rows, err := s.exportRows()
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
	return Errorf(EInvalid, "format %q cannot be streamed", format)
}

func (s *Scorer) exportGPKG(path, crs string) error {
	srs := 27700
	switch geojson.CRSName(crs) {
	case proj.BNG:
	case proj.WGS84:
		if crs != "" {
			srs = 4326
		}
	default:
		return Errorf(EInvalid, "unsupported CRS %q for GeoPackage: use EPSG:27700 or EPSG:4326", crs)
	}
	sc, dis, rows, err := s.exportRows()
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
	for u := range s.a.Units {
		if f := s.assign[u]; f >= 0 {
			un := &s.a.Units[u]
			assign = append(assign, []any{un.Code, s.ids[f], un.Name, int64(un.Pop)})
		}
	}
	var flags [][]any
	for _, f := range sc.Flags {
		flags = append(flags, []any{string(f.Kind), string(f.Severity), string(f.Subject.Kind), f.Subject.Code, f.Subject.Name, f.Message, f.Action, f.Affected, strings.Join(f.LSOAs, " ")})
	}
	vint, _ := json.Marshal(sc.Plan.Vintages)
	tables := []gpkg.Table{
		{Name: "footprints", Description: "Footprints of plan " + s.plan.Name + ", dissolved from LSOA 2021. Data: " + string(vint), SRS: srs, Fields: fields, Rows: rows, Geoms: geoms},
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
