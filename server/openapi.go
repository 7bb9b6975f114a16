package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"

	"github.com/invopop/jsonschema"
	"github.com/labstack/echo/v4"
)

// getOpenAPI serves /api/openapi.json: the OpenAPI 3.1 document of every
// route, built once from apiOperations (openapi_routes.go), which
// TestOpenAPIRoutes holds to the routes registered.
func (s *Server) getOpenAPI(c echo.Context) error {
	return s.cached(c, "openapi", "application/json", func(buf *bytes.Buffer) {
		b, err := openAPIDocument()
		if err != nil {
			// Only a programming error in apiOperations gets here; the
			// document then says so rather than failing every request.
			b, _ = json.Marshal(map[string]string{"error": err.Error()})
		}
		buf.Write(b)
	})
}

// openAPIDocument builds the OpenAPI 3.1 document from apiOperations, with
// each Go body type reflected to a JSON Schema (2020-12, which OpenAPI 3.1
// uses) in components.schemas.
func openAPIDocument() ([]byte, error) {
	r := &jsonschema.Reflector{Anonymous: true, AllowAdditionalProperties: true}
	schemas := map[string]any{"Error": errorSchema()}
	schemaOf(r, schemas, UnitProps{}) // the properties of the units' GeoJSON
	paths := map[string]map[string]any{}
	for _, op := range apiOperations() {
		p := openAPIPath(op.Path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		m := strings.ToLower(op.Method)
		if _, dup := paths[p][m]; dup {
			return nil, fmt.Errorf("openapi: %s %s is described twice", op.Method, op.Path)
		}
		paths[p][m] = op.document(r, schemas, false)
		if op.Public {
			paths[p]["head"] = op.document(r, schemas, true)
		}
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "Footprint API",
			"version": "1.0.0",
			"summary": "Design NHS neighbourhood footprints from LSOAs, aligned with Primary Care Networks.",
			"description": "Plans are read by anyone who has their id (a share link) and edited with the plan's edit token, " +
				"sent as `Authorization: Bearer <token>`. Read-only atlas data, tiles and share-link reads carry " +
				"`Access-Control-Allow-Origin: *` and answer HEAD; editing calls get no CORS headers. " +
				"Every error is JSON in the Error shape. Numbers carry their units in their descriptions and names; " +
				"vintages come from GET /api/atlas (sources).",
			"license": map[string]any{"name": "MIT", "identifier": "MIT"},
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": schemas,
			"responses": map[string]any{
				"Error": map[string]any{"description": "An error, in the Error shape.",
					"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}},
			},
			"securitySchemes": map[string]any{
				"editToken": map[string]any{"type": "http", "scheme": "bearer", "description": "The plan's edit token, returned once when the plan is created."},
			},
		},
	}
	b, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	// The reflector refers to its own $defs; the document keeps them in
	// components.
	return bytes.ReplaceAll(b, []byte(`"#/$defs/`), []byte(`"#/components/schemas/`)), nil
}

// apiOp describes one route for the OpenAPI document.
type apiOp struct {
	Method, Path string // as registered with echo: /api/plans/:id
	Summary      string
	Params       []apiParam // query parameters; path parameters come from Path
	Body         any        // the JSON request body's Go type, or nil
	BodyMedia    []string   // the media types of a raw request body (import), if not JSON
	Status       int        // the success status; 0 is 200
	Resp         any        // the JSON response body's Go type, or a schema (apiSchema)
	RespMedia    []string   // the response's media types, if not application/json
	Token        bool       // needs the plan's edit token
	Public       bool       // read-only: any origin may read it, and HEAD works
	Cached       bool       // sent with an ETag: If-None-Match may get 304
}

// apiParam is a query parameter.
type apiParam struct {
	Name, Description string
	Required          bool
	Schema            apiSchema
}

// apiSchema is a JSON Schema written out, for bodies with no Go type.
type apiSchema map[string]any

// pathParam matches echo's path parameters, such as :id.
var pathParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// openAPIPath turns /api/plans/:id into /api/plans/{id}.
func openAPIPath(p string) string { return pathParam.ReplaceAllString(p, "{$1}") }

// pathParamDescriptions describe the path parameters by name.
var pathParamDescriptions = map[string]string{
	"id":   "The plan's id.",
	"code": "The code of the LSOA, PCN or practice.",
	"name": "The layer's name.",
	"job":  "The design job's id.",
	"n":    "The version number, from 1.",
	"op":   "The footprint operation: delete, merge or remove-empty.",
	"z":    "The zoom, 0 to 22.",
	"x":    "The tile's column, 0 to 2^z − 1.",
	"y":    "The tile's row, 0 to 2^z − 1, with the .mvt suffix.",
}

// document is the Operation Object of op (of its HEAD twin when head).
func (op apiOp) document(r *jsonschema.Reflector, schemas map[string]any, head bool) map[string]any {
	o := map[string]any{"operationId": operationID(op, head), "summary": op.Summary}
	if head {
		o["summary"] = "Headers only of: " + op.Summary
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(op.Path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true,
			"description": pathParamDescriptions[m[1]], "schema": map[string]any{"type": "string"}})
	}
	for _, q := range op.Params {
		params = append(params, map[string]any{"name": q.Name, "in": "query", "required": q.Required, "description": q.Description, "schema": q.Schema})
	}
	if len(params) > 0 {
		o["parameters"] = params
	}
	if op.Body != nil {
		o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schemaOf(r, schemas, op.Body)}}}
	} else if len(op.BodyMedia) > 0 {
		content := map[string]any{}
		for _, m := range op.BodyMedia {
			content[m] = map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": m}}
		}
		o["requestBody"] = map[string]any{"required": true, "content": content}
	}
	status := op.Status
	if status == 0 {
		status = http.StatusOK
	}
	ok := map[string]any{"description": http.StatusText(status)}
	if !head {
		ok["content"] = op.content(r, schemas)
	}
	errRef := map[string]any{"$ref": "#/components/responses/Error"}
	responses := map[string]any{fmt.Sprint(status): ok, "4XX": errRef, "5XX": errRef}
	if op.Cached {
		responses["304"] = map[string]any{"description": "Not Modified: the client's copy (If-None-Match) is current."}
	}
	o["responses"] = responses
	if op.Token {
		o["security"] = []any{map[string]any{"editToken": []any{}}}
	}
	return o
}

