package gpkg

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/gdal"
	"github.com/paulmach/orb"
)

func TestWriteRead(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.gpkg")
	sq := orb.MultiPolygon{{{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}}}
	tri := orb.MultiPolygon{{{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}}
	tables := []Table{
		{Name: "units", Description: "two polygons", SRS: 27700,
			Fields: []Field{{"code", "TEXT"}, {"n", "INTEGER"}, {"share", "REAL"}},
			Rows:   [][]any{{"A", 3, 0.5}, {"B", 4, 0.25}},
			Geoms:  []orb.MultiPolygon{sq, tri}},
		{Name: "notes", Fields: []Field{{"text", "TEXT"}}, Rows: [][]any{{"hello"}}},
	}
	if err := Write(p, tables); err != nil {
		t.Fatal(err)
	}
	c, err := gdal.ReadPolygons(context.Background(), p, gdal.Options{Driver: gdal.GeoPackage})
	if err != nil {
		t.Fatal(err)
	}
	if c.CRS != "EPSG:27700" || len(c.Features) != 2 {
		t.Fatalf("read %s with %d features", c.CRS, len(c.Features))
	}
	f := c.Features[1]
	if f.Number != 2 || f.Prop("code") != "B" || f.Prop("n") != "4" || f.Prop("share") != "0.25" || fmt.Sprint(f.Geometry) != fmt.Sprint(tri) {
		t.Fatalf("feature 2 read back as %+v", f)
	}
	if _, err := gdal.ReadPolygons(context.Background(), p, gdal.Options{Driver: gdal.GeoPackage, Layer: "notes"}); err == nil || !strings.Contains(err.Error(), "empty geometry") {
		t.Fatalf("attribute table read as features: %v", err)
	}
}

func TestWriteErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		table Table
		want  string
	}{
		{Table{Name: "bad name"}, "table bad name: bad table name"},
		{Table{Name: "t", Fields: []Field{{"x", "BLOB"}}}, "table t: bad field x BLOB"},
	} {
		err := Write(filepath.Join(dir, "t.gpkg"), []Table{tt.table})
		if err == nil || !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("got %v, want ...%s", err, tt.want)
		}
	}
	_, err := gdal.ReadPolygons(context.Background(), filepath.Join(dir, "nope.gpkg"), gdal.Options{Driver: gdal.GeoPackage})
	var re *geo.RowError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "nope.gpkg: cannot open: no such file") {
		t.Errorf("missing file: %v", err)
	}
}
