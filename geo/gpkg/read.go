package gpkg

import (
	"database/sql"
	"fmt"
	"os"

	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/planar"
)

// ReadPolygons reads the first feature table of a GeoPackage (or the
// named one) as a polygon collection, with its CRS as EPSG:NNNN. Each
// feature's ID is the first of idProps it has. As the GeoJSON reader
// does, it closes rings that are not closed and drops Z and M values,
// recording both in the feature; a non-polygon or empty geometry is a
// *geo.RowError naming the feature.
func ReadPolygons(path, table string, idProps ...string) (*geojson.Collection, error) {
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
	names, err := rows.Columns()
	if err != nil {
		return nil, &geo.RowError{File: path, Problem: err.Error()}
	}
	for rows.Next() {
		f, err := readFeature(rows, names, col, len(c.Features)+1, idProps)
		if err != nil {
			return nil, &geo.RowError{File: path, Line: f.Number, Feature: true, ID: f.ID, Problem: err.Error()}
		}
		c.Features = append(c.Features, f)
	}
	if err := rows.Err(); err != nil {
		return nil, &geo.RowError{File: path, Problem: err.Error()}
	}
	return c, nil
}

// readFeature reads the current row as feature number n: its columns as
// properties, and its geometry from column col. On an error the feature
// returned still has its number and ID, for the message.
func readFeature(rows *sql.Rows, names []string, col string, n int, idProps []string) (geojson.Feature, error) {
	f := geojson.Feature{Number: n, Properties: map[string]any{}}
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return f, err
	}
	var blob []byte
	for i, name := range names {
		if name == col {
			blob, _ = vals[i].([]byte)
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
	for _, p := range idProps {
		if v := f.Prop(p); v != "" {
			f.ID = v
			break
		}
	}
	mp, zm, err := parseBlob(blob)
	if err != nil {
		return f, err
	}
	f.Geometry, f.ClosedRings = planar.CloseRings(mp)
	f.DroppedZM = zm
	return f, geojson.CheckMultiPolygon(f.Geometry)
}
