package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/server/store"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// Tests with the clients councils and developers use, run against a real
// server: GDAL (MVT driver, ogrinfo), QGIS's Python API and npm decoders
// and validators. Each skips, saying what is missing, without the client,
// and fails under CI=true. Their scripts are in testdata/clients.

// debianPython is Debian's Python, which has the GDAL and QGIS bindings.
const debianPython = "/usr/bin/python3"

// needPython skips unless Debian's Python imports every module.
func needPython(t *testing.T, modules ...string) {
	t.Helper()
	for _, m := range modules {
		err := exec.Command(debianPython, "-c", "import "+m).Run()
		footprinttest.Need(t, err == nil, "python3 module "+m+" (Debian python3-gdal or python3-qgis)")
	}
}

func needNode(t *testing.T, modules ...string) {
	t.Helper()
	_, err := exec.LookPath("node")
	footprinttest.Need(t, err == nil, "node")
	for _, m := range modules {
		footprinttest.Need(t, exists(filepath.Join("..", "node_modules", m)), m+" (npm ci)")
	}
}

// runClient runs a client from the repository root, logs its output and
// fails the test if it fails; it returns the output.
func runClient(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = ".."
	// The server is on this machine: never through a proxy.
	cmd.Env = append(append(os.Environ(), "NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost"), env...)
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s timed out", name)
	}
	logged := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.HasPrefix(line, "Warning 1: ") || strings.Contains(line, "XDG_RUNTIME_DIR") {
			continue
		}
		if logged++; logged <= 40 || err != nil {
			t.Log(line)
		}
	}
	if err != nil {
		t.Fatalf("%s %s failed: %v", name, strings.Join(args, " "), err)
	}
	return string(out)
}

