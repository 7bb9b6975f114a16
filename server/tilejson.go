package server

import (
	"encoding/json"
	"html"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
)

// TileJSON is a TileJSON 3.0.0 document describing the vector tiles, so
// that MapLibre, QGIS and GDAL can be given one URL.
type TileJSON struct {
	TileJSON     string        `json:"tilejson"`
	Name         string        `json:"name"`
	Description  string        `json:"description"`
	Version      string        `json:"version"`
	Attribution  string        `json:"attribution"` // HTML
	Scheme       string        `json:"scheme"`
	Tiles        []string      `json:"tiles"`
	MinZoom      int           `json:"minzoom"`
	MaxZoom      int           `json:"maxzoom"`
	Bounds       [4]float64    `json:"bounds"` // west, south, east, north in degrees (WGS84)
	Center       [3]float64    `json:"center"` // longitude, latitude, zoom
	VectorLayers []VectorLayer `json:"vector_layers"`
}

// VectorLayer describes a layer of the tiles and its fields, each field's
// description saying its type and, for numbers, its unit and vintage.
type VectorLayer struct {
	ID          string            `json:"id"`
	Description string            `json:"description"`
	MinZoom     int               `json:"minzoom"`
	MaxZoom     int               `json:"maxzoom"`
	Fields      map[string]string `json:"fields"`
}

// tileJSON builds the document for tiles served at base, such as
// "http://localhost:8080".
func tileJSON(a *footprint.Atlas, base string) TileJSON {
	b := a.Bound()
	pop := a.AsOf("population")
	imd := a.AsOf("imd")
	lsoa := a.AsOf("lsoa")
	return TileJSON{
		TileJSON:    "3.0.0",
		Name:        a.Name,
		Description: "Statistical areas (LSOAs) of " + a.Region + " for designing neighbourhood footprints.",
		Version:     "1.0.0",
		Attribution: attributionHTML(a),
		Scheme:      "xyz",
		Tiles:       []string{base + "/tiles/{z}/{x}/{y}.mvt"},
		MinZoom:     MinTileZoom,
		MaxZoom:     MaxTileZoom,
		Bounds:      [4]float64{round5(b.Min[0]), round5(b.Min[1]), round5(b.Max[0]), round5(b.Max[1])},
		Center:      [3]float64{round5(b.Center()[0]), round5(b.Center()[1]), 10},
		VectorLayers: []VectorLayer{{ID: TileLayer, MinZoom: MinTileZoom, MaxZoom: MaxTileZoom,
			Description: "One polygon per LSOA (" + lsoa + "); the feature id is the unit's index in the atlas.",
			Fields: map[string]string{
				"code":       "String: LSOA code (" + lsoa + ")",
				"name":       "String: LSOA name",
				"population": "Number: usual residents, people (" + pop + ")",
				"place":      "String: code of the place (borough or region) the LSOA is planned in",
				"imd_decile": "Number: Index of Multiple Deprivation decile, 1 most deprived to 10 (" + imd + ")",
			}}},
	}
}

// attributionHTML joins the distinct attributions of the atlas's sources,
// escaped, as TileJSON's attribution is HTML.
func attributionHTML(a *footprint.Atlas) string {
	var parts []string
	seen := map[string]bool{}
	for _, s := range a.Sources {
		if s.Attribution != "" && !seen[s.Attribution] {
			seen[s.Attribution] = true
			parts = append(parts, html.EscapeString(s.Attribution))
		}
	}
	return strings.Join(parts, " ")
}

// getTileJSON serves /tiles/tilejson.json, naming the tiles by the address
// the client used (scheme and Host).
func (s *Server) getTileJSON(c echo.Context) error {
	b, err := json.Marshal(tileJSON(s.atlas, c.Scheme()+"://"+c.Request().Host))
	if err != nil {
		return err
	}
	return servePayload(c, "application/json", cacheRevalidate, newPayload(b))
}
