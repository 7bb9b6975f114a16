package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/server/servertest"
	"github.com/paulmach/orb/maptile"
)

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// loadTiles fetches every tile over the atlas's extent from zoom 10 to 14,
// each for the first time, and returns the latencies.
func loadTiles(base string, a *footprint.Atlas) ([]time.Duration, int, error) {
	var b = a.Units[0].Bound
	for i := range a.Units {
		b = b.Union(a.Units[i].Bound)
	}
	var tiles []maptile.Tile
	for z := maptile.Zoom(10); z <= 14; z++ {
		lo, hi := maptile.At(b.LeftTop(), z), maptile.At(b.RightBottom(), z)
		for x := lo.X; x <= hi.X; x++ {
			for y := lo.Y; y <= hi.Y; y++ {
				tiles = append(tiles, maptile.New(x, y, z))
			}
		}
	}
	var lat []time.Duration
	bytesTotal := 0
	for _, t := range tiles {
		start := time.Now()
		resp, err := http.Get(fmt.Sprintf("%s/tiles/%d/%d/%d.mvt", base, t.Z, t.X, t.Y))
		if err != nil {
			return nil, 0, err
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		lat = append(lat, time.Since(start))
		bytesTotal += int(n)
		if resp.StatusCode != 200 {
			return nil, 0, fmt.Errorf("tile %v: %d", t, resp.StatusCode)
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat, bytesTotal, nil
}

// timing runs static/e2e/timing.mjs and reads the milliseconds after the
// word it prints first on its standard output (its standard error has
// each run's figures, and goes into the error if it fails).
func timing(word string, args ...string) (time.Duration, error) {
	if _, err := os.Stat("static/e2e/timing.mjs"); err != nil {
		return 0, fmt.Errorf("run from the repository root: %w", err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command("node", append([]string{"static/e2e/timing.mjs"}, args...)...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("%s: %v: %s", word, err, bytes.TrimSpace(append(out, stderr.Bytes()...)))
	}
	f := strings.Fields(string(out))
	if len(f) < 2 || f[0] != word {
		return 0, fmt.Errorf("%s: %q", word, out)
	}
	n, _ := strconv.Atoi(f[1])
	return time.Duration(n) * time.Millisecond, nil
}

// scoreRefresh times, in the browser, from the end of a stroke on a
// London-wide PCN plan until its scores and flags are on screen; median
// of 5.
func scoreRefresh(base string) (time.Duration, error) {
	var cr struct {
		EditURL string `json:"edit_url"`
	}
	if err := servertest.Do(http.DefaultClient, "POST", base+"/api/plans", "", `{"name": "refresh", "places": [], "baseline": "pcn"}`, &cr); err != nil {
		return 0, err
	}
	return timing("refresh", base+cr.EditURL, "edit")
}

// firstRender times the web map's first render of London in headless
// Chromium: navigation until the map is idle with every LSOA drawn. It
// returns the median of runs.
func firstRender(base string, runs int) (time.Duration, error) {
	var times []time.Duration
	for range runs {
		d, err := timing("ready", base+"/")
		if err != nil {
			return 0, err
		}
		times = append(times, d)
	}
	slices.Sort(times)
	return times[len(times)/2], nil
}
