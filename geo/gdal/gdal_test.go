package gdal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airbusgeo/godal"
	"github.com/paulmach/orb"

	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/gpkg"
)

var (
	square = orb.MultiPolygon{{{{530000, 180000}, {532000, 180000}, {532000, 182000}, {530000, 182000}, {530000, 180000}}}}
	tri    = orb.MultiPolygon{{{{533000, 180000}, {534000, 180000}, {534000, 181000}, {533000, 180000}}}}
)

// writeGPKG writes a GeoPackage with the hand-written writer.
func writeGPKG(t testing.TB, path string, tables ...gpkg.Table) string {
	t.Helper()
	if err := gpkg.Write(path, tables); err != nil {
		t.Fatal(err)
	}
	return path
}

// footprints is a feature table of two BNG polygons named by "name" only.
func footprints(name string) gpkg.Table {
	return gpkg.Table{Name: name, SRS: 27700, Fields: []gpkg.Field{{Name: "name", Type: "TEXT"}, {Name: "pop", Type: "INTEGER"}},
		Rows: [][]any{{"North", 31000}, {"South", 42000}}, Geoms: []orb.MultiPolygon{square, tri}}
}

// renumberSRS stores the GeoPackage's BNG under srs_id 100001, as some
// tools do, with no EPSG code.
func renumberSRS(t testing.TB, path string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`PRAGMA foreign_keys = OFF`,
		`UPDATE gpkg_spatial_ref_sys SET srs_id = 100001, organization = 'NONE', organization_coordsys_id = 100001, definition = replace(definition, ',AUTHORITY["EPSG","27700"]', '') WHERE srs_id = 27700`,
		`UPDATE gpkg_contents SET srs_id = 100001 WHERE srs_id = 27700`,
		`UPDATE gpkg_geometry_columns SET srs_id = 100001 WHERE srs_id = 27700`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
}

// write3D writes a GeoPackage whose one layer is POLYGON Z with GDAL.
func write3D(t testing.TB, path string) string {
	t.Helper()
	register()
	ds, err := godal.CreateVector(godal.GeoPackage, path)
	if err != nil {
		t.Fatal(err)
	}
	sr, _ := godal.NewSpatialRefFromEPSG(27700)
	defer sr.Close()
	l, err := ds.CreateLayer("fp3d", sr, godal.GTPolygon25D, godal.NewFieldDefinition("footprint", godal.FTString))
	if err != nil {
		t.Fatal(err)
	}
	g, err := godal.NewGeometryFromWKT("POLYGON Z ((530000 180000 5, 532000 180000 5, 532000 182000 6, 530000 180000 5))", sr)
	if err != nil {
		t.Fatal(err)
	}
	f, err := l.NewFeature(g)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetFieldValue(f.Fields()["footprint"], "Z1"); err != nil {
		t.Fatal(err)
	}
	if err := l.UpdateFeature(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	g.Close()
	if err := ds.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadPolygons(t *testing.T) {
	dir := t.TempDir()
	one := writeGPKG(t, filepath.Join(dir, "one.gpkg"), footprints("fp"), gpkg.Table{Name: "notes", Fields: []gpkg.Field{{Name: "text", Type: "TEXT"}}, Rows: [][]any{{"hi"}}})
	two := writeGPKG(t, filepath.Join(dir, "two.gpkg"), footprints("b_layer"), footprints("a_layer"))
	odd := writeGPKG(t, filepath.Join(dir, "odd.gpkg"), footprints("fp"))
	renumberSRS(t, odd)
	z := write3D(t, filepath.Join(dir, "z.gpkg"))
	shp := filepath.Join(dir, "fp.shp.zip")
	if err := Translate(one, shp, Shapefile, "fp"); err != nil {
		t.Fatal(err)
	}
	fgb := filepath.Join(dir, "fp.fgb")
	if err := Translate(one, fgb, FlatGeobuf, "fp"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path, layer string
		driver            Driver
		crs               string
		n                 int
		zm                bool
	}{
		{"the only polygon layer beside an attribute table", one, "", GeoPackage, "EPSG:27700", 2, false},
		{"a named layer of two", two, "a_layer", GeoPackage, "EPSG:27700", 2, false},
		{"BNG under srs_id 100001", odd, "", GeoPackage, "EPSG:27700", 2, false},
		{"3D polygons", z, "", GeoPackage, "EPSG:27700", 1, true},
		{"zipped Shapefile", shp, "", Shapefile, "EPSG:27700", 2, false},
		{"FlatGeobuf", fgb, "", FlatGeobuf, "EPSG:27700", 2, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ReadPolygons(context.Background(), tt.path, Options{Driver: tt.driver, Layer: tt.layer, IDProps: []string{"footprint", "name"}})
			if err != nil {
				t.Fatal(err)
			}
			if c.CRS != tt.crs || len(c.Features) != tt.n || c.Features[0].DroppedZM != tt.zm {
				t.Fatalf("read %s, %d features, Z/M dropped %v; want %s, %d, %v", c.CRS, len(c.Features), c.Features[0].DroppedZM, tt.crs, tt.n, tt.zm)
			}
			if tt.zm {
				if got := fmt.Sprint(c.Features[0].Geometry); c.Features[0].ID != "Z1" || got != "[[[[530000 180000] [532000 180000] [532000 182000] [530000 180000]]]]" {
					t.Fatalf("3D feature read as %s %s", c.Features[0].ID, got)
				}
				return
			}
			f := c.Features[1]
			if f.ID != "South" {
				f = c.Features[0] // FlatGeobuf's spatial index orders features
			}
			if f.ID != "South" || f.Prop("pop") != "42000" || !sameRings(f.Geometry, tri) {
				t.Fatalf("feature 2 read as %s pop %s %v", f.ID, f.Prop("pop"), f.Geometry)
			}
		})
	}
}

// sameRings reports whether a and b have the same points in the same
// rings, in any starting point and direction (Shapefiles rewind rings).
func sameRings(a, b orb.MultiPolygon) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for k := range a[i] {
			if !orb.Equal(a[i][k].Bound(), b[i][k].Bound()) || len(a[i][k]) != len(b[i][k]) {
				return false
			}
		}
	}
	return true
}

