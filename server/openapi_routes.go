package server

import (
	"net/http"
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/export"
)

// apiOperations describes every route of routes.go for the OpenAPI
// document, in the same order. A route added there is added here with its
// body types; TestOpenAPIRoutes names any route missing from either.
func apiOperations() []apiOp {
	str := func(desc string) apiSchema { return apiSchema{"type": "string", "description": desc} }
	format := func(values ...string) apiSchema { return apiSchema{"type": "string", "enum": values} }
	var formats, media []string
	for _, f := range export.Formats() {
		formats = append(formats, string(f))
		if !slices.Contains(media, f.MediaType()) {
			media = append(media, f.MediaType())
		}
	}
	baseVersion := apiParam{Name: "base_version", Required: true, Description: "The plan version the file was edited from; 409 if the plan has moved on.", Schema: apiSchema{"type": "integer", "minimum": 1}}
	ops := []apiOp{
		{Method: "GET", Path: "/api/openapi.json", Summary: "This document.", Resp: apiSchema{"type": "object", "description": "An OpenAPI 3.1 document."}, Public: true, Cached: true},
		{Method: "GET", Path: "/api/atlas", Summary: "The atlas: counts, sources with their vintages and licences, attribution, import warnings.", Resp: footprint.Summary{}, Public: true, Cached: true},
		{Method: "GET", Path: "/api/units", Summary: "Every LSOA as GeoJSON (RFC 7946, 5 decimal places), or those in a bounding box.",
			Params: []apiParam{{Name: "bbox", Description: "minLon,minLat,maxLon,maxLat in degrees (WGS84).", Schema: str("")},
				{Name: "fields", Description: "all (the default), or map: every LSOA with only its code and IMD decile, as the web map draws them.", Schema: format("all", "map")}},
			Resp: geoJSONSchema(UnitProps{}), RespMedia: []string{geoJSONType}, Public: true, Cached: true},
		{Method: "GET", Path: "/api/units/:code", Summary: "One LSOA: its attributes, ages, neighbours and registered patients.", Resp: UnitJSON{}},
		{Method: "GET", Path: "/api/unit-attributes", Summary: "Every LSOA's attributes without geometry (plain JSON), for maps drawn from the vector tiles.",
			Resp: struct {
				Units []UnitProps `json:"units"`
			}{}, Public: true, Cached: true},
		{Method: "GET", Path: "/api/layers/:name", Summary: "A boundary layer as GeoJSON (RFC 7946): msoa, ward, borough, icb, barrier, practices (points) or pcn_catchments.",
			Resp: geoJSONSchema(nil), RespMedia: []string{geoJSONType}, Public: true, Cached: true},
		{Method: "GET", Path: "/api/places", Summary: "The places footprints are planned in.", Resp: struct {
			Places []PlaceJSON `json:"places"`
		}{}},
		{Method: "GET", Path: "/api/pcns", Summary: "Every current Primary Care Network.", Resp: struct {
			PCNs []footprint.PCNSummary `json:"pcns"`
		}{}},
		{Method: "GET", Path: "/api/pcns/:code", Summary: "A PCN's registered patients by LSOA.", Resp: footprint.PCNPatients{}},
		{Method: "GET", Path: "/api/pcns/:code/coverage", Summary: "How a PCN's patients fall across footprints or boroughs.",
			Params: []apiParam{{Name: "plan", Description: "A plan id: coverage across its footprints.", Schema: str("")}}, Resp: footprint.Coverage{}},
		{Method: "GET", Path: "/api/practices/:code/coverage", Summary: "How a practice's patients fall across footprints or boroughs.",
			Params: []apiParam{{Name: "plan", Description: "A plan id: coverage across its footprints.", Schema: str("")}}, Resp: footprint.Coverage{}},
		{Method: "POST", Path: "/api/plans", Summary: "Create a plan; the answer holds its edit token, given once. Rate-limited per client.",
			Body: CreatePlanRequest{}, Status: http.StatusCreated, Resp: CreatePlanResponse{}},
		{Method: "GET", Path: "/api/plans/:id", Summary: "A plan (its share link): footprints, settings and assignments.", Resp: PlanJSON{}, Public: true},
		{Method: "PATCH", Path: "/api/plans/:id", Summary: "Rename a plan, its footprints, colours and locks, or change its settings.", Body: PatchPlanRequest{}, Resp: PlanJSON{}, Token: true},
		{Method: "PATCH", Path: "/api/plans/:id/assignments", Summary: "Assign LSOAs to footprints.", Body: PatchAssignmentsRequest{}, Resp: PatchResponse{}, Token: true,
			Params: []apiParam{{Name: "scores", Description: "all: the answer holds the whole plan's scores after the edit, as GET /api/plans/{id}/scores gives them.", Schema: format("all")}}},
		{Method: "POST", Path: "/api/plans/:id/footprints/:op", Summary: "Delete, merge or remove empty footprints, as one version.", Body: FootprintsRequest{}, Resp: ReshapeResponse{}, Token: true},
		{Method: "GET", Path: "/api/plans/:id/scores", Summary: "The plan's scores: each footprint's population, PCN alignment and flags, and the touching footprints that share a colour.", Resp: ScoresJSON{}},
		{Method: "GET", Path: "/api/plans/:id/profiles", Summary: "Each footprint's profile: ages, deprivation and practices.",
			Params: []apiParam{{Name: "format", Description: "json (the default) or csv.", Schema: format("json", "csv")}},
			Resp:   footprint.ProfileDoc{}, RespMedia: []string{"application/json", "text/csv"}},
		{Method: "GET", Path: "/api/plans/:id/versions", Summary: "The plan's versions, newest first; the newest carry a scorecard (errors, in band, PCNs aligned and more).", Resp: struct {
			Versions []footprint.Version `json:"versions"`
		}{}},
		{Method: "POST", Path: "/api/plans/:id/versions/:n/restore", Summary: "Make version n the newest.", Resp: PlanJSON{}, Token: true},
		{Method: "GET", Path: "/api/plans/:id/export", Summary: "Download the plan as a file: GeoJSON, GeoPackage, CSV, JSON, zipped Shapefile or FlatGeobuf.",
			Params: []apiParam{
				{Name: "format", Required: true, Description: "The file format.", Schema: format(formats...)},
				{Name: "crs", Description: "The CRS of the geometry, such as EPSG:4326 (the default) or EPSG:27700.", Schema: str("")}},
			RespMedia: media},
		{Method: "GET", Path: "/api/design", Summary: "The weights design uses when a request gives none (propose, and from-pcn), and the options propose offers with theirs.", Resp: DesignDefaults{}},
		{Method: "POST", Path: "/api/design", Summary: "Start a design job proposing footprints; poll it with GET /api/design/{job}.",
			Body: DesignRequest{}, Status: http.StatusAccepted, Resp: DesignJob{}},
		{Method: "GET", Path: "/api/design/:job", Summary: "A design job's progress and result.", Resp: DesignJob{}},
		{Method: "DELETE", Path: "/api/design/:job", Summary: "Cancel a design job.", Resp: DesignJob{}},
		{Method: "POST", Path: "/api/plans/:id/import", Summary: "Replace the plan's assignments with a file's: CSV, JSON, GeoJSON, GeoPackage, zipped Shapefile or FlatGeobuf.",
			Params: []apiParam{
				{Name: "format", Required: true, Description: "The file's format (shp is a zipped Shapefile).", Schema: format(formats...)},
				baseVersion,
				{Name: "layer", Description: "The layer of a polygon file to read.", Schema: str("")},
				{Name: "id_column", Description: "The column naming each polygon's footprint.", Schema: str("")},
				{Name: "name_column", Description: "The column giving each footprint's name.", Schema: str("")}},
			BodyMedia: slices.Concat(media, []string{"application/octet-stream"}),
			Resp:      ImportResponse{}, Token: true},
		{Method: "GET", Path: "/tiles/:z/:x/:y", Summary: "A vector tile (Mapbox Vector Tile 2.1) of the LSOAs, layer units; see /tiles/tilejson.json.",
			Params:    []apiParam{{Name: "fields", Description: "all (the default): every attribute, simplified by 1/4096 of a tile, from zoom 8; or map: code and imd_decile only, simplified to a pixel of a 512-pixel tile (8/4096), from zoom 5, as the web map draws them.", Schema: format("all", "map")}},
			RespMedia: []string{MVTContentType}, Public: true, Cached: true},
		{Method: "GET", Path: "/tiles/tilejson.json", Summary: "The TileJSON 3.0.0 document of the vector tiles: URL template, zooms, bounds, fields and attribution.",
			Resp: TileJSON{}, Public: true, Cached: true},
	}
	return slices.Concat(ops, boardOperations(format))
}

