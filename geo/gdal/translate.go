package gdal

import (
	"fmt"
	"os"

	"github.com/airbusgeo/godal"
)

// Translate copies layers of the GeoPackage src into a new file dst in
// the driver's format, as ogr2ogr does, replacing nothing: dst must not
// exist. A Shapefile dst ending in .shp.zip is written zipped (GDAL 3.1
// and later), one .shp per layer; Shapefile field names are cut to 10
// characters by GDAL.
func Translate(src, dst string, driver Driver, layers ...string) error {
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("translate to %s: file exists", dst)
	}
	register()
	in, err := godal.Open(src, godal.VectorOnly(), godal.Drivers(string(GeoPackage)), godal.ErrLogger(quiet))
	if err != nil {
		return fmt.Errorf("translate %s: %s", src, oneLine(err))
	}
	defer in.Close()
	switches := []string{"-f", string(driver)}
	if driver == Shapefile {
		switches = append(switches, "-lco", "ENCODING=UTF-8")
	}
	if driver == FlatGeobuf {
		switches = append(switches, "-lco", "SPATIAL_INDEX=YES")
	}
	out, err := in.VectorTranslate(dst, append(switches, layers...), godal.ErrLogger(quiet))
	if err != nil {
		return fmt.Errorf("translate %s to %s: %s", src, driver, oneLine(err))
	}
	if err := out.Close(godal.ErrLogger(quiet)); err != nil {
		return fmt.Errorf("translate %s to %s: %s", src, driver, oneLine(err))
	}
	return nil
}
