package server

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

// openAPIDoc fetches /api/openapi.json through the real router.
func openAPIDoc(t *testing.T, s *Server) (raw []byte, doc struct {
	OpenAPI string                                `json:"openapi"`
	Paths   map[string]map[string]json.RawMessage `json:"paths"`
}) {
	t.Helper()
	rec := get(t, s, "GET", "/api/openapi.json")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	raw = rec.Body.Bytes()
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return raw, doc
}

// TestOpenAPIRoutes checks that every route the server registers is in
// the OpenAPI document, and that the document describes no other.
func TestOpenAPIRoutes(t *testing.T) {
	s := newTestServer(t)
	_, doc := openAPIDoc(t, s)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	registered := map[string]bool{}
	for _, r := range s.echo.Routes() {
		if r.Path == "/api/*" || r.Path == "/*" { // the API's 404 and the web map's files
			continue
		}
		registered[strings.ToLower(r.Method)+" "+openAPIPath(r.Path)] = true
	}
	described := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			described[method+" "+path] = true
		}
	}
	var missing, extra []string
	for r := range registered {
		if !described[r] {
			missing = append(missing, strings.ToUpper(r))
		}
	}
	for d := range described {
		if !registered[d] {
			extra = append(extra, strings.ToUpper(d))
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	for _, r := range missing {
		t.Errorf("route %s is registered but not in the OpenAPI document: add it to apiOperations in server/openapi_routes.go", r)
	}
	for _, d := range extra {
		t.Errorf("the OpenAPI document describes %s, which no route serves: remove it from apiOperations or register the route", d)
	}
	if len(registered) < 30 {
		t.Errorf("only %d routes found", len(registered))
	}
}

// TestOpenAPIShapes checks the document's own promises: each error
// response is the Error shape, editing calls need the token, and the
// read-only routes answer HEAD.
func TestOpenAPIShapes(t *testing.T) {
	s := newTestServer(t)
	raw, doc := openAPIDoc(t, s)
	var full struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &full); err != nil {
		t.Fatal(err)
	}
	errShape := full.Components.Schemas["Error"].Properties
	for _, k := range []string{"error", "code", "version", "changes"} {
		if errShape[k] == nil {
			t.Errorf("Error schema lacks %q: %v", k, errShape)
		}
	}
	for _, tc := range []struct{ method, path, want string }{
		{"patch", "/api/plans/{id}/assignments", `"editToken"`},
		{"head", "/tiles/{z}/{x}/{y}", `"304"`},
		{"get", "/api/plans/{id}", `"#/components/schemas/PlanJSON"`},
		{"post", "/api/plans", `"#/components/schemas/CreatePlanRequest"`},
		{"get", "/api/atlas", `"4XX"`},
	} {
		if op := doc.Paths[tc.path][tc.method]; !strings.Contains(string(op), tc.want) {
			t.Errorf("%s %s lacks %s: %s", tc.method, tc.path, tc.want, op)
		}
	}
	if strings.Contains(string(raw), `"#/$defs/`) {
		t.Error("a reference into $defs is left")
	}
}

// TestOpenAPIValidator validates the document with an independent
// validator from npm (@seriousme/openapi-schema-validator, pinned in
// package-lock.json), which also resolves every $ref.
func TestOpenAPIValidator(t *testing.T) {
	_, err := exec.LookPath("node")
	footprinttest.Need(t, err == nil, "node")
	footprinttest.Need(t, exists("../node_modules/@seriousme/openapi-schema-validator"), "@seriousme/openapi-schema-validator (npm ci)")
	raw, _ := openAPIDoc(t, newTestServer(t))
	path := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	runNode(t, "testdata/clients/openapi.mjs", path)
}

// TestOpenAPIResponses checks real answers against the document: every
// top-level key of each JSON answer is a property of its schema, and every
// required property is there.
func TestOpenAPIResponses(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "p", "places": ["E09000012"], "baseline": "borough"}`)
	raw, _ := openAPIDoc(t, s)
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
				Required   []string                   `json:"required"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	ref := regexp.MustCompile(`^#/components/schemas/([A-Za-z0-9_]+)$`)
	for _, tc := range []struct{ template, path string }{
		{"/api/atlas", "/api/atlas"}, {"/api/units/{code}", "/api/units/E01000001"}, {"/api/pcns/{code}", "/api/pcns/U00001"},
		{"/api/plans/{id}", "/api/plans/" + cr.ID}, {"/api/plans/{id}/scores", "/api/plans/" + cr.ID + "/scores"},
		{"/api/plans/{id}/profiles", "/api/plans/" + cr.ID + "/profiles"}, {"/tiles/tilejson.json", "/tiles/tilejson.json"},
		{"/api/pcns/{code}/coverage", "/api/pcns/U00001/coverage"},
	} {
		var op struct {
			Responses map[string]struct {
				Content map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		}
		if err := json.Unmarshal(doc.Paths[tc.template]["get"], &op); err != nil {
			t.Fatalf("%s: %v", tc.template, err)
		}
		m := ref.FindStringSubmatch(op.Responses["200"].Content["application/json"].Schema.Ref)
		if m == nil {
			t.Fatalf("%s: 200 has no schema reference: %s", tc.template, op.Responses["200"].Content["application/json"].Schema)
		}
		schema := doc.Components.Schemas[m[1]]
		var body map[string]json.RawMessage
		if rec := call(t, s, "GET", tc.path, "", "", &body); rec.Code != 200 {
			t.Fatalf("%s: %d", tc.path, rec.Code)
		}
		for k := range body {
			if _, ok := schema.Properties[k]; !ok {
				t.Errorf("%s: key %q is not in schema %s", tc.path, k, m[1])
			}
		}
		for _, k := range schema.Required {
			if _, ok := body[k]; !ok {
				t.Errorf("%s: required %q of schema %s is missing", tc.path, k, m[1])
			}
		}
	}
}