// geoJSONSchema is the schema of a GeoJSON FeatureCollection whose
// features have the properties of props (any properties if nil).
func geoJSONSchema(props any) apiSchema {
	p := apiSchema{"type": "object"}
	if props != nil {
		p = apiSchema{"$ref": "#/components/schemas/UnitProps"}
	}
	return apiSchema{
		"type": "object", "description": "A GeoJSON FeatureCollection (RFC 7946), coordinates in degrees (WGS84).",
		"required": []string{"type", "features"},
		"properties": apiSchema{
			"type": apiSchema{"const": "FeatureCollection"},
			"features": apiSchema{"type": "array", "items": apiSchema{
				"type": "object", "required": []string{"type", "geometry", "properties"},
				"properties": apiSchema{
					"type":       apiSchema{"const": "Feature"},
					"id":         apiSchema{"type": []string{"integer", "string"}},
					"properties": p,
					"geometry": apiSchema{"type": "object", "required": []string{"type", "coordinates"}, "properties": apiSchema{
						"type":        apiSchema{"enum": []string{"Point", "MultiPolygon", "Polygon"}},
						"coordinates": apiSchema{"type": "array"},
					}},
				},
			}},
		},
	}
}

// boardOperations describes the read-only routes a place board uses: the
// actions register, the decision pack, outlines and the comparison.
func boardOperations(format func(values ...string) apiSchema) []apiOp {
	str := func(desc string) apiSchema { return apiSchema{"type": "string", "description": desc} }
	planVersion := apiParam{Name: "version", Description: "The plan version (the latest by default).", Schema: apiSchema{"type": "integer", "minimum": 1}}
	return []apiOp{
		{Method: "GET", Path: "/api/plans/:id/register", Summary: "The actions register: PCN re-alignments, cross-boundary arrangements and footprints crossing places or ICBs, each ranked by patients or residents affected.",
			Params: []apiParam{planVersion, {Name: "format", Description: "json (the default) or csv.", Schema: format("json", "csv")}},
			Resp:   footprint.Register{}, RespMedia: []string{"application/json", "text/csv"}},
		{Method: "GET", Path: "/api/plans/:id/pack", Summary: "The decision pack: one self-contained HTML page for the board that prints to A4, with maps as SVG.",
			Params: []apiParam{planVersion}, RespMedia: []string{"text/html"}},
		{Method: "GET", Path: "/api/plans/:id/outlines", Summary: "The plan's footprints at a version as dissolved GeoJSON polygons (RFC 7946), with the export's properties.",
			Params: []apiParam{planVersion}, Resp: geoJSONSchema(nil), RespMedia: []string{geoJSONType}},
		{Method: "GET", Path: "/api/compare", Summary: "Two to four plans, or versions of plans, over the same places side by side: scorecards, flows between footprints, LSOAs that change and each PCN's status in each.",
			Params: []apiParam{{Name: "plans", Required: true, Description: "Plan ids separated by commas, a version as id@n; the first is the one the others are measured against.", Schema: str("")}},
			Resp:   footprint.Comparison{}},
	}
}
