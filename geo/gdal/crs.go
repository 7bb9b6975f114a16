package gdal

import (
	"strings"

	"github.com/airbusgeo/godal"

	"github.com/nhs-footprint/footprint/geo/proj"
)

// crsName names a layer's CRS: EPSG:27700 or EPSG:4326 when its
// definition is equivalent to one of those (whatever code the file
// stores it under), else its authority code or its own name, or "" if
// the layer has none. The layer's SpatialRef is only read.
func crsName(sr *godal.SpatialRef) string {
	wkt, err := sr.WKT(godal.ErrLogger(quiet))
	if err != nil || strings.TrimSpace(wkt) == "" {
		return ""
	}
	return Identify(wkt)
}

// Identify names a CRS given as WKT (OGC or ESRI; never a file name or
// URL, which GDAL would fetch): EPSG:27700 or EPSG:4326 when PROJ finds
// the definition is one of those (see proj.Identify), else its authority
// and code, else its name, else "unknown CRS".
func Identify(wkt string) string {
	if name, err := proj.Identify(wkt); err != nil {
		return "unknown CRS"
	} else if name != "" {
		return name
	}
	register()
	sr, err := godal.NewSpatialRefFromWKT(wkt, godal.ErrLogger(quiet))
	if err != nil {
		return "unknown CRS"
	}
	defer sr.Close()
	for _, node := range []string{"PROJCS", "GEOGCS", ""} {
		if auth, code := sr.AuthorityName(node), sr.AuthorityCode(node); auth != "" && code != "" {
			return auth + ":" + code
		}
	}
	for _, node := range []string{"PROJCS", "GEOGCS"} {
		if n, ok := sr.AttrValue(node, 0); ok && n != "" {
			return n
		}
	}
	return "unknown CRS"
}