// clientServer serves an atlas over real HTTP, with a plan store.
func clientServer(t *testing.T, a *footprint.Atlas) string {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "plans.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(New(a, Options{Store: st}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// boundArgs are an atlas's bounds as script arguments.
func boundArgs(a *footprint.Atlas) []string {
	b := a.Bound()
	return []string{ff(b.Min[0]), ff(b.Min[1]), ff(b.Max[0]), ff(b.Max[1])}
}

var featuresAt = regexp.MustCompile(`z(\d+): (\d+) tiles, (\d+) features`)

// TestClientGDALTilesGrid decodes the grid fixture's tiles at zooms 10 to
// 14 with GDAL's MVT driver: every polygon valid and wound as MVT 2.1 asks,
// and all 7 LSOAs in the one zoom 10 tile.
func TestClientGDALTilesGrid(t *testing.T) {
	needPython(t, "osgeo.ogr")
	a := footprinttest.Grid(t)
	out := runClient(t, nil, debianPython, append([]string{"testdata/clients/mvt_gdal.py", clientServer(t, a), "10", "14"}, boundArgs(a)...)...)
	m := featuresAt.FindStringSubmatch(out)
	if m == nil || m[1] != "10" || m[2] != "1" || m[3] != "7" {
		t.Errorf("zoom 10: %v, want 1 tile of 7 features", m)
	}
}

// TestClientGDALTilesLondon decodes every London tile at zooms 10 to 14
// with GDAL's MVT driver and checks every polygon's validity and winding.
func TestClientGDALTilesLondon(t *testing.T) {
	needPython(t, "osgeo.ogr")
	a := footprinttest.London(t)
	start := time.Now()
	runClient(t, nil, debianPython, append([]string{"testdata/clients/mvt_gdal.py", clientServer(t, a), "10", "14"}, boundArgs(a)...)...)
	t.Logf("every London tile at z10-14 built, fetched and checked in %.1f s", time.Since(start).Seconds())
}

// TestClientOGRInfoURL reads a tile straight from its URL with ogrinfo,
// as GDAL users will: over /vsicurl/, which needs HEAD and the length.
func TestClientOGRInfoURL(t *testing.T) {
	_, err := exec.LookPath("ogrinfo")
	footprinttest.Need(t, err == nil, "ogrinfo (Debian gdal-bin)")
	url := clientServer(t, footprinttest.Grid(t))
	for _, src := range []string{"MVT:" + url + "/tiles/10/511/340.mvt", "/vsicurl/" + url + "/tiles/10/511/340.mvt"} {
		out := runClient(t, []string{"CPL_VSIL_CURL_ALLOWED_EXTENSIONS=.mvt", "GDAL_DISABLE_READDIR_ON_OPEN=EMPTY_DIR"},
			"ogrinfo", "-ro", "-so", "-al", "-oo", "X=511", "-oo", "Y=340", "-oo", "Z=10", src)
		if !strings.Contains(out, "Layer name: units") || !strings.Contains(out, "Feature Count: 7") {
			t.Errorf("%s: want layer units of 7 features:\n%s", src, out)
		}
	}
}

// TestClientNodeTiles decodes tiles with @mapbox/vector-tile, the decoder
// MapLibre's ecosystem uses: winding by the specification's area rule,
// ids and properties (testdata/clients/mvt.mjs).
func TestClientNodeTiles(t *testing.T) {
	needNode(t, "@mapbox/vector-tile", "pbf")
	url := clientServer(t, footprinttest.Grid(t))
	out := runClient(t, nil, "node", "testdata/clients/mvt.mjs", url, "10/511/340", "11/1023/680", "11/1023/681", "12/2046/1361", "12/2046/1362")
	if !strings.Contains(out, "10/511/340: 7 features") {
		t.Errorf("want the 7 LSOAs in tile 10/511/340")
	}
}

// TestClientNodeTilesLondon decodes central London's tiles at zooms 10 to
// 14 with @mapbox/vector-tile.
func TestClientNodeTilesLondon(t *testing.T) {
	needNode(t, "@mapbox/vector-tile", "pbf")
	url := clientServer(t, footprinttest.London(t))
	var tiles []string
	for z := 10; z <= 14; z++ {
		x, y := tileAt(-0.1276, 51.5072, z) // Charing Cross
		for dx := -1; dx <= 1; dx++ {
			for dy := -1; dy <= 1; dy++ {
				tiles = append(tiles, fmt.Sprintf("%d/%d/%d", z, x+dx, y+dy))
			}
		}
	}
	runClient(t, nil, "node", append([]string{"testdata/clients/mvt.mjs", url}, tiles...)...)
}

// TestClientGeoJSONLayers checks every served layer with an npm GeoJSON
// validator (@placemarkio/check-geojson) on the grid fixture.
func TestClientGeoJSONLayers(t *testing.T) {
	needNode(t, "@placemarkio/check-geojson")
	url := clientServer(t, footprinttest.Grid(t))
	runClient(t, nil, "node", append([]string{"testdata/clients/geojson.mjs", url}, layerPaths()...)...)
}

// TestClientGeoJSONLayersLondon checks London's layers with the npm
// validator and with GDAL: valid, and wound as RFC 7946 asks.
func TestClientGeoJSONLayersLondon(t *testing.T) {
	needNode(t, "@placemarkio/check-geojson")
	needPython(t, "osgeo.ogr")
	url := clientServer(t, footprinttest.London(t))
	runClient(t, nil, "node", append([]string{"testdata/clients/geojson.mjs", url}, layerPaths()...)...)
	runClient(t, nil, debianPython, append([]string{"testdata/clients/geojson_gdal.py", url}, layerPaths()...)...)
}

// tileAt is the column and row of the tile at zoom z holding a point.
func tileAt(lon, lat float64, z int) (x, y int) {
	t := maptile.At(orb.Point{lon, lat}, maptile.Zoom(z))
	return int(t.X), int(t.Y)
}

func layerPaths() []string {
	paths := []string{"/api/units"}
	for _, l := range layerNames {
		paths = append(paths, "/api/layers/"+l)
	}
	return paths
}

var filled = regexp.MustCompile(`"filled_percent": ([0-9.]+)`)

// centralLondon is tile 12/2046/1362: west, south, east, north in degrees.
var centralLondon = []string{"-0.17578125", "51.45400691005982", "-0.087890625", "51.50874245880333"}

// qgisFilled renders the tiles of a TileJSON document in QGIS and returns
// the share of central London's pixels filled, in per cent.
func qgisFilled(t *testing.T, tilejson, png string) float64 {
	t.Helper()
	out := runClient(t, []string{"QT_QPA_PLATFORM=offscreen"}, debianPython, append([]string{"testdata/clients/qgis_tiles.py", tilejson, png}, centralLondon...)...)
	m := filled.FindStringSubmatch(out)
	if m == nil {
		t.Fatal("no pixel count")
	}
	pct, _ := strconv.ParseFloat(m[1], 64)
	return pct
}

// TestClientQGISTiles renders central London (tile 12/2046/1362) from the
// vector tiles in QGIS, headless, given the TileJSON URL, and counts the
// pixels filled (tiles wound against MVT 2.1 filled 0.4%); then the same
// LSOAs tiled by GDAL (ogr2ogr -f MVT), which must fill about as many.
func TestClientQGISTiles(t *testing.T) {
	needPython(t, "qgis.core")
	_, err := exec.LookPath("ogr2ogr")
	footprinttest.Need(t, err == nil, "ogr2ogr (Debian gdal-bin)")
	url := clientServer(t, footprinttest.London(t))
	art := t.TempDir()
	if dir, err := filepath.Abs("../artifacts"); err == nil && os.MkdirAll(dir, 0o755) == nil {
		art = dir
	}
	ours := qgisFilled(t, url+"/tiles/tilejson.json", filepath.Join(art, "qgis-tiles.png"))

	dir := t.TempDir()
	res, err := http.Get(url + "/api/units")
	if err != nil {
		t.Fatal(err)
	}
	units, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || os.WriteFile(filepath.Join(dir, "units.geojson"), units, 0o644) != nil {
		t.Fatal(err)
	}
	runClient(t, nil, "ogr2ogr", "-f", "MVT", filepath.Join(dir, "tiles"), filepath.Join(dir, "units.geojson"), "-nln", "units",
		"-dsco", "MINZOOM=12", "-dsco", "MAXZOOM=14", "-dsco", "COMPRESS=NO", "-dsco", "TILE_EXTENSION=mvt")
	tj := `{"tilejson":"3.0.0","tiles":["file://` + filepath.ToSlash(dir) + `/tiles/{z}/{x}/{y}.mvt"],"minzoom":12,"maxzoom":14,"vector_layers":[{"id":"units","fields":{}}]}`
	if err := os.WriteFile(filepath.Join(dir, "tilejson.json"), []byte(tj), 0o644); err != nil {
		t.Fatal(err)
	}
	gdal := qgisFilled(t, "file://"+filepath.ToSlash(dir)+"/tilejson.json", filepath.Join(art, "qgis-gdal-tiles.png"))
	t.Logf("QGIS fills %.1f%% of central London from Footprint's tiles, %.1f%% from GDAL's", ours, gdal)
	if ours < 90 || ours < gdal-2 {
		t.Errorf("QGIS filled %.1f%% of central London from Footprint's tiles, %.1f%% from GDAL's", ours, gdal)
	}
}

// TestBrowserTileJSON gives MapLibre, in Chromium, on a page of another
// origin, only the TileJSON URL (static/e2e/tilejson.mjs): the tiles load
// across origins and draw, with their fields and attribution.
func TestBrowserTileJSON(t *testing.T) {
	browserReady(t)
	tiles := clientServer(t, footprinttest.Grid(t))
	js, err := os.ReadFile("../static/vendor/maplibre-gl.js")
	if err != nil {
		t.Fatal(err)
	}
	css, _ := os.ReadFile("../static/vendor/maplibre-gl.css")
	site := httptest.NewServer(http.FileServer(http.FS(fstest.MapFS{
		"index.html": {Data: []byte(`<!doctype html><html><head><link rel="stylesheet" href="maplibre-gl.css"><script src="maplibre-gl.js"></script>` +
			`<style>html,body,#map{margin:0;width:100%;height:100%}</style></head><body><div id="map"></div></body></html>`)},
		"maplibre-gl.js":  {Data: js},
		"maplibre-gl.css": {Data: css},
	})))
	t.Cleanup(site.Close)
	// The page's origin differs from the tiles' by its host name.
	page := strings.Replace(site.URL, "127.0.0.1", "localhost", 1) + "/index.html"
	out, _ := filepath.Abs("../artifacts")
	os.MkdirAll(out, 0o755)
	runNode(t, "static/e2e/tilejson.mjs", page, tiles+"/tiles/tilejson.json", out)
}
