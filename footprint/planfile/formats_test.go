package planfile_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/planfile"
	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/gdal"
	"github.com/nhs-footprint/footprint/geo/gpkg"
	"github.com/nhs-footprint/footprint/geo/proj"
	"github.com/paulmach/orb"
)

// Two footprints over the grid: West holds E01000001 and E01000004,
// East the other four mainland LSOAs.
var (
	west = orb.MultiPolygon{{{{530000, 180000}, {531000, 180000}, {531000, 182000}, {530000, 182000}, {530000, 180000}}}}
	east = orb.MultiPolygon{{{{531000, 180000}, {533000, 180000}, {533000, 182000}, {531000, 182000}, {531000, 180000}}}}
)

// westEast is the plan West and East make, with footprint ids w and e.
func westEast(w, e string) map[string]string {
	return map[string]string{"E01000001": w, "E01000004": w, "E01000002": e, "E01000003": e, "E01000005": e, "E01000006": e}
}

// layer is a feature table of West and East in BNG with the given
// columns, one row of values per footprint.
func layer(name string, cols []string, w, e []any) gpkg.Table {
	t := gpkg.Table{Name: name, SRS: 27700, Rows: [][]any{w, e}, Geoms: []orb.MultiPolygon{west, east}}
	for _, c := range cols {
		t.Fields = append(t.Fields, gpkg.Field{Name: c, Type: "TEXT"})
	}
	return t
}

// geoPackage writes tables to a GeoPackage in dir and returns its path.
func geoPackage(t testing.TB, dir, name string, tables ...gpkg.Table) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := gpkg.Write(p, tables); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReadPolygonColumns: ids and names come from the columns the user
// names or, by default, from footprint, District, assignment, name and
// id in that order (never fid), in whichever format holds them.
func TestReadPolygonColumns(t *testing.T) {
	a := footprinttest.Grid(t)
	dir := t.TempDir()
	nameOnly := geoPackage(t, dir, "names.gpkg", layer("plan", []string{"name"}, []any{"West"}, []any{"East"}))
	district := geoPackage(t, dir, "dra.gpkg", layer("plan", []string{"District", "name"}, []any{"1", "West"}, []any{"2", "East"}))
	own := geoPackage(t, dir, "own.gpkg", layer("plan", []string{"code", "label", "id"}, []any{"W", "West", "9"}, []any{"E", "East", "8"}))
	two := geoPackage(t, dir, "two.gpkg", layer("b_plan", []string{"name"}, []any{"West"}, []any{"East"}), layer("a_plan", []string{"assignment"}, []any{"x"}, []any{"y"}))
	shp, fgb := filepath.Join(dir, "dra.shp.zip"), filepath.Join(dir, "dra.fgb")
	if err := gdal.Translate(district, shp, gdal.Shapefile); err != nil {
		t.Fatal(err)
	}
	if err := gdal.Translate(district, fgb, gdal.FlatGeobuf); err != nil {
		t.Fatal(err)
	}
	geo := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:27700"}},"features":[` +
		`{"type":"Feature","properties":{"fid":1,"assignment":"w"},"geometry":{"type":"Polygon","coordinates":[[[530000,180000],[531000,180000],[531000,182000],[530000,182000],[530000,180000]]]}},` +
		`{"type":"Feature","properties":{"fid":2,"assignment":"e"},"geometry":{"type":"Polygon","coordinates":[[[531000,180000],[533000,180000],[533000,182000],[531000,182000],[531000,180000]]]}}]}`
	for _, tt := range []struct {
		name, file string
		data       []byte
		opt        planfile.Options
		want       map[string]string
		idCol      string
		westName   string
	}{
		{"name only: ids are names, not fid", "names.gpkg", readFile(t, nameOnly), planfile.Options{}, westEast("West", "East"), "name", "West"},
		{"DRA's District", "dra.gpkg", readFile(t, district), planfile.Options{}, westEast("1", "2"), "District", "West"},
		{"zipped Shapefile", "dra.shp.zip", readFile(t, shp), planfile.Options{}, westEast("1", "2"), "District", "West"},
		{"FlatGeobuf", "dra.fgb", readFile(t, fgb), planfile.Options{}, westEast("1", "2"), "District", "West"},
		{"Districtr's assignment beside fid", "districtr.geojson", []byte(geo), planfile.Options{}, westEast("w", "e"), "assignment", "w"},
		{"named columns", "own.gpkg", readFile(t, own), planfile.Options{IDColumn: "code", NameColumn: "LABEL"}, westEast("W", "E"), "code", "West"},
		{"id by default", "own.gpkg", readFile(t, own), planfile.Options{}, westEast("9", "8"), "id", "9"},
		{"a named layer of two", "two.gpkg", readFile(t, two), planfile.Options{Layer: "b_plan"}, westEast("West", "East"), "name", "West"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, rep, err := planfile.Read(context.Background(), a, tt.file, tt.data, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(p.Assign, tt.want) || rep.IDProperty != tt.idCol || rep.CRS != "EPSG:27700" {
				t.Fatalf("read %v with ids from %q in %s; want %v from %q", p.Assign, rep.IDProperty, rep.CRS, tt.want, tt.idCol)
			}
			if got := p.FootprintName(tt.want["E01000001"]); got != tt.westName {
				t.Errorf("West is named %q, want %q", got, tt.westName)
			}
		})
	}
}

