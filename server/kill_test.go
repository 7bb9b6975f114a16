package server

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/server/store"
)

// TestHelperServe is not a test: run by TestKilledServerLosesNothing as a
// child process, it serves the grid atlas until it is killed.
func TestHelperServe(t *testing.T) {
	db, addr := os.Getenv("FOOTPRINT_HELPER_DB"), os.Getenv("FOOTPRINT_HELPER_ADDR")
	if db == "" {
		t.Skip("helper process only")
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	http.Serve(ln, New(footprinttest.Grid(t), Options{Store: st}))
}

func startHelper(t *testing.T, db, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServe$")
	cmd.Env = append(os.Environ(), "FOOTPRINT_HELPER_DB="+db, "FOOTPRINT_HELPER_ADDR="+addr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		if resp, err := http.Get("http://" + addr + "/api/atlas"); err == nil {
			resp.Body.Close()
			return cmd
		}
		if i > 300 {
			cmd.Process.Kill()
			t.Fatal("helper server did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func httpJSON(t *testing.T, method, url, tok, body string, out any) int {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

// A server killed with SIGKILL right after acknowledging edits has them
// all when it comes back.
func TestKilledServerLosesNothing(t *testing.T) {
	if os.Getenv("FOOTPRINT_HELPER_DB") != "" {
		t.Skip("in the helper")
	}
	db := filepath.Join(t.TempDir(), "plans.db")
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	cmd := startHelper(t, db, addr)
	base := "http://" + addr
	var cr CreatePlanResponse
	if code := httpJSON(t, "POST", base+"/api/plans", "", `{"name": "crash", "places": [], "baseline": null}`, &cr); code != 201 {
		t.Fatal(code)
	}
	want := map[string]string{}
	v := 1
	codes := []string{"E01000001", "E01000002", "E01000003", "E01000004", "E01000005", "E01000006", "E01000007"}
	for i := range 60 {
		code, f := codes[i%len(codes)], fmt.Sprintf("f%d", i%4)
		var pr PatchResponse
		if c := httpJSON(t, "PATCH", base+"/api/plans/"+cr.ID+"/assignments", cr.EditToken, fmt.Sprintf(`{"base_version": %d, "changes": [{"lsoa": %q, "footprint": %q}]}`, v, code, f), &pr); c != 200 {
			t.Fatalf("edit %d: %d", i, c)
		}
		v = pr.Version
		want[code] = f
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	cmd = startHelper(t, db, addr)
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	var p PlanJSON
	httpJSON(t, "GET", base+"/api/plans/"+cr.ID, "", "", &p)
	if p.Version != v || fmt.Sprint(p.Assignments) != fmt.Sprint(want) {
		t.Fatalf("after kill -9: version %d %v, want %d %v", p.Version, p.Assignments, v, want)
	}
}
