package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/design"
	"github.com/nhs-footprint/footprint/footprint/export"
	"github.com/nhs-footprint/footprint/footprint/ingest"
	"github.com/nhs-footprint/footprint/footprint/profile"
	"github.com/nhs-footprint/footprint/footprint/score"
	"github.com/nhs-footprint/footprint/geo/proj"
	"github.com/nhs-footprint/footprint/geo/rook"
	"github.com/nhs-footprint/footprint/server/store"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/server"
	"github.com/nhs-footprint/footprint/server/servertest"
	"github.com/nhs-footprint/footprint/static"
	"github.com/paulmach/orb"
)

// measure is one timed figure of `footprint bench`.
type measure struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Target float64 `json:"target,omitempty"`
	Met    bool    `json:"met"`
}

func runBench(args []string, stdout, stderr io.Writer) error {
	fs := flagSet("bench", stderr)
	data := fs.String("data", "../shared/data", "data root")
	england := fs.Bool("england", true, "also time the England atlas")
	asJSON := fs.Bool("json", false, "print JSON")
	exe := fs.String("footprint", "bin/footprint", "the footprint binary, for the serve timings")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	tmp, err := os.MkdirTemp("", "footprint-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var out []measure
	add := func(name string, v float64, unit string, target float64) {
		out = append(out, measure{Name: name, Value: v, Unit: unit, Target: target, Met: target == 0 || v <= target})
		if !*asJSON {
			t := ""
			if target > 0 {
				t = fmt.Sprintf("(target ≤ %g %s)", target, unit)
			}
			fmt.Fprintf(stdout, "%-34s %10.1f %-3s %s\n", name, v, unit, t)
		}
	}
	for _, ds := range []struct {
		name, manifest            string
		importT, adjT, startT, mb float64
	}{
		{"London", "data/london.json", 10, 100, 1000, 400},
		{"England", "data/england.json", 0, 2000, 5000, 0},
	} {
		if ds.name == "England" && !*england {
			continue
		}
		m, err := ingest.ReadManifest(ds.manifest)
		if err != nil {
			return err
		}
		t := time.Now()
		a, err := ingest.Import(m, *data, nil)
		if err != nil {
			return err
		}
		add(ds.name+" import", time.Since(t).Seconds(), "s", ds.importT)
		ms, err := timeAdjacency(a)
		if err != nil {
			return err
		}
		add(ds.name+" rook adjacency (median of 5)", ms, "ms", ds.adjT)
		p := filepath.Join(tmp, ds.name+".atlas")
		if err := footprint.WriteAtlas(a, p); err != nil {
			return err
		}
		st, _ := os.Stat(p)
		add(ds.name+" atlas file", float64(st.Size())/1e6, "MB", 0)
		start, peak, err := timeServe(*exe, p)
		if err != nil {
			return err
		}
		add(ds.name+" serve warm start", start, "ms", ds.startT)
		add(ds.name+" serve peak memory", peak, "MB", ds.mb)
		if err := benchServer(a, tmp, ds.name, add); err != nil {
			return err
		}
		if len(a.PCNs) > 0 {
			if err := benchDesign(a, ds.name, add); err != nil {
				return err
			}
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return nil
}

// benchDesign times automatic design and profiles on an atlas.
func benchDesign(a *footprint.Atlas, name string, add func(string, float64, string, float64)) error {
	ctx := context.Background()
	t := time.Now()
	res, err := design.Run(ctx, a, design.Options{Mode: design.Propose, Seed: 1})
	if err != nil {
		return err
	}
	add(name+" design, every place", time.Since(t).Seconds(), "s", 10)
	add(name+" design local search", res.StepsPerSecond, "steps/s", 0)
	t = time.Now()
	if _, err := design.Run(ctx, a, design.Options{Mode: design.Propose, Seed: 1, Places: []string{a.Places[0].Code}}); err != nil {
		return err
	}
	add(name+" design, one place ("+a.Places[0].Name+")", float64(time.Since(t).Microseconds())/1000, "ms", 1000)
	base, err := baseline.Build(a, baseline.PCN, nil)
	if err != nil {
		return err
	}
	s, err := score.NewScorer(a, base)
	if err != nil {
		return err
	}
	t = time.Now()
	doc := profile.Plan(s)
	add(fmt.Sprintf("%s profiles, %d footprints", name, len(doc.Profiles)), float64(time.Since(t).Microseconds())/1000, "ms", 200)
	for _, f := range []export.Format{export.GeoJSON, export.GPKG, export.CSV} {
		out := filepath.Join(os.TempDir(), "footprint-bench"+f.Ext())
		t = time.Now()
		if err := export.File(s, out, export.Options{Format: f}); err != nil {
			return err
		}
		add(fmt.Sprintf("%s export %s, %d footprints", name, f, len(doc.Profiles)), float64(time.Since(t).Microseconds())/1000, "ms", 300)
		os.Remove(out)
	}
	return nil
}

// benchServer serves the atlas on loopback and measures edits, tiles and,
// for London, the web map's first render.
func benchServer(a *footprint.Atlas, tmp, name string, add func(string, float64, string, float64)) error {
	st, err := store.Open(filepath.Join(tmp, name+".db"))
	if err != nil {
		return err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: server.New(a, server.Options{Static: static.FS, Store: st})}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	if len(a.PCNs) > 0 {
		lat, err := servertest.Editors(base, a, 20, 100)
		if err != nil {
			return err
		}
		add(name+" edit p50, 20 editors", ms(servertest.Percentile(lat, 0.5)), "ms", 0)
		add(name+" edit p99, 20 editors", ms(servertest.Percentile(lat, 0.99)), "ms", 50)
	}
	tl, n, err := loadTiles(base, a)
	if err != nil {
		return err
	}
	add(fmt.Sprintf("%s vector tile p99 (%d cold tiles, z10-14)", name, len(tl)), ms(servertest.Percentile(tl, 0.99)), "ms", 30)
	add(name+" vector tile mean size", float64(n)/float64(len(tl))/1024, "KiB", 0)
	if name == "London" {
		if _, err := exec.LookPath("node"); err == nil {
			if d, err := firstRender(base, 3); err == nil {
				add("London first render (Chromium)", float64(d.Milliseconds()), "ms", 3000)
			} else {
				add("London first render: "+err.Error(), 0, "", 0)
			}
			if d, err := scoreRefresh(base); err == nil {
				add("London edit to fresh scores (Chromium)", float64(d.Milliseconds()), "ms", 200)
			} else {
				add("London score refresh: "+err.Error(), 0, "", 0)
			}
		}
	}
	return nil
}

// timeAdjacency projects the atlas's units and times the rook adjacency.
func timeAdjacency(a *footprint.Atlas) (float64, error) {
	pr, err := proj.NewProjector(proj.WGS84, proj.BNG)
	if err != nil {
		return 0, err
	}
	polys := make([]orb.MultiPolygon, len(a.Units))
	for i := range a.Units {
		if polys[i], err = pr.MultiPolygon(a.Units[i].Geom); err != nil {
			return 0, err
		}
	}
	var times []float64
	for range 5 {
		t := time.Now()
		edges, _ := rook.Adjacency(polys, rook.Options{MinShared: footprint.MinSharedBoundary, Tolerance: 0.05})
		times = append(times, float64(time.Since(t).Microseconds())/1000)
		if len(edges) != len(a.Edges) {
			return 0, fmt.Errorf("adjacency gave %d edges, atlas has %d", len(edges), len(a.Edges))
		}
	}
	slices.Sort(times)
	return times[2], nil
}

// timeServe starts `footprint serve` as a child process, times it until it
// answers, requests the whole unit layer, and reads its peak memory.
func timeServe(exe, atlas string) (startMs, peakMB float64, err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, 0, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(exe, "serve", "--atlas", atlas, "--addr", addr, "--db", atlas+".db")
	t := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	base := "http://" + addr
	for {
		resp, err := http.Get(base + "/api/atlas")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Since(t) > 30*time.Second {
			return 0, 0, fmt.Errorf("serve did not answer within 30 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
	startMs = float64(time.Since(t).Microseconds()) / 1000
	for _, path := range []string{"/api/units", "/api/units?bbox=-0.2,51.4,0.0,51.6"} {
		resp, err := http.Get(base + path)
		if err != nil {
			return 0, 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		return startMs, 0, nil
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			peakMB = kb / 1024
		}
	}
	return startMs, peakMB, nil
}