// bigZip is a zip whose one entry claims to unzip to 1 GB.
func bigZip(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "a.shp", Method: zip.Store, CompressedSize64: 1, UncompressedSize64: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte{0})
	zw.Close()
	return buf.Bytes()
}

func TestReadPolygonErrors(t *testing.T) {
	a := footprinttest.Grid(t)
	dir := t.TempDir()
	two := readFile(t, geoPackage(t, dir, "two.gpkg", layer("b_plan", []string{"name"}, []any{"West"}, []any{"East"}), layer("a_plan", []string{"name"}, []any{"West"}, []any{"East"})))
	one := readFile(t, geoPackage(t, dir, "one.gpkg", layer("plan", []string{"name", "code"}, []any{"West", "W"}, []any{"East", "E"})))
	var notShp bytes.Buffer
	zw := zip.NewWriter(&notShp)
	w, _ := zw.Create("sheet.xml")
	w.Write([]byte("<x/>"))
	zw.Close()
	for _, tt := range []struct {
		name, file string
		data       []byte
		opt        planfile.Options
		want       string
	}{
		{"several layers", "two.gpkg", two, planfile.Options{}, "two.gpkg: 2 polygon layers (a_plan, b_plan): name the one to import"},
		{"no such layer", "two.gpkg", two, planfile.Options{Layer: "c"}, `two.gpkg: no layer "c" (layers: a_plan, b_plan)`},
		{"no such id column", "one.gpkg", one, planfile.Options{IDColumn: "district"}, `one.gpkg: column district: no id column "district" (columns: code, name)`},
		{"no such name column", "one.gpkg", one, planfile.Options{NameColumn: "title"}, `no name column "title" (columns: code, name)`},
		{"option too long", "one.gpkg", one, planfile.Options{Layer: strings.Repeat("x", 200)}, "layer: want one line of at most 128 bytes"},
		{"unknown kind", "plan.xyz", []byte("hello"), planfile.Options{}, "plan.xyz: unknown kind of plan file: want a block assignment CSV"},
		{"a zip of something else", "book.xlsx", notShp.Bytes(), planfile.Options{}, "book.xlsx: a zip without a .shp file"},
		{"a zip bomb", "big.zip", bigZip(t), planfile.Options{}, "big.zip: unzips to 1024 MB, more than 512 MB"},
		{"a broken FlatGeobuf", "x.fgb", []byte("fgb\x03\x00garbage"), planfile.Options{}, "x.fgb: not a FlatGeobuf file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := planfile.Read(context.Background(), a, tt.file, tt.data, tt.opt)
			if err == nil || footprint.Code(err) != footprint.EInvalid || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), dir) || strings.Contains(err.Error(), "footprint-import-") {
				t.Fatalf("got %v, want EInvalid ...%s", err, tt.want)
			}
		})
	}
}

// TestReadPolygonLayerError: the several-layers error keeps its type,
// with the file's own name and its layers, for callers that offer a
// choice.
func TestReadPolygonLayerError(t *testing.T) {
	a := footprinttest.Grid(t)
	two := readFile(t, geoPackage(t, t.TempDir(), "two.gpkg", layer("b_plan", []string{"name"}, []any{"West"}, []any{"East"}), layer("a_plan", []string{"name"}, []any{"West"}, []any{"East"})))
	_, _, err := planfile.Read(context.Background(), a, "upload.gpkg", two, planfile.Options{})
	var le *gdal.LayerError
	if !errors.As(err, &le) || le.File != "upload.gpkg" || strings.Join(le.Layers, ",") != "a_plan,b_plan" {
		t.Fatalf("got %T %v", err, err)
	}
}

