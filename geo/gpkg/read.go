package gpkg

import (
	"database/sql"
	"fmt"
	"os"

	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/paulmach/orb"
)

// ReadPolygons reads the first feature table of a GeoPackage
// (or the named one) as a polygon collection, with its CRS as EPSG:NNNN.
// Non-polygon geometries are an error naming the feature.
func ReadPolygons(path, table string) (*geojson.Collection, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, geo.OpenError(path, err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		return nil, &geo.RowError{File: path, Problem: err.Error()}
	}
	defer db.Close()
	var col string
	var srs int
	q := `SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns`
	args := []any{}
	if table != "" {
		q += ` WHERE table_name = ?`
		args = append(args, table)
	}
	if err := db.QueryRow(q+` ORDER BY table_name LIMIT 1`, args...).Scan(&table, &col, &srs); err != nil {
		return nil, &geo.RowError{File: path, Problem: "not a GeoPackage with a feature table: " + err.Error()}
	}
	if !identifier.MatchString(table) || !identifier.MatchString(col) {
		return nil, &geo.RowError{File: path, Problem: fmt.Sprintf("unsupported table or column name %q.%q", table, col)}
	}
	c := &geojson.Collection{File: path, CRS: fmt.Sprintf("EPSG:%d", srs)}
	rows, err := db.Query(fmt.Sprintf(`SELECT * FROM "%s"`, table))
	if err != nil {
		return nil, &geo.RowError{File: path, Problem: err.Error()}
	}
	defer rows.Close()
	names, _ := rows.Columns()
	n := 0
	for rows.Next() {
		n++
		vals := make([]any, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, &geo.RowError{File: path, Line: n, Feature: true, Problem: err.Error()}
		}
		f := geojson.Feature{Number: n, Properties: map[string]any{}}
		for i, name := range names {
			if name == col {
				blob, _ := vals[i].([]byte)
				g, _, err := parseBlob(blob)
				if err != nil {
					return nil, &geo.RowError{File: path, Line: n, Feature: true, Problem: err.Error()}
				}
				switch t := g.(type) {
				case orb.Polygon:
					f.Geometry = orb.MultiPolygon{t}
				case orb.MultiPolygon:
					f.Geometry = t
				default:
					return nil, &geo.RowError{File: path, Line: n, Feature: true, Problem: fmt.Sprintf("geometry is %s, want Polygon or MultiPolygon", g.GeoJSONType())}
				}
				continue
			}
			switch v := vals[i].(type) {
			case []byte:
				f.Properties[name] = string(v)
			case int64:
				f.Properties[name] = float64(v)
			default:
				f.Properties[name] = v
			}
		}
		if err := geojson.CheckMultiPolygon(f.Geometry); err != nil {
			return nil, &geo.RowError{File: path, Line: n, Feature: true, Problem: err.Error()}
		}
		c.Features = append(c.Features, f)
	}
	return c, rows.Err()
}
