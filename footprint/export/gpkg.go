package export

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/score"
	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/gdal"
	"github.com/nhs-footprint/footprint/geo/gpkg"
	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/nhs-footprint/footprint/geo/proj"
	"github.com/paulmach/orb"
)

// writeGDAL writes the scorer's plan as a zipped Shapefile or FlatGeobuf
// at path: the GeoPackage's footprints layer, translated by GDAL.
func writeGDAL(s *score.Scorer, path string, format Format, crs string) error {
	dir, err := os.MkdirTemp("", "footprint-export-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "plan.gpkg")
	if err := writeGPKG(s, src, crs); err != nil {
		return err
	}
	driver := gdal.FlatGeobuf
	if format == SHP {
		driver = gdal.Shapefile
	}
	dst := filepath.Join(dir, "footprints"+format.Ext())
	if err := gdal.Translate(src, dst, driver, "footprints"); err != nil {
		return err
	}
	return copyFile(dst, path)
}

// copyFile copies src over the existing file dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
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
		flags = append(flags, []any{string(f.Kind), string(f.Severity), string(f.Subject.Kind), f.Subject.Code, f.Subject.Name, f.Message, f.Action, round(f.Affected, RatioPlaces), strings.Join(f.LSOAs, " ")})
	}
	vint, _ := json.Marshal(sc.Plan.Vintages)
	band := [2]int64{sc.Plan.BandMin, sc.Plan.BandMax}
	tables := []gpkg.Table{
		{Name: "footprints", Description: "Footprints of plan " + s.Plan().Name + ", dissolved from LSOA 2021. Data: " + string(vint), SRS: srs, Fields: fields, Rows: rows, Geoms: geoms},
		{Name: "lsoa_assignment", Description: "LSOA 2021 to footprint", Fields: textFields("lsoa21cd", "footprint", "lsoa21nm", "population:INTEGER"), Rows: assign},
		{Name: "flags", Description: "Flags: boundaries that need re-alignment or a cross-boundary arrangement, with the action to take",
			Fields: textFields("kind", "severity", "subject_kind", "subject_code", "subject_name", "message", "action", "affected:REAL", "lsoas"), Rows: flags},
		styleTable(s.Plan().Name, band),
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
