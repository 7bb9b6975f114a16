package server

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/server/store"
)

// BenchmarkEditP99London measures edit latency as cmd/footprint-bench
// does: 20 editors, each on its own London PCN-baseline plan, each sending
// 100 one-LSOA moves as fast as the server answers, through a real HTTP
// listener and a store that syncs each commit. It reports p50 and p99;
// the target for p99 is 50 ms.
func BenchmarkEditP99London(b *testing.B) {
	a := footprinttest.London(b)
	for b.Loop() {
		st, err := store.Open(filepath.Join(b.TempDir(), "plans.db"))
		if err != nil {
			b.Fatal(err)
		}
		hs := httptest.NewServer(New(a, Options{Store: st}))
		lat := editLoad(b, hs.URL, a, 20, 100)
		hs.Close()
		st.Close()
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}

// editLoad runs the editors and returns their latencies, sorted.
func editLoad(b *testing.B, base string, a *footprint.Atlas, editors, edits int) []time.Duration {
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	for e := range editors {
		wg.Go(func() {
			d, err := editor(base, a, uint64(e), edits)
			if err != nil {
				b.Error(err)
			}
			mu.Lock()
			lat = append(lat, d...)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(lat)
	return lat
}

// editor makes a plan and moves boundary LSOAs to neighbouring footprints.
func editor(base string, a *footprint.Atlas, seed uint64, edits int) ([]time.Duration, error) {
	var cr CreatePlanResponse
	if err := send("POST", base+"/api/plans", "", `{"name": "load", "places": [], "baseline": "pcn"}`, &cr); err != nil {
		return nil, err
	}
	var plan PlanJSON
	if err := send("GET", base+"/api/plans/"+cr.ID, "", "", &plan); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, 9))
	v := cr.Version
	var lat []time.Duration
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
		var pr PatchResponse
		t := time.Now()
		if err := send("PATCH", base+"/api/plans/"+cr.ID+"/assignments", cr.EditToken, fmt.Sprintf(`{"base_version": %d, "changes": [{"lsoa": %q, "footprint": %q}]}`, v, code, to), &pr); err != nil {
			return lat, err
		}
		lat = append(lat, time.Since(t))
		v = pr.Version
		plan.Assignments[code] = to
	}
	return lat, nil
}

// send makes one request to a listening server and decodes its answer.
func send(method, url, tok, body string, out any) error {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s", method, url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
