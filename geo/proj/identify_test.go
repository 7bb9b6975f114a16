package proj

import (
	"errors"
	"testing"
)

func TestIdentify(t *testing.T) {
	for _, tt := range []struct {
		name, wkt, want string
		err             error
	}{
		{"BNG without an authority", `PROJCS["OSGB36 / British National Grid",GEOGCS["OSGB36",DATUM["Ordnance_Survey_of_Great_Britain_1936",SPHEROID["Airy 1830",6377563.396,299.3249646]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",49],PARAMETER["central_meridian",-2],PARAMETER["scale_factor",0.9996012717],PARAMETER["false_easting",400000],PARAMETER["false_northing",-100000],UNIT["metre",1]]`, BNG, nil},
		{"ESRI WGS84", `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, WGS84, nil},
		{"UTM 30N", `PROJCS["WGS 84 / UTM zone 30N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-3],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]`, "", nil},
		{"not WKT", `EPSG:27700`, "", ErrNotCRS},
		{"garbage", `PROJCS[`, "", ErrNotCRS},
	} {
		got, err := Identify(tt.wkt)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("%s: Identify = %q, %v; want %q, %v", tt.name, got, err, tt.want, tt.err)
		}
	}
}
