package gpkg

import (
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	_ "github.com/mattn/go-sqlite3" // GeoPackage is SQLite
	"github.com/paulmach/orb"
)

// SRS definitions written to a GeoPackage, as OGC WKT.
const (
	wktWGS84 = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`
	wktBNG   = `PROJCS["OSGB36 / British National Grid",GEOGCS["OSGB36",DATUM["Ordnance_Survey_of_Great_Britain_1936",SPHEROID["Airy 1830",6377563.396,299.3249646,AUTHORITY["EPSG","7001"]],AUTHORITY["EPSG","6277"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4277"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",49],PARAMETER["central_meridian",-2],PARAMETER["scale_factor",0.9996012717],PARAMETER["false_easting",400000],PARAMETER["false_northing",-100000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","27700"]]`
)

// Field is a column of a GeoPackage table: TEXT, INTEGER, REAL,
// BOOLEAN (0 or 1) or DATETIME (ISO 8601 text in UTC).
type Field struct {
	Name, Type string
}

// fieldTypes are the GeoPackage column types a Field may have.
var fieldTypes = map[string]bool{"TEXT": true, "INTEGER": true, "REAL": true, "BOOLEAN": true, "DATETIME": true}

// Table is a GeoPackage table to write: a feature table of MultiPolygons
// when Geoms is set, else an attribute table.
type Table struct {
	Name, Description string
	SRS               int // 4326 or 27700, for feature tables
	Fields            []Field
	Rows              [][]any
	Geoms             []orb.MultiPolygon
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Write writes tables to a new GeoPackage 1.3 at path, replacing
// any file there only once the whole package is written. Feature tables
// get an R-tree spatial index.
func Write(path string, tables []Table) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	os.Remove(tmp)
	defer os.Remove(tmp)
	if err := writeFile(tmp, tables); err != nil {
		return fmt.Errorf("write GeoPackage %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write GeoPackage %s: %w", path, err)
	}
	return nil
}

func writeFile(path string, tables []Table) error {
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

func writeTable(tx *sql.Tx, t Table) error {
	if !identifier.MatchString(t.Name) {
		return fmt.Errorf("bad table name")
	}
	names, err := createTable(tx, t)
	if err != nil {
		return err
	}
	all, err := insertRows(tx, t, names)
	if err != nil {
		return err
	}
	if t.Geoms == nil {
		_, err := tx.Exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES (?, 'attributes', ?, ?)`, t.Name, t.Name, t.Description)
		return err
	}
	if len(t.Rows) == 0 {
		all = orb.Bound{}
	}
	return registerFeatures(tx, t, all)
}

// createTable creates t's table and returns the columns rows fill: geom
// first for a feature table, then the fields.
func createTable(tx *sql.Tx, t Table) ([]string, error) {
	cols := []string{"fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"}
	names := []string{}
	if t.Geoms != nil {
		cols = append(cols, "geom MULTIPOLYGON")
		names = append(names, "geom")
	}
	for _, f := range t.Fields {
		if !identifier.MatchString(f.Name) || !fieldTypes[f.Type] {
			return nil, fmt.Errorf("bad field %s %s", f.Name, f.Type)
		}
		cols = append(cols, f.Name+" "+f.Type)
		names = append(names, f.Name)
	}
	if _, err := tx.Exec(fmt.Sprintf(`CREATE TABLE %s (%s)`, t.Name, strings.Join(cols, ", "))); err != nil {
		return nil, err
	}
	return names, nil
}

// insertRows writes t's rows, and for a feature table its R-tree index,
// returning the bound of the non-empty geometries.
func insertRows(tx *sql.Tx, t Table, names []string) (orb.Bound, error) {
	all := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	feature := t.Geoms != nil
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")
	ins, err := tx.Prepare(fmt.Sprintf(`INSERT INTO %s (%s) VALUES (%s)`, t.Name, strings.Join(names, ", "), marks))
	if err != nil {
		return all, err
	}
	defer ins.Close()
	var rtree *sql.Stmt
	if feature {
		if _, err := tx.Exec(fmt.Sprintf(`CREATE VIRTUAL TABLE rtree_%s_geom USING rtree(id, minx, maxx, miny, maxy)`, t.Name)); err != nil {
			return all, err
		}
		if rtree, err = tx.Prepare(fmt.Sprintf(`INSERT INTO rtree_%s_geom VALUES (?, ?, ?, ?, ?)`, t.Name)); err != nil {
			return all, err
		}
		defer rtree.Close()
	}
	for i, row := range t.Rows {
		args := make([]any, 0, len(names))
		if feature {
			blob, b, err := encodeBlob(t.Geoms[i], t.SRS)
			if err != nil {
				return all, fmt.Errorf("row %d: %w", i+1, err)
			}
			args = append(args, blob)
			if len(t.Geoms[i]) > 0 {
				all = all.Union(b)
			}
		}
		args = append(args, row...)
		res, err := ins.Exec(args...)
		if err != nil {
			return all, fmt.Errorf("row %d: %w", i+1, err)
		}
		if feature && len(t.Geoms[i]) > 0 {
			fid, _ := res.LastInsertId()
			b := t.Geoms[i].Bound()
			if _, err := rtree.Exec(fid, b.Min[0], b.Max[0], b.Min[1], b.Max[1]); err != nil {
				return all, err
			}
		}
	}
	return all, nil
}

// registerFeatures records feature table t, of bound all, in the
// GeoPackage's contents, geometry columns and extensions, and adds the
// triggers that keep its R-tree index up to date.
func registerFeatures(tx *sql.Tx, t Table, all orb.Bound) error {
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
