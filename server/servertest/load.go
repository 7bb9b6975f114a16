// Package servertest holds helpers for testing and measuring a running
// Footprint server over HTTP, as net/http/httptest does for handlers.
package servertest

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
)

// Editors runs n concurrent editors against the server at base, each on
// a plan of its own made from the PCN baseline of every place, each
// sending edits moves of one boundary LSOA to a neighbouring footprint,
// one after another as fast as the server answers. The editors make and
// open their plans first, then start editing together, so the latencies
// are of edits alone. It returns them sorted.
func Editors(base string, a *footprint.Atlas, n, edits int) ([]time.Duration, error) {
	client := &http.Client{Timeout: 30 * time.Second}
	eds := make([]*editor, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range eds {
		wg.Go(func() { eds[i], errs[i] = open(client, base, uint64(i)) })
	}
	wg.Wait()
	if err := firstOf(errs); err != nil {
		return nil, err
	}
	lat := make([][]time.Duration, n)
	for i, ed := range eds {
		wg.Go(func() { lat[i], errs[i] = ed.run(client, base, a, edits) })
	}
	wg.Wait()
	all := slices.Concat(lat...)
	slices.Sort(all)
	return all, firstOf(errs)
}

// Percentile is the p-th percentile (0 to 1) of sorted durations.
func Percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[int(p*float64(len(d)-1))]
}

func firstOf(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// editor is one editor's plan, as it knows it.
type editor struct {
	id, token string
	version   int
	assign    map[string]string
	rng       *rand.Rand
}

// open makes and reads an editor's plan.
func open(c *http.Client, base string, seed uint64) (*editor, error) {
	var cr struct {
		ID        string `json:"id"`
		EditToken string `json:"edit_token"`
		Version   int    `json:"version"`
	}
	if err := Do(c, "POST", base+"/api/plans", "", `{"name": "load", "places": [], "baseline": "pcn"}`, &cr); err != nil {
		return nil, err
	}
	var plan struct {
		Assignments map[string]string `json:"assignments"`
	}
	if err := Do(c, "GET", base+"/api/plans/"+cr.ID, "", "", &plan); err != nil {
		return nil, err
	}
	return &editor{id: cr.ID, token: cr.EditToken, version: cr.Version, assign: plan.Assignments, rng: rand.New(rand.NewPCG(seed, 9))}, nil
}

// run sends the editor's edits and returns their latencies.
func (ed *editor) run(c *http.Client, base string, a *footprint.Atlas, edits int) ([]time.Duration, error) {
	lat := make([]time.Duration, 0, edits)
	for range edits {
		code, to := ed.move(a)
		body := fmt.Sprintf(`{"base_version": %d, "changes": [{"lsoa": %q, "footprint": %q}]}`, ed.version, code, to)
		var pr struct {
			Version    int               `json:"version"`
			Footprints []json.RawMessage `json:"footprints"`
		}
		t := time.Now()
		if err := Do(c, "PATCH", base+"/api/plans/"+ed.id+"/assignments", ed.token, body, &pr); err != nil {
			return lat, err
		}
		lat = append(lat, time.Since(t))
		if len(pr.Footprints) < 2 {
			return lat, fmt.Errorf("a move rescored %d footprints, not 2", len(pr.Footprints))
		}
		ed.version = pr.Version
		ed.assign[code] = to
	}
	return lat, nil
}

// move picks a boundary LSOA and a neighbouring footprint to move it to.
func (ed *editor) move(a *footprint.Atlas) (code, to string) {
	for {
		u := int32(ed.rng.IntN(len(a.Units)))
		nb := a.Graph().Neighbours(u)
		if len(nb) == 0 {
			continue
		}
		w := nb[ed.rng.IntN(len(nb))]
		if f := ed.assign[a.Units[w].Code]; f != "" && f != ed.assign[a.Units[u].Code] {
			return a.Units[u].Code, f
		}
	}
}

// Do sends one request, with the edit token if given, and decodes the
// JSON answer into out; an answer of 300 or more is an error with its
// body.
func Do(c *http.Client, method, url, token, body string, out any) error {
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
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, data)
	}
	return json.Unmarshal(data, out)
}