func TestReadPolygonsErrors(t *testing.T) {
	dir := t.TempDir()
	two := writeGPKG(t, filepath.Join(dir, "two.gpkg"), footprints("b_layer"), footprints("a_layer"))
	notes := writeGPKG(t, filepath.Join(dir, "notes.gpkg"), gpkg.Table{Name: "notes", Fields: []gpkg.Field{{Name: "text", Type: "TEXT"}}, Rows: [][]any{{"hi"}}})
	for _, tt := range []struct {
		path, layer, want string
		layerErr          bool
	}{
		{two, "", "two.gpkg: 2 polygon layers (a_layer, b_layer): name the one to import (the layer option)", true},
		{two, "c", `two.gpkg: no layer "c" (layers: a_layer, b_layer)`, true},
		{notes, "", "notes.gpkg: no polygon layer", true},
		{filepath.Join(dir, "nope.gpkg"), "", "nope.gpkg: cannot open", false},
	} {
		_, err := ReadPolygons(context.Background(), tt.path, Options{Driver: GeoPackage, Layer: tt.layer})
		var le *LayerError
		var re *geo.RowError
		if err == nil || !strings.Contains(err.Error(), tt.want) || errors.As(err, &le) != tt.layerErr || (!tt.layerErr && !errors.As(err, &re)) {
			t.Errorf("%s layer %q: got %T %v, want ...%s", filepath.Base(tt.path), tt.layer, err, err, tt.want)
		}
	}
}

// TestReadTruncated: a FlatGeobuf cut short in its second feature is an
// error saying so, not a layer of one feature.
func TestReadTruncated(t *testing.T) {
	dir := t.TempDir()
	fgb := filepath.Join(dir, "fp.fgb")
	if err := Translate(writeGPKG(t, filepath.Join(dir, "fp.gpkg"), footprints("fp")), fgb, FlatGeobuf); err != nil {
		t.Fatal(err)
	}
	b := read(t, fgb)
	cut := filepath.Join(dir, "cut.fgb")
	if err := os.WriteFile(cut, b[:len(b)-20], 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadPolygons(context.Background(), cut, Options{Driver: FlatGeobuf})
	if want := "cut.fgb: feature 2: cannot be read: the layer has 2 features but only 1 read"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("got %v, want ...%s", err, want)
	}
}

func TestIdentify(t *testing.T) {
	for _, tt := range []struct{ wkt, want string }{
		{`PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",6377563.396,299.3249646]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",400000.0],PARAMETER["False_Northing",-100000.0],PARAMETER["Central_Meridian",-2.0],PARAMETER["Scale_Factor",0.9996012717],PARAMETER["Latitude_Of_Origin",49.0],UNIT["Meter",1.0]]`, "EPSG:27700"}, // ESRI .prj
		{`GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, "EPSG:4326"},
		{`PROJCS["WGS 84 / UTM zone 30N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-3],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32630"]]`, "EPSG:32630"},
		{`not a CRS`, "unknown CRS"},
	} {
		if got := Identify(tt.wkt); got != tt.want {
			t.Errorf("Identify(%.40s...) = %q, want %q", tt.wkt, got, tt.want)
		}
	}
}
