package footprint

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/nhs-footprint/footprint/geo"
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
			g := geo.NewGEOS()
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

// column is one attribute of an exported footprint.
type column struct {
	name, typ string
	get       func(fs *FootprintScore, info *FootprintInfo, flags map[Severity]int, v map[string]string) any
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

// exportColumns are the attributes of each footprint in GeoJSON and
// GeoPackage exports.
var exportColumns = []column{
	{"id", "TEXT", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any { return fs.ID }},
	{"name", "TEXT", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return fs.Name
	}},
	{"colour", "TEXT", func(_ *FootprintScore, i *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return i.Colour
	}},
	{"population", "INTEGER", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return fs.Population
	}},
	{"in_band", "INTEGER", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return fs.InBand
	}},
	{"lsoas", "INTEGER", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return fs.LSOAs
	}},
	{"components", "INTEGER", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return fs.Components
	}},
	{"area_km2", "REAL", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return optional(fs.AreaKm2)
	}},
	{"polsby_popper", "REAL", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return optional(fs.PolsbyPopper)
	}},
	{"reock", "REAL", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return optional(fs.Reock)
	}},
	{"hull_ratio", "REAL", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return optional(fs.HullRatio)
	}},
	{"ward_integrity", "REAL", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return optional(fs.WardIntegrity)
	}},
	{"msoa_integrity", "REAL", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return optional(fs.MSOAIntegrity)
	}},
	{"demand_containment", "REAL", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return optional(fs.DemandContainment)
	}},
	{"supply_containment", "REAL", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return optional(fs.SupplyContainment)
	}},
	{"registered", "REAL", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return fs.Registered
	}},
	{"home_pcns", "TEXT", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return strings.Join(fs.HomePCNs, "; ")
	}},
	{"imd_mean", "REAL", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return optional(fs.IMDMean)
	}},
	{"imd_d12_share", "REAL", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return optional(fs.IMDD12Share)
	}},
	{"boroughs", "TEXT", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return names(fs.Boroughs)
	}},
	{"places", "TEXT", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return names(fs.Places)
	}},
	{"icbs", "TEXT", func(fs *FootprintScore, _ *FootprintInfo, _ map[Severity]int, _ map[string]string) any {
		return names(fs.ICBs)
	}},
	{"flags_error", "INTEGER", func(_ *FootprintScore, _ *FootprintInfo, f map[Severity]int, _ map[string]string) any {
		return f[SeverityError]
	}},
	{"flags_warning", "INTEGER", func(_ *FootprintScore, _ *FootprintInfo, f map[Severity]int, _ map[string]string) any {
		return f[SeverityWarning]
	}},
	{"flags_info", "INTEGER", func(_ *FootprintScore, _ *FootprintInfo, f map[Severity]int, _ map[string]string) any {
		return f[SeverityInfo]
	}},
	{"vintage_population", "TEXT", func(_ *FootprintScore, _ *FootprintInfo, _ map[Severity]int, v map[string]string) any {
		return v["population"]
	}},
	{"vintage_registrations", "TEXT", func(_ *FootprintScore, _ *FootprintInfo, _ map[Severity]int, v map[string]string) any {
		return v["registrations"]
	}},
	{"vintage_pcns", "TEXT", func(_ *FootprintScore, _ *FootprintInfo, _ map[Severity]int, v map[string]string) any {
		return v["practices"]
	}},
	{"vintage_imd", "TEXT", func(_ *FootprintScore, _ *FootprintInfo, _ map[Severity]int, v map[string]string) any {
		return v["imd"]
	}},
	{"vintage_boundaries", "TEXT", func(_ *FootprintScore, _ *FootprintInfo, _ map[Severity]int, v map[string]string) any {
		return v["lsoa"]
	}},
}

// exportRows scores the plan and returns, per footprint in id order, its
// attribute values, with the dissolved outlines.
func (s *Scorer) exportRows() (*Score, []Dissolved, [][]any, error) {
	sc := s.Score(true)
	dis, err := s.Dissolve(2)
	if err != nil {
		return nil, nil, nil, err
	}
	flags := map[string]map[Severity]int{}
	for _, f := range sc.Flags {
		if f.Subject.Kind == SubjectFootprint {
			if flags[f.Subject.Code] == nil {
				flags[f.Subject.Code] = map[Severity]int{}
			}
			flags[f.Subject.Code][f.Severity]++
		}
	}
	rows := make([][]any, len(sc.Footprints))
	for i := range sc.Footprints {
		fs := &sc.Footprints[i]
		info := s.plan.Footprint(fs.ID)
		row := make([]any, len(exportColumns))
		for k, c := range exportColumns {
			row[k] = c.get(fs, info, flags[fs.ID], sc.Plan.Vintages)
		}
		rows[i] = row
	}
	return sc, dis, rows, nil
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
		feats := make([]geo.OutFeature, len(dis))
		for i, d := range dis {
			props := make([]geo.Prop, len(exportColumns))
			for k, c := range exportColumns {
				props[k] = geo.Prop{Key: c.name, Value: rows[i][k]}
			}
			feats[i] = geo.OutFeature{Geom: d.Geom, Props: props}
		}
		return geo.WriteGeoJSON(w, feats, GeoJSONDecimals)
	}
	return Errorf(EInvalid, "format %q cannot be streamed", format)
}

func (s *Scorer) exportGPKG(path, crs string) error {
	srs := 27700
	switch geo.CRSName(crs) {
	case geo.BNG:
	case geo.WGS84:
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
		p, err := geo.NewProjector(geo.WGS84, geo.BNG)
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
			geoms[i] = geo.Tidy(d.Geom, GeoJSONDecimals+2)
		}
	}
	fields := make([]geo.Field, len(exportColumns))
	for k, c := range exportColumns {
		fields[k] = geo.Field{Name: c.name, Type: c.typ}
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
	tables := []geo.GPKGTable{
		{Name: "footprints", Description: "Footprints of plan " + s.plan.Name + ", dissolved from LSOA 2021. Data: " + string(vint), SRS: srs, Fields: fields, Rows: rows, Geoms: geoms},
		{Name: "lsoa_assignment", Description: "LSOA 2021 to footprint", Fields: textFields("lsoa21cd", "footprint", "lsoa21nm", "population:INTEGER"), Rows: assign},
		{Name: "flags", Description: "Flags: boundaries that need re-alignment or a cross-boundary arrangement, with the action to take",
			Fields: textFields("kind", "severity", "subject_kind", "subject_code", "subject_name", "message", "action", "affected:REAL", "lsoas"), Rows: flags},
	}
	return geo.WriteGeoPackage(path, tables)
}

// textFields makes GeoPackage fields from names, TEXT unless a name ends
// in ":TYPE".
func textFields(names ...string) []geo.Field {
	out := make([]geo.Field, len(names))
	for i, n := range names {
		name, typ, ok := strings.Cut(n, ":")
		if !ok {
			typ = "TEXT"
		}
		out[i] = geo.Field{Name: name, Type: typ}
	}
	return out
}
