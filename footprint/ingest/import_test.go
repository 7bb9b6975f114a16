package ingest_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/ingest"
)

// importGrid imports the unmodified grid fixture afresh.
func importGrid(t testing.TB) *footprint.Atlas {
	t.Helper()
	a, err := footprinttest.Import(t, footprinttest.GridDir(t))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// approx reports whether a and b agree to a millionth.
func approx(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

// TestImportGrid imports the grid fixture and checks what it holds, down
// to apportioned registrations and warnings.
func TestImportGrid(t *testing.T) {
	a := importGrid(t)
	checkGridUnits(t, a)
	checkGridAdjacency(t, a)
	checkGridPractices(t, a)
	checkGridRegistrations(t, a)
	checkGridReport(t, a)
}

// checkGridUnits checks the grid's units, their hierarchy and places.
func checkGridUnits(t *testing.T, a *footprint.Atlas) {
	s := a.Summary()
	if s.Units != 7 || s.Population != 9500 || s.MSOAs != 3 || s.Wards != 5 || s.Boroughs != 3 || s.Places != 2 || s.ICBs != 1 || s.SubICBs != 1 || s.Practices != 6 || s.PCNs != 3 {
		t.Fatalf("summary counts %+v", s)
	}
	u := func(code string) *footprint.Unit {
		i, ok := a.UnitIndex(code)
		if !ok {
			t.Fatalf("no unit %s", code)
		}
		return &a.Units[i]
	}
	u1 := u("E01000001")
	if u1.Pop != 1000 || u1.Ages[0] != 50 || u1.Ages[10] != 20 || u1.IMD.Score != 10.5 || u1.IMD.Decile != 7 || u1.IMD.Rank != 20000 || u1.IMD.Domains[6] != 30 {
		t.Errorf("E01000001 attributes %+v", u1)
	}
	if !approx(u1.AreaM2, 1e6) || !approx(u1.PerimeterM, 4000) || len(u1.Hull) != 4 {
		t.Errorf("E01000001 area %v perimeter %v hull %v", u1.AreaM2, u1.PerimeterM, u1.Hull)
	}
	if math.Abs(u1.CentroidBNG[0]-530400) > 1e-6 || math.Abs(u1.CentroidBNG[1]-180600) > 1e-6 {
		t.Errorf("population-weighted centroid %v, want 530400,180600 from the centroids file", u1.CentroidBNG)
	}
	if a.MSOAs[u1.MSOA].Alt != "Gridley North" || a.Wards[u1.Ward].Name != "West" || a.Boroughs[u1.Borough].Code != "E09000001" || a.ICBs[u1.ICB].Alt != "QMF" {
		t.Errorf("E01000001 hierarchy: msoa %+v ward %+v borough %+v icb %+v", a.MSOAs[u1.MSOA], a.Wards[u1.Ward], a.Boroughs[u1.Borough], a.ICBs[u1.ICB])
	}
	// Places: City and Hackney form one.
	if a.Places[0].Code != "E09000002" || a.Places[0].Pop != 4500 || a.Places[1].Code != "E09000012" || a.Places[1].Name != "City and Hackney" || a.Places[1].Pop != 5000 || len(a.Places[1].Boroughs) != 2 {
		t.Errorf("places %+v", a.Places)
	}
	if a.Places[u1.Place].Code != "E09000012" {
		t.Errorf("City unit in place %s", a.Places[u1.Place].Code)
	}
}

// checkGridAdjacency checks the grid's rook graph and its report.
func checkGridAdjacency(t *testing.T, a *footprint.Atlas) {
	// Adjacency: the 3x2 grid has 7 rook edges of 1000 m; the island none.
	if len(a.Edges) != 7 {
		t.Fatalf("edges %v", a.Edges)
	}
	for _, e := range a.Edges {
		if !approx(e.Length, 1000) {
			t.Errorf("edge %s-%s length %v, want 1000 m", a.Units[e.A].Code, a.Units[e.B].Code, e.Length)
		}
	}
	ar := a.Report.Adjacency
	if ar.Components != 2 || ar.ComponentList[0].Units != 6 || ar.ComponentList[1].Units != 1 || ar.Isolated[0] != "E01000007" {
		t.Errorf("components %+v", ar)
	}
	if len(ar.PlacesSplit) != 1 || ar.PlacesSplit[0].Place != "E09000002" || ar.PlacesSplit[0].Components[1].Population != 800 {
		t.Errorf("places split %+v", ar.PlacesSplit)
	}
	if len(ar.Barriers) != 1 || ar.Barriers[0].Name != "Grid river" || ar.Barriers[0].BankUnits != 4 || ar.Barriers[0].FacingPairs != 2 || ar.Barriers[0].Unreachable != 2 {
		t.Errorf("barrier report %+v", ar.Barriers)
	}
}

// practice returns the practice with the code, failing the test if the
// atlas has none.
func practice(t *testing.T, a *footprint.Atlas, code string) *footprint.Practice {
	t.Helper()
	i, ok := a.PracticeIndex(code)
	if !ok {
		t.Fatalf("no practice %s", code)
	}
	return &a.Practices[i]
}

// checkGridPractices checks the grid's practice sites, list sizes and PCNs.
func checkGridPractices(t *testing.T, a *footprint.Atlas) {
	// Practices, PCNs, list sizes.
	p := func(code string) *footprint.Practice { return practice(t, a, code) }
	for code, unit := range map[string]string{"A00001": "E01000001", "A00002": "E01000005", "A00003": "E01000006", "A00004": "E01000007", "A00005": "E01000003", "A00006": "E01000003"} {
		if got := p(code); got.Unit < 0 || a.Units[got.Unit].Code != unit {
			t.Errorf("practice %s located in unit %d, want %s", code, got.Unit, unit)
		}
	}
	if p("A00001").ListSize != 900 || !p("A00005").ListSizeKnown {
		t.Errorf("list sizes: A00001 %d (the MALE row must be filtered out)", p("A00001").ListSize)
	}
	if p("A00004").PCN != -1 || p("A00004").PCNCode != "U" {
		t.Errorf("unallocated practice in PCN %d", p("A00004").PCN)
	}
	pcn, _ := a.PCNIndex("U00001")
	if a.PCNs[pcn].Name != "WEST GRID PCN" || len(a.PCNs[pcn].Practices) != 2 {
		t.Errorf("PCN U00001 %+v", a.PCNs[pcn])
	}
}

// checkGridRegistrations checks the grid's registrations, by practice and
// by unit, and the registration report.
func checkGridRegistrations(t *testing.T, a *footprint.Atlas) {
	p := func(code string) *footprint.Practice { return practice(t, a, code) }
	s := a.Summary()
	// Registrations: unchanged copied, split apportioned by population
	// (E01009999 -> E01000005 1300 : E01000006 1700), merged summed.
	want := map[string]map[string]float64{
		"A00001": {"E01000001": 500, "E01000002": 200, "E01000005": 100 * 1300.0 / 3000, "E01000006": 100 * 1700.0 / 3000},
		"A00002": {"E01000004": 300, "E01000005": 600 * 1300.0 / 3000, "E01000006": 600 * 1700.0 / 3000, "E01000007": 75},
		"A00003": {"E01000003": 700, "E01000005": 200 * 1300.0 / 3000, "E01000006": 200 * 1700.0 / 3000},
		"A00004": {"E01000007": 400},
		"B99999": {"E01000002": 150},
	}
	for code, units := range want {
		q, _ := a.PracticeIndex(code)
		got := map[string]float64{}
		a.PracticePatients(q, func(u int32, n float64) { got[a.Units[u].Code] = n })
		if len(got) != len(units) {
			t.Errorf("%s registrations %v, want %v", code, got, units)
		}
		for uc, n := range units {
			if !approx(got[uc], n) {
				t.Errorf("%s in %s: %v patients, want %v", code, uc, got[uc], n)
			}
		}
	}
	if a1 := p("A00001"); a1.InRegion != 800 || a1.OutsideRegion != 30 || a1.NoLSOA != 5 || a1.Registered() != 835 {
		t.Errorf("A00001 totals %v/%v/%v", a1.InRegion, a1.OutsideRegion, a1.NoLSOA)
	}
	if b := p("B99999"); b.Current || b.PCN != -1 || b.OutsideRegion != 20 {
		t.Errorf("unlisted practice %+v", b)
	}
	if _, ok := a.PracticeIndex("C88888"); ok {
		t.Error("practice with no patients in the region was kept")
	}
	r := s.Registrations
	if r.Patients != 3225 || r.PatientsBeforeMapping != 3225 || r.OutsideRegion != 90 || r.NoLSOA != 5 || r.FileOutsideRegion != 150 ||
		r.ApportionedRows != 3 || r.UnlistedPractices != 1 || r.UnlistedPatients != 150 || r.IgnoredPractices != 1 || r.IgnoredPatients != 40 || r.Rows != 17 {
		t.Errorf("registration report %+v", r)
	}
	// By unit, the transpose agrees.
	u5, _ := a.UnitIndex("E01000005")
	total := 0.0
	a.UnitPatients(u5, func(_ int32, n float64) { total += n })
	if !approx(total, 900*1300.0/3000) {
		t.Errorf("E01000005 registered residents %v", total)
	}
}

// checkGridReport checks the grid's warnings, skipped rows and sources.
func checkGridReport(t *testing.T, a *footprint.Atlas) {
	s := a.Summary()
	// Warnings: the empty ward, the unlisted and the new practice.
	kinds := map[string]int{}
	for _, w := range s.Warnings {
		kinds[w.Layer+"/"+w.Kind] = w.Count
	}
	if kinds["ward/no_units"] != 1 || kinds["registrations/unlisted_practices"] != 1 || kinds["registrations/no_registrations"] != 1 || len(kinds) != 3 {
		t.Errorf("warnings %v", s.Warnings)
	}
	if s.Skipped["lookup.csv"] != 1 || s.Skipped["list_sizes.csv"] != 1 || s.Skipped["population.csv"] != 1 {
		t.Errorf("rows outside region %v", s.Skipped)
	}
	if len(s.Sources) != 13 || s.Sources[0].SHA256 == "" || s.Sources[0].Vintage == "" {
		t.Errorf("sources %+v", s.Sources)
	}
}

// TestImportErrors breaks the fixture one way at a time: import must fail
// with a one-line EInvalid error naming the file, row and problem.
func TestImportErrors(t *testing.T) {
	replace := func(old, new string) func(string) string {
		return func(s string) string {
			if !strings.Contains(s, old) {
				panic("fixture has no " + old)
			}
			return strings.Replace(s, old, new, 1)
		}
	}
	appendLine := func(line string) func(string) string { return func(s string) string { return s + line + "\n" } }
	tests := []struct {
		name  string
		edits map[string]func(string) string
		want  string
	}{
		{"missing file", map[string]func(string) string{"population.csv": func(string) string { return footprinttest.Delete }}, "population.csv: cannot open: no such file or directory"},
		{"missing column", map[string]func(string) string{"population.csv": replace("a85", "x85")}, "population.csv:1: column a85: missing column"},
		{"duplicate code", map[string]func(string) string{"imd.csv": appendLine("E01000003,30.0,2,5000,0.20,0.15,25.0,0.8,0.9,30.0,35.0")}, "imd.csv:9: column LSOA21CD: duplicate code E01000003"},
		{"duplicate feature", map[string]func(string) string{"lsoa.geojson": replace(`"LSOA21CD":"E01000002"`, `"LSOA21CD":"E01000001"`)}, "lsoa.geojson: feature 2: column LSOA21CD: duplicate code E01000001 (also feature 1)"},
		{"unknown ward code", map[string]func(string) string{"lookup.csv": replace("E01000001,E02000001,Grid 001,E05000001", "E01000001,E02000001,Grid 001,E05000009")}, "lookup.csv:2: unknown ward code E05000009 for LSOA E01000001: not in wards.geojson"},
		{"unknown LSOA 2011 code", map[string]func(string) string{"registrations.csv": replace("A00004,ISLAND PRACTICE,E01008881", "A00004,ISLAND PRACTICE,E01077777")}, "registrations.csv:14: column LSOA_CODE: unknown LSOA 2011 code E01077777"},
		{"negative count", map[string]func(string) string{"registrations.csv": replace("E01000003,ALL,700", "E01000003,ALL,-700")}, "registrations.csv:11: column NUMBER_OF_PATIENTS: negative count -700"},
		{"negative population", map[string]func(string) string{"population.csv": replace("E01000002,1500,", "E01000002,-1500,")}, "population.csv:3: column total: negative count -1500"},
		{"duplicate registration", map[string]func(string) string{"registrations.csv": appendLine("GP_PRAC_PAT_LIST,01Jul2022,A00004,ISLAND PRACTICE,E01008881,ALL,1")}, "registrations.csv:20: column LSOA_CODE: duplicate row for practice A00004 and LSOA E01008881"},
		{"missing population row", map[string]func(string) string{"population.csv": replace("E01000007,800,40,40,50,30,80,160,160,120,70,40,10\n", "")}, "population.csv: no row for 1 LSOAs of the boundary file, first E01000007"},
		{"bad decile", map[string]func(string) string{"imd.csv": replace("E01000001,10.5,7,", "E01000001,10.5,11,")}, "imd.csv:2: column decile: decile 11 is not 1 to 10"},
		{"non-polygon", map[string]func(string) string{"lsoa.geojson": replace(`"geometry":{"type":"Polygon","coordinates":[[[530000,182100]`, `"geometry":{"type":"Point","coordinates":[530000,182100]},"x":{"c":[[[530000,182100]`)}, "lsoa.geojson: feature 7 (E01000007): geometry is Point, want Polygon or MultiPolygon"},
		{"duplicate practice", map[string]func(string) string{"practices.csv": appendLine("A00002,Again,U00001,WEST GRID PCN,QMF,531500,181500")}, "practices.csv:8: column PRACTICE_CODE: duplicate practice code A00002 (also line 3)"},
		{"malformed CSV", map[string]func(string) string{"centroids.csv": appendLine(`E01000009,"530000,1`)}, "centroids.csv:10: bad CSV"},
		{"unknown place borough", map[string]func(string) string{"manifest.json": replace(`"E09000001",`, `"E09000099",`)}, "place E09000012 names unknown borough E09000099"},
		{"wrong CRS", map[string]func(string) string{"wards.geojson": replace("EPSG::27700", "EPSG::4326")}, "wards.geojson: file CRS is urn:ogc:def:crs:EPSG::4326 but the manifest says EPSG:27700"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := footprinttest.CopyGrid(t, tt.edits)
			a, err := footprinttest.Import(t, dir)
			if err == nil {
				t.Fatalf("imported %d units, want error %q", len(a.Units), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q\nwant it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			var fe *footprint.Error
			if !errors.As(err, &fe) || fe.Code != footprint.EInvalid {
				t.Errorf("error %T code %q, want *Error with EInvalid", err, footprint.Code(err))
			}
		})
	}
}

// An invalid geometry is repaired and reported, and import carries on.
func TestImportRepairsInvalidGeometry(t *testing.T) {
	dir := footprinttest.CopyGrid(t, map[string]func(string) string{"river.geojson": func(s string) string {
		return strings.Replace(s, "[[[530000,182000],[533000,182000],[533000,182100],[530000,182100],[530000,182000]]]",
			"[[[530000,182000],[533000,182100],[533000,182000],[530000,182100],[530000,182000]]]", 1)
	}})
	a, err := footprinttest.Import(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, w := range a.Report.Warnings {
		if w.Layer == "barriers" && w.Kind == "invalid_geometry" && w.Count == 1 && strings.Contains(w.Examples[0], "Self-intersection") {
			found = true
		}
	}
	if !found || len(a.Barriers[0].Geom) != 2 {
		t.Fatalf("bow-tie river not repaired and reported: %+v, %d parts", a.Report.Warnings, len(a.Barriers[0].Geom))
	}
}

// TestReadManifestErrors checks that bad manifests are refused, saying why.
func TestReadManifestErrors(t *testing.T) {
	base, err := os.ReadFile(filepath.Join(footprinttest.GridDir(t), "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, old, new, want string }{
		{"unknown field", `"region"`, `"regoin"`, `unknown field "regoin"`},
		{"unknown role", `"hcl_name"`, `"hcl_nmae"`, `layer msoa_names: unknown column role "hcl_nmae"`},
		{"missing role", `"total": "total",`, ``, `layer population: no column for role "total"`},
		{"bad format", `"format": "csv"`, `"format": "xlsx"`, `format "xlsx", want geojson, csv or csv.gz`},
		{"escaping path", `"file": "imd.csv"`, `"file": "../imd.csv"`, `must be relative to the data root`},
		{"no licence", `"licence": "CC0 (hand-made test fixture)"`, `"licence": ""`, `vintage, licence, attribution and source.publisher are required`},
		{"bad vintage", `"lsoa_vintage": "2011"`, `"lsoa_vintage": "2001"`, `lsoa_vintage "2001", want 2011 or 2021`},
		{"not json", `{`, `[`, `invalid character`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := strings.Replace(string(base), tt.old, tt.new, 1)
			if s == string(base) {
				t.Fatalf("fixture manifest has no %q", tt.old)
			}
			p := filepath.Join(t.TempDir(), "m.json")
			os.WriteFile(p, []byte(s), 0o644)
			_, err := ingest.ReadManifest(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) || footprint.Code(err) != footprint.EInvalid {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// FuzzImportRegistrations puts arbitrary text in the registrations file:
// import must succeed or fail with an *Error, never panic, and on success
// preserve the in-region total.
func FuzzImportRegistrations(f *testing.F) {
	data, err := os.ReadFile(filepath.Join(footprinttest.GridDir(f), "registrations.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	f.Add("PRACTICE_CODE,PRACTICE_NAME,LSOA_CODE,SEX,NUMBER_OF_PATIENTS\nA00001,X,E01000001,ALL,1e308\n")
	f.Add("PRACTICE_CODE,PRACTICE_NAME,LSOA_CODE,SEX,NUMBER_OF_PATIENTS\nA00001,X,NO2011,ALL,NaN\n")
	f.Add(strings.Replace(string(data), "E01000001,ALL,500", "E01000001,ALL,3000000000", 1))
	f.Add(strings.Replace(string(data), "E01000001,ALL,500", "E01000001,ALL,-500", 1))
	f.Add(strings.Replace(string(data), "E01000001,ALL,500", "E01000001,ALL,2147483647", 1))
	dir := footprinttest.CopyGrid(f, nil)
	m, err := ingest.ReadManifest(filepath.Join(dir, "manifest.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := os.WriteFile(filepath.Join(dir, "registrations.csv"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := ingest.Import(m, dir, nil)
		if err != nil {
			var fe *footprint.Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %T is not an *Error: %v", err, err)
			}
			return
		}
		r := a.Report.Registrations
		if !approx(r.Patients, r.PatientsBeforeMapping) {
			t.Fatalf("patients %v before mapping, %v after", r.PatientsBeforeMapping, r.Patients)
		}
	})
}

// TestUnitDetail tests Atlas.UnitDetail on the grid atlas.
func TestUnitDetail(t *testing.T) {
	a := footprinttest.Grid(t)
	d, err := a.UnitDetail("E01000005")
	if err != nil {
		t.Fatal(err)
	}
	var nb []string
	for _, n := range d.Neighbours {
		nb = append(nb, n.Code)
		if !approx(n.SharedM, 1000) {
			t.Errorf("shared %v", n.SharedM)
		}
	}
	if !slices.Equal(nb, []string{"E01000002", "E01000004", "E01000006"}) {
		t.Errorf("neighbours %v", nb)
	}
	if len(d.Practices) != 3 || d.Practices[0].Code != "A00002" || !approx(d.Practices[0].Share, 600.0/900) {
		t.Errorf("practices %+v", d.Practices)
	}
	if _, err := a.UnitDetail("E0100000X"); footprint.Code(err) != footprint.ENotFound {
		t.Errorf("unknown code: %v", err)
	}
}

// FuzzReadManifest: any bytes give a checked manifest or an EInvalid
// error, never a panic.
func FuzzReadManifest(f *testing.F) {
	data, err := os.ReadFile(filepath.Join(footprinttest.GridDir(f), "manifest.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"name": "x", "layers": {"lsoa": {"file": "a", "format": "geojson"}}}`))
	f.Add([]byte(`{"name": "x", "layers": {"lsoa": null}}`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "m.json")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := ingest.ReadManifest(p)
		if err != nil {
			if footprint.Code(err) != footprint.EInvalid {
				t.Fatalf("code %s: %v", footprint.Code(err), err)
			}
			return
		}
		if m.Layers.LSOA == nil || m.Name == "" {
			t.Fatalf("accepted a manifest without name or LSOA layer")
		}
	})
}
