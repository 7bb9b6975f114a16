package geo

import (
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	_ "github.com/mattn/go-sqlite3" // GeoPackage is SQLite
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// SRS definitions written to a GeoPackage, as OGC WKT.
const (
	wktWGS84 = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`
	wktBNG   = `PROJCS["OSGB36 / British National Grid",GEOGCS["OSGB36",DATUM["Ordnance_Survey_of_Great_Britain_1936",SPHEROID["Airy 1830",6377563.396,299.3249646,AUTHORITY["EPSG","7001"]],AUTHORITY["EPSG","6277"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4277"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",49],PARAMETER["central_meridian",-2],PARAMETER["scale_factor",0.9996012717],PARAMETER["false_easting",400000],PARAMETER["false_northing",-100000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","27700"]]`
)

// Field is a column of a GeoPackage table: TEXT, INTEGER or REAL.
type Field struct {
	Name, Type string
}

// GPKGTable is a GeoPackage table to write: a feature table of MultiPolygons
// when Geoms is set, else an attribute table.
type GPKGTable struct {
	Name, Description string
	SRS               int // 4326 or 27700, for feature tables
	Fields            []Field
	Rows              [][]any
	Geoms             []orb.MultiPolygon
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// WriteGeoPackage writes tables to a new GeoPackage 1.3 at path, replacing
// any file there only once the whole package is written. Feature tables
// get an R-tree spatial index.
func WriteGeoPackage(path string, tables []GPKGTable) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	os.Remove(tmp)
	defer os.Remove(tmp)
	if err := writeGPKG(tmp, tables); err != nil {
		return fmt.Errorf("write GeoPackage %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write GeoPackage %s: %w", path, err)
	}
	return nil
}

func writeGPKG(path string, tables []GPKGTable) error {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=DELETE")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	exec := func(q string, args ...any) {
		if err == nil {
			_, err = tx.Exec(q, args...)
			if err != nil {
				err = fmt.Errorf("%s: %w", strings.SplitN(q, "(", 2)[0], err)
			}
		}
	}
	exec(`PRAGMA application_id = 1196444487`) // "GPKG"
	exec(`PRAGMA user_version = 10300`)
	exec(`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`)
	exec(`INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'), ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'), ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid'), ('OSGB36 / British National Grid', 27700, 'EPSG', 27700, ?, 'British National Grid, metres')`, wktWGS84, wktBNG)
	exec(`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`)
	exec(`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`)
	exec(`CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))`)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := writeTable(tx, t); err != nil {
			return fmt.Errorf("table %s: %w", t.Name, err)
		}
	}
	return tx.Commit()
}

func writeTable(tx *sql.Tx, t GPKGTable) error {
	if !identifier.MatchString(t.Name) {
		return fmt.Errorf("bad table name")
	}
	cols := []string{"fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"}
	names := []string{}
	feature := t.Geoms != nil
	if feature {
		cols = append(cols, "geom MULTIPOLYGON")
		names = append(names, "geom")
	}
	for _, f := range t.Fields {
		if !identifier.MatchString(f.Name) || (f.Type != "TEXT" && f.Type != "INTEGER" && f.Type != "REAL") {
			return fmt.Errorf("bad field %s %s", f.Name, f.Type)
		}
		cols = append(cols, f.Name+" "+f.Type)
		names = append(names, f.Name)
	}
	if _, err := tx.Exec(fmt.Sprintf(`CREATE TABLE %s (%s)`, t.Name, strings.Join(cols, ", "))); err != nil {
		return err
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")
	ins, err := tx.Prepare(fmt.Sprintf(`INSERT INTO %s (%s) VALUES (%s)`, t.Name, strings.Join(names, ", "), marks))
	if err != nil {
		return err
	}
	defer ins.Close()
	var rtree *sql.Stmt
	all := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	if feature {
		if _, err := tx.Exec(fmt.Sprintf(`CREATE VIRTUAL TABLE rtree_%s_geom USING rtree(id, minx, maxx, miny, maxy)`, t.Name)); err != nil {
			return err
		}
		if rtree, err = tx.Prepare(fmt.Sprintf(`INSERT INTO rtree_%s_geom VALUES (?, ?, ?, ?, ?)`, t.Name)); err != nil {
			return err
		}
		defer rtree.Close()
	}
	for i, row := range t.Rows {
		args := make([]any, 0, len(names))
		if feature {
			blob, b, err := gpkgBlob(t.Geoms[i], t.SRS)
			if err != nil {
				return fmt.Errorf("row %d: %w", i+1, err)
			}
			args = append(args, blob)
			if len(t.Geoms[i]) > 0 {
				all = all.Union(b)
			}
		}
		args = append(args, row...)
		res, err := ins.Exec(args...)
		if err != nil {
			return fmt.Errorf("row %d: %w", i+1, err)
		}
		if feature && len(t.Geoms[i]) > 0 {
			fid, _ := res.LastInsertId()
			b := t.Geoms[i].Bound()
			if _, err := rtree.Exec(fid, b.Min[0], b.Max[0], b.Min[1], b.Max[1]); err != nil {
				return err
			}
		}
	}
	if !feature {
		_, err := tx.Exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES (?, 'attributes', ?, ?)`, t.Name, t.Name, t.Description)
		return err
	}
	if len(t.Rows) == 0 {
		all = orb.Bound{}
	}
	if _, err := tx.Exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?)`,
		t.Name, t.Name, t.Description, all.Min[0], all.Min[1], all.Max[0], all.Max[1], t.SRS); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', ?, 0, 0)`, t.Name, t.SRS); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`, t.Name); err != nil {
		return err
	}
	// The index's triggers, as the specification gives them; they call
	// functions GeoPackage readers provide, so they are made last.
	for _, trig := range rtreeTriggers {
		q := strings.NewReplacer("<t>", t.Name, "<c>", "geom", "<i>", "fid").Replace(trig)
		if _, err := tx.Exec(q); err != nil {
			return err
		}
	}
	return nil
}

var rtreeTriggers = []string{
	`CREATE TRIGGER rtree_<t>_<c>_insert AFTER INSERT ON <t> WHEN (new.<c> NOT NULL AND NOT ST_IsEmpty(NEW.<c>)) BEGIN INSERT OR REPLACE INTO rtree_<t>_<c> VALUES (NEW.<i>, ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>), ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)); END`,
	`CREATE TRIGGER rtree_<t>_<c>_update1 AFTER UPDATE OF <c> ON <t> WHEN OLD.<i> = NEW.<i> AND (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>)) BEGIN INSERT OR REPLACE INTO rtree_<t>_<c> VALUES (NEW.<i>, ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>), ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)); END`,
	`CREATE TRIGGER rtree_<t>_<c>_update2 AFTER UPDATE OF <c> ON <t> WHEN OLD.<i> = NEW.<i> AND (NEW.<c> ISNULL OR ST_IsEmpty(NEW.<c>)) BEGIN DELETE FROM rtree_<t>_<c> WHERE id = OLD.<i>; END`,
	`CREATE TRIGGER rtree_<t>_<c>_update3 AFTER UPDATE ON <t> WHEN OLD.<i> != NEW.<i> AND (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>)) BEGIN DELETE FROM rtree_<t>_<c> WHERE id = OLD.<i>; INSERT OR REPLACE INTO rtree_<t>_<c> VALUES (NEW.<i>, ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>), ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)); END`,
	`CREATE TRIGGER rtree_<t>_<c>_update4 AFTER UPDATE ON <t> WHEN OLD.<i> != NEW.<i> AND (NEW.<c> ISNULL OR ST_IsEmpty(NEW.<c>)) BEGIN DELETE FROM rtree_<t>_<c> WHERE id IN (OLD.<i>, NEW.<i>); END`,
	`CREATE TRIGGER rtree_<t>_<c>_delete AFTER DELETE ON <t> WHEN old.<c> NOT NULL BEGIN DELETE FROM rtree_<t>_<c> WHERE id = OLD.<i>; END`,
}

// gpkgBlob encodes a geometry in GeoPackage binary form: the "GP" header
// with the SRS and an xy envelope, then little-endian WKB.
func gpkgBlob(mp orb.MultiPolygon, srs int) ([]byte, orb.Bound, error) {
	body, err := wkb.Marshal(mp, binary.LittleEndian)
	if err != nil {
		return nil, orb.Bound{}, err
	}
	b := mp.Bound()
	flags := byte(0x01) // little-endian
	env := 4 * 8
	if len(mp) == 0 {
		flags |= 0x10 // empty
		env = 0
	} else {
		flags |= 0x02 // envelope [minx, maxx, miny, maxy]
	}
	out := make([]byte, 8+env, 8+env+len(body))
	out[0], out[1], out[2], out[3] = 'G', 'P', 0, flags
	binary.LittleEndian.PutUint32(out[4:], uint32(int32(srs)))
	if env > 0 {
		for i, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
			binary.LittleEndian.PutUint64(out[8+8*i:], math.Float64bits(v))
		}
	}
	return append(out, body...), b, nil
}

// parseGPKGBlob decodes a GeoPackage binary geometry.
func parseGPKGBlob(b []byte) (orb.Geometry, int, error) {
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' {
		return nil, 0, fmt.Errorf("not a GeoPackage geometry")
	}
	flags := b[3]
	var order binary.ByteOrder = binary.BigEndian
	if flags&1 == 1 {
		order = binary.LittleEndian
	}
	srs := int(int32(order.Uint32(b[4:8])))
	env := map[byte]int{0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags>>1)&7]
	if len(b) < 8+env {
		return nil, 0, fmt.Errorf("truncated GeoPackage geometry")
	}
	g, err := wkb.Unmarshal(b[8+env:])
	if err != nil {
		return nil, 0, fmt.Errorf("bad WKB: %w", err)
	}
	return g, srs, nil
}

