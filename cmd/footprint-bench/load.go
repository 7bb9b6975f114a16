package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/paulmach/orb/maptile"
)

// percentile returns the p-th percentile of sorted durations.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := int(p * float64(len(d)-1))
	return d[i]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// loadEditors runs editors concurrent editors against a server, each on a
// plan of its own made from the London PCN baseline, each sending edits
// assignment changes of one boundary LSOA to a neighbouring footprint, one
// after another as fast as the server answers. It returns the latencies.
func loadEditors(base string, a *footprint.Atlas, editors, edits int) ([]time.Duration, error) {
	var mu sync.Mutex
	var lat []time.Duration
	var firstErr error
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 30 * time.Second}
	for e := range editors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := func() error {
				var cr struct {
					ID        string `json:"id"`
					EditToken string `json:"edit_token"`
					Version   int    `json:"version"`
				}
				if err := postJSON(client, "POST", base+"/api/plans", "", `{"name": "load", "places": [], "baseline": "pcn"}`, &cr); err != nil {
					return err
				}
				var plan struct {
					Assignments map[string]string `json:"assignments"`
				}
				if err := postJSON(client, "GET", base+"/api/plans/"+cr.ID, "", "", &plan); err != nil {
					return err
				}
				rng := rand.New(rand.NewPCG(uint64(e), 9))
				v := cr.Version
				for range edits {
					var code, to string
					for to == "" {
						u := int32(rng.IntN(len(a.Units)))
						nb := a.Graph().Neighbours(u)
						if len(nb) == 0 {
							continue
						}
						w := nb[rng.IntN(len(nb))]
						if f := plan.Assignments[a.Units[w].Code]; f != "" && f != plan.Assignments[a.Units[u].Code] {
							code, to = a.Units[u].Code, f
						}
					}
					body := fmt.Sprintf(`{"base_version": %d, "changes": [{"lsoa": %q, "footprint": %q}]}`, v, code, to)
					var pr struct {
						Version    int               `json:"version"`
						Footprints []json.RawMessage `json:"footprints"`
					}
					t := time.Now()
					if err := postJSON(client, "PATCH", base+"/api/plans/"+cr.ID+"/assignments", cr.EditToken, body, &pr); err != nil {
						return err
					}
					d := time.Since(t)
					if len(pr.Footprints) < 2 {
						return fmt.Errorf("a move rescored %d footprints", len(pr.Footprints))
					}
					v = pr.Version
					plan.Assignments[code] = to
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
				}
				return nil
			}()
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(lat)
	return lat, firstErr
}

func postJSON(c *http.Client, method, url, token, body string, out any) error {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, data)
	}
	return json.Unmarshal(data, out)
}

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
// word it prints first.
func timing(word string, args ...string) (time.Duration, error) {
	if _, err := os.Stat("static/e2e/timing.mjs"); err != nil {
		return 0, fmt.Errorf("run from the repository root: %w", err)
	}
	out, err := exec.Command("node", append([]string{"static/e2e/timing.mjs"}, args...)...).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%s: %v: %s", word, err, bytes.TrimSpace(out))
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
	if err := postJSON(http.DefaultClient, "POST", base+"/api/plans", "", `{"name": "refresh", "places": [], "baseline": "pcn"}`, &cr); err != nil {
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
