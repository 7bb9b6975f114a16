package gdal

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/geo/gpkg"
)

// FuzzReadPolygons: any bytes read as a GeoPackage, zipped Shapefile or
// FlatGeobuf give a collection or an error with a message, never a
// panic. Seeds are the cases: a name-only layer, several layers,
// BNG under srs_id 100001, 3D polygons, and each translated to the other
// formats.
func FuzzReadPolygons(f *testing.F) {
	dir := f.TempDir()
	one := writeGPKG(f, filepath.Join(dir, "one.gpkg"), footprints("fp"))
	two := writeGPKG(f, filepath.Join(dir, "two.gpkg"), footprints("b_layer"), footprints("a_layer"), gpkg.Table{Name: "notes", Fields: []gpkg.Field{{Name: "text", Type: "TEXT"}}, Rows: [][]any{{"hi"}}})
	odd := writeGPKG(f, filepath.Join(dir, "odd.gpkg"), footprints("fp"))
	renumberSRS(f, odd)
	z := write3D(f, filepath.Join(dir, "z.gpkg"))
	for _, p := range []string{one, two, odd, z} {
		f.Add(read(f, p), uint8(0))
	}
	for i, p := range []string{one, odd, z} {
		shp, fgb := filepath.Join(dir, strings.Repeat("s", i+1)+".shp.zip"), filepath.Join(dir, strings.Repeat("f", i+1)+".fgb")
		if err := Translate(p, shp, Shapefile); err != nil {
			f.Fatal(err)
		}
		if err := Translate(p, fgb, FlatGeobuf); err != nil {
			f.Fatal(err)
		}
		f.Add(read(f, shp), uint8(1))
		f.Add(read(f, fgb), uint8(2))
	}
	drivers := []struct {
		d   Driver
		ext string
	}{{GeoPackage, ".gpkg"}, {Shapefile, ".zip"}, {FlatGeobuf, ".fgb"}}
	f.Fuzz(func(t *testing.T, b []byte, kind uint8) {
		d := drivers[int(kind)%len(drivers)]
		p := filepath.Join(t.TempDir(), "f"+d.ext)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := ReadPolygons(context.Background(), p, Options{Driver: d.d, IDProps: []string{"footprint", "name"}})
		if err != nil {
			if err.Error() == "" || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q is not one line", err)
			}
			return
		}
		for _, f := range c.Features {
			_ = f.Geometry.Bound()
		}
	})
}

// read returns a file's bytes.
func read(tb testing.TB, p string) []byte {
	tb.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