// TestReadCSVDialects reads the assignment files of DRA, Districtr and
// Footprint, and files without a header.
func TestReadCSVDialects(t *testing.T) {
	a := footprinttest.Grid(t)
	want := map[string]string{"E01000001": "1", "E01000002": "2"}
	for _, tt := range []struct{ name, data string }{
		{"Footprint", "lsoa21cd,footprint\nE01000001,1\nE01000002,2\n"},
		{"DRA", "GEOID20,District\nE01000001,1\nE01000002,2\n"},
		{"Districtr by id", "id,assignment\nE01000001,1\nE01000002,2\n"},
		{"Districtr by GEOID", "\xEF\xBB\xBFGEOID,assignment\r\nE01000001,1\r\nE01000002,2\r\n"},
		{"no header", "E01000001,1\nE01000002,2\n"},
		{"no header, a BOM", "\xEF\xBB\xBFE01000001,1\nE01000002,2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, _, err := planfile.Read(context.Background(), a, "plan.csv", []byte(tt.data), planfile.Options{})
			if err != nil || !maps.Equal(p.Assign, want) {
				t.Fatalf("got %v, %v; want %v", p, err, want)
			}
		})
	}
	for _, tt := range []struct{ name, data, want string }{
		{"no header: lines as in the file", "E01000001,1\nE01999999,2\n", `plan.csv:2: column lsoa21cd: unknown LSOA code "E01999999"`},
		{"no header: duplicate", "E01000001,1\nE01000002,2\nE01000001,3\n", "plan.csv:3: column lsoa21cd: duplicate row for E01000001 (also line 1)"},
		{"header: lines as in the file", "id,assignment\nE01000001,1\nE01999999,2\n", `plan.csv:3: column id: unknown LSOA code "E01999999"`},
		{"three columns, no header", "E01000001,1,x\n", "plan.csv:1: column lsoa21cd: missing column"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := planfile.Read(context.Background(), a, "plan.csv", []byte(tt.data), planfile.Options{})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
		})
	}
}

// TestReadPolygonsOtherCRS: polygons in another EPSG CRS (Web Mercator
// here) are projected to WGS84 through PROJ and read as the same plan;
// a CRS that is not an EPSG code is refused by name.
func TestReadPolygonsOtherCRS(t *testing.T) {
	a := footprinttest.Grid(t)
	p, err := proj.NewProjector(proj.BNG, "EPSG:3857")
	if err != nil {
		t.Fatal(err)
	}
	var feats []string
	for _, f := range []struct {
		id string
		mp orb.MultiPolygon
	}{{"w", west}, {"e", east}} {
		m, err := p.MultiPolygon(f.mp)
		if err != nil {
			t.Fatal(err)
		}
		feats = append(feats, `{"type":"Feature","properties":{"footprint":"`+f.id+`"},"geometry":`+string(geojson.AppendMultiPolygon(nil, m, 3))+`}`)
	}
	data := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[` + strings.Join(feats, ",") + `]}`
	plan, rep, err := planfile.Read(context.Background(), a, "mercator.geojson", []byte(data), planfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(plan.Assign, westEast("w", "e")) || rep.CRS != "EPSG:3857" || len(rep.Split) != 0 {
		t.Fatalf("read %v from %s, %d split", plan.Assign, rep.CRS, len(rep.Split))
	}
	weird := strings.Replace(data, "urn:ogc:def:crs:EPSG::3857", "+proj=longlat +init=/etc/passwd", 1)
	if _, _, err := planfile.Read(context.Background(), a, "weird.geojson", []byte(weird), planfile.Options{}); err == nil || !strings.Contains(err.Error(), "unsupported CRS +proj=longlat +init=/etc/passwd: use EPSG:4326 or EPSG:27700") {
		t.Fatalf("a PROJ string as CRS: %v", err)
	}
	far := strings.Replace(data, "urn:ogc:def:crs:EPSG::3857", "EPSG:32601", 1) // UTM zone 1N: the Pacific
	if _, _, err := planfile.Read(context.Background(), a, "far.geojson", []byte(far), planfile.Options{}); err == nil || footprint.Code(err) != footprint.EInvalid {
		t.Fatalf("UTM 1N: %v", err)
	}
}

// TestReadPolygonsCancelled: a cancelled context stops a polygon import
// with an error wrapping context.Canceled, in GDAL's formats and GeoJSON.
func TestReadPolygonsCancelled(t *testing.T) {
	a := footprinttest.Grid(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	gp := readFile(t, geoPackage(t, t.TempDir(), "p.gpkg", layer("plan", []string{"name"}, []any{"West"}, []any{"East"})))
	for name, data := range map[string][]byte{"p.gpkg": gp, "p.geojson": []byte(bngCollection(poly(westSquare)))} {
		if _, _, err := planfile.Read(ctx, a, name, data, planfile.Options{}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: got %v, want context.Canceled", name, err)
		}
	}
}
