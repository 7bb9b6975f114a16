// Package export writes a plan's footprints for other tools: dissolved
// outlines with their scores and profiles as GeoJSON (RFC 7946) or
// GeoPackage, and the block assignment as CSV or the plan as JSON.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/geos"

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
	// SHP is a zipped Shapefile, one .shp of footprints, as GDAL
	// writes it; its field names are cut to 10 characters.
	SHP Format = "shp"
	// FGB is FlatGeobuf, with a spatial index.
	FGB Format = "fgb"
)

// Formats lists the formats, in the order help text names them.
func Formats() []Format { return []Format{GeoJSON, GPKG, CSV, JSON, SHP, FGB} }

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
	case SHP:
		return ".shp.zip"
	case FGB:
		return ".fgb"
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
	case SHP:
		return "application/zip"
	case FGB:
		return "application/flatgeobuf"
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

// rows gives each footprint's attribute values, in id order.
func rows(s *score.Scorer, sc *footprint.Score, flags map[string]map[footprint.Severity]int) [][]any {
	profiles := profile.Plan(s).Profiles
	rows := make([][]any, len(sc.Footprints))
	for i := range sc.Footprints {
		r := &exportRow{band: [2]int64{sc.Plan.BandMin, sc.Plan.BandMax}, fs: &sc.Footprints[i], info: lookup(s.Plan(), sc.Footprints[i].ID), flags: flags[sc.Footprints[i].ID], v: sc.Plan.Vintages, pr: &profiles[i]}
		row := make([]any, len(exportColumns))
		for k, c := range exportColumns {
			row[k] = c.value(r)
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

// Options choose an export's format and, for GeoPackage, Shapefile and
// FlatGeobuf, its CRS.
type Options struct {
	Format Format
	CRS    string // EPSG:27700 (the default) or EPSG:4326, for gpkg, shp and fgb
}

// File writes the scorer's plan to path in a format, atomically (see
// footprint.WriteFile): the file appears only once it is complete, and
// only a regular file is ever replaced.
func File(s *score.Scorer, path string, opt Options) error {
	if !opt.Format.Known() {
		return footprint.Errorf(footprint.EInvalid, "unknown export format %q: use geojson, gpkg, csv, json, shp (zipped Shapefile) or fgb", opt.Format)
	}
	switch opt.Format {
	case GPKG:
		return footprint.ReplaceFile(path, func(tmp string) error { return writeGPKG(s, tmp, opt.CRS) })
	case SHP, FGB:
		return footprint.ReplaceFile(path, func(tmp string) error { return writeGDAL(s, tmp, opt.Format, opt.CRS) })
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

// lookup returns the plan's info for footprint id, or info naming it by
// its id if the plan has none.
func lookup(p *footprint.Plan, id string) *footprint.FootprintInfo {
	if f, ok := p.Lookup(id); ok {
		return f
	}
	return &footprint.FootprintInfo{ID: id, Name: id}
}