// content is the response's Media Type Objects.
func (op apiOp) content(r *jsonschema.Reflector, schemas map[string]any) map[string]any {
	media := op.RespMedia
	if len(media) == 0 {
		media = []string{"application/json"}
	}
	content := map[string]any{}
	for _, m := range media {
		switch {
		case op.Resp != nil && (m == "application/json" || m == geoJSONType):
			content[m] = map[string]any{"schema": schemaOf(r, schemas, op.Resp)}
		default:
			content[m] = map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": m}}
		}
	}
	return content
}

// schemaOf is the schema of v: v itself if it is an apiSchema, else a
// reference to v's Go type reflected into schemas.
func schemaOf(r *jsonschema.Reflector, schemas map[string]any, v any) any {
	if s, ok := v.(apiSchema); ok {
		return s
	}
	s := r.Reflect(v)
	for name, def := range s.Definitions {
		schemas[name] = def
	}
	if s.Ref != "" {
		return map[string]any{"$ref": s.Ref}
	}
	s.Version, s.Definitions = "", nil
	return s
}

// operationID names an operation for generated clients, such as
// getApiPlansId.
func operationID(op apiOp, head bool) string {
	m := strings.ToLower(op.Method)
	if head {
		m = "head"
	}
	var b strings.Builder
	b.WriteString(m)
	for _, part := range strings.FieldsFunc(op.Path, func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == ':' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// errorSchema is the shape of every error answer (ErrorBody).
func errorSchema() any {
	r := &jsonschema.Reflector{Anonymous: true, DoNotReference: true, AllowAdditionalProperties: true}
	s := r.ReflectFromType(reflect.TypeOf(ErrorBody{}))
	s.Version = ""
	s.Description = "Every error answer: a message for people, a code for programs and, for a stale edit (409), the plan's version and what changed since the editor's."
	return s
}