// ReadGeoPackagePolygons reads the first feature table of a GeoPackage
// (or the named one) as a polygon collection, with its CRS as EPSG:NNNN.
// Non-polygon geometries are an error naming the feature.
func ReadGeoPackagePolygons(path, table string) (*Collection, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, &RowError{File: path, Problem: "cannot open: " + unwrapPathErr(err)}
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		return nil, &RowError{File: path, Problem: err.Error()}
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
		return nil, &RowError{File: path, Problem: "not a GeoPackage with a feature table: " + err.Error()}
	}
	if !identifier.MatchString(table) || !identifier.MatchString(col) {
		return nil, &RowError{File: path, Problem: fmt.Sprintf("unsupported table or column name %q.%q", table, col)}
	}
	c := &Collection{File: path, CRS: fmt.Sprintf("EPSG:%d", srs)}
	rows, err := db.Query(fmt.Sprintf(`SELECT * FROM "%s"`, table))
	if err != nil {
		return nil, &RowError{File: path, Problem: err.Error()}
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
			return nil, &RowError{File: path, Line: n, Feature: true, Problem: err.Error()}
		}
		f := Feature{Number: n, Properties: map[string]any{}}
		for i, name := range names {
			if name == col {
				blob, _ := vals[i].([]byte)
				g, _, err := parseGPKGBlob(blob)
				if err != nil {
					return nil, &RowError{File: path, Line: n, Feature: true, Problem: err.Error()}
				}
				switch t := g.(type) {
				case orb.Polygon:
					f.Geometry = orb.MultiPolygon{t}
				case orb.MultiPolygon:
					f.Geometry = t
				default:
					return nil, &RowError{File: path, Line: n, Feature: true, Problem: fmt.Sprintf("geometry is %s, want Polygon or MultiPolygon", g.GeoJSONType())}
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
		if err := checkFinite(f.Geometry); err != nil {
			return nil, &RowError{File: path, Line: n, Feature: true, Problem: err.Error()}
		}
		c.Features = append(c.Features, f)
	}
	return c, rows.Err()
}
