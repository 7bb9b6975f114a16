package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/server/store"
)

// open opens a store in a fresh temporary directory.
func open(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "plans.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func str(s string) *string { return &s }

func TestStoreVersions(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	p := footprint.NewPlan("Draft")
	p.Assign["E01000001"] = "a"
	p.Normalize()
	id, token, err := s.CreatePlan(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	edits := []footprint.Edit{
		{Assign: []footprint.Applied{{LSOA: "E01000002", To: "a"}, {LSOA: "E01000003", To: "b"}}},
		{Footprints: []footprint.FootprintInfo{{ID: "b", Name: "Beta", Colour: "#56B4E9"}}},
		{Name: str("Final")},
		{Assign: []footprint.Applied{{LSOA: "E01000001", From: "a", To: ""}}},
	}
	want := []*footprint.Plan{footprint.NewPlan("Draft")}
	want[0].Assign["E01000001"] = "a"
	want[0].Normalize()
	for i, e := range edits {
		q := *want[len(want)-1]
		q.Assign = map[string]string{}
		for k, v := range want[len(want)-1].Assign {
			q.Assign[k] = v
		}
		q.Footprints = append([]footprint.FootprintInfo{}, want[len(want)-1].Footprints...)
		e.Apply(&q)
		if v, err := s.AppendVersion(ctx, id, i+1, e, &q); err != nil || v != i+2 {
			t.Fatalf("append %d: version %d, %v", i+2, v, err)
		}
		want = append(want, &q)
	}
	// Every version loads as it was saved, replayed from the snapshot.
	for v := 1; v <= len(want); v++ {
		got, n, err := s.LoadPlan(ctx, id, v)
		if err != nil || n != v {
			t.Fatalf("load version %d: %d, %v", v, n, err)
		}
		if !reflect.DeepEqual(got.Assign, want[v-1].Assign) || got.Name != want[v-1].Name || got.FootprintName("b") != want[v-1].FootprintName("b") {
			t.Errorf("version %d: %+v, want %+v", v, got, want[v-1])
		}
	}
	vs, err := s.Versions(ctx, id)
	if err != nil || len(vs) != 5 {
		t.Fatalf("versions %v %v", vs, err)
	}
	// Newest first.
	for i, summary := range []string{"1 LSOA to no footprint", "renamed Final", "footprint Beta updated", "1 LSOA to a; 1 LSOA to b", "created with 1 LSOAs in 1 footprints"} {
		if vs[i].Version != 5-i || vs[i].Summary != summary {
			t.Errorf("versions[%d]: version %d %q, want %d %q", i, vs[i].Version, vs[i].Summary, 5-i, summary)
		}
	}
	since, err := s.ChangesSince(ctx, id, 3)
	if err != nil || len(since) != 2 || since[0].Version != 4 {
		t.Errorf("changes since 3: %v %v", since, err)
	}
	tests := []struct {
		name string
		err  error
		code footprint.ErrorCode
	}{
		{"stale base", func() error { _, err := s.AppendVersion(ctx, id, 2, footprint.Edit{}, want[1]); return err }(), footprint.EConflict},
		{"wrong token", s.CheckToken(ctx, id, "nope"), footprint.EUnauthorized},
		{"empty token", s.CheckToken(ctx, id, ""), footprint.EUnauthorized},
		{"unknown plan", s.CheckToken(ctx, "nope", token), footprint.ENotFound},
		{"no such version", func() error { _, _, err := s.LoadPlan(ctx, id, 9); return err }(), footprint.ENotFound},
		{"right token", s.CheckToken(ctx, id, token), ""},
	}
	for _, tt := range tests {
		if got := footprint.Code(tt.err); got != tt.code {
			t.Errorf("%s: code %q (%v), want %q", tt.name, got, tt.err, tt.code)
		}
	}
}

func TestStoreReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "plans.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p := footprint.NewPlan("Kept")
	p.Assign["E01000001"] = "a"
	p.Normalize()
	id, _, err := s.CreatePlan(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Migrations run once: opening again finds the plan.
	s, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, v, err := s.LoadPlan(ctx, id, 0)
	if err != nil || v != 1 || got.Name != "Kept" || got.Assign["E01000001"] != "a" {
		t.Errorf("reopened: %+v %d %v", got, v, err)
	}
}

// TestStoreSyncsEachCommit: the store runs SQLite with synchronous=FULL,
// so each acknowledged commit is on disk before it returns.
func TestStoreSyncsEachCommit(t *testing.T) {
	s := open(t)
	got, err := s.Pragma(context.Background(), "synchronous")
	if err != nil {
		t.Fatal(err)
	}
	if got != "2" { // 2 is FULL
		t.Errorf("synchronous = %s, want 2 (FULL)", got)
	}
	if mode, _ := s.Pragma(context.Background(), "journal_mode"); mode != "wal" {
		t.Errorf("journal_mode = %s, want wal", mode)
	}
}

// TestGroupCommit: appends made at once share transactions, and a stale
// one among them fails alone.
func TestGroupCommit(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	const plans, edits = 20, 10
	ids := make([]string, plans)
	for i := range ids {
		p := footprint.NewPlan(fmt.Sprint("plan ", i))
		id, _, err := s.CreatePlan(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	var wg sync.WaitGroup
	errs := make(chan error, plans*edits*2)
	for i, id := range ids {
		wg.Go(func() {
			for v := 1; v <= edits; v++ {
				e := footprint.Edit{Assign: []footprint.Applied{{LSOA: fmt.Sprintf("E0100%04d", v), To: "a"}}}
				if got, err := s.AppendVersion(ctx, id, v, e, footprint.NewPlan("p")); err != nil || got != v+1 {
					errs <- fmt.Errorf("plan %d version %d: %d, %v", i, v+1, got, err)
				}
				// A stale append, from version 1 again, fails alone.
				if _, err := s.AppendVersion(ctx, id, 1, footprint.Edit{}, footprint.NewPlan("p")); footprint.Code(err) != footprint.EConflict {
					errs <- fmt.Errorf("plan %d: stale append %v", i, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, id := range ids {
		p, v, err := s.LoadPlan(ctx, id, 0)
		if err != nil || v != edits+1 || len(p.Assign) != edits {
			t.Errorf("plan %s: version %d, %d LSOAs, %v", id, v, len(p.Assign), err)
		}
	}
}

// TestCheckpointInBackground: no commit runs SQLite's checkpoint itself;
// the checkpointer copies the log into the database soon after commits,
// and empties it when the store closes, with every version kept.
func TestCheckpointInBackground(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "plans.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.Pragma(ctx, "wal_autocheckpoint"); got != "0" {
		t.Errorf("wal_autocheckpoint = %s, want 0 (the checkpointer does it)", got)
	}
	size := func(name string) int64 {
		fi, err := os.Stat(name)
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	before := size(path)
	id, _, err := s.CreatePlan(ctx, footprint.NewPlan("p"))
	if err != nil {
		t.Fatal(err)
	}
	const edits = 120
	for v := 1; v <= edits; v++ {
		e := footprint.Edit{Assign: []footprint.Applied{{LSOA: fmt.Sprintf("E0100%04d", v), To: "a"}}}
		if _, err := s.AppendVersion(ctx, id, v, e, footprint.NewPlan("p")); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for size(path) <= before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if size(path) <= before {
		t.Errorf("the database file stayed at %d bytes: the log was never checkpointed", before)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if n := size(path + "-wal"); n != 0 {
		t.Errorf("the log holds %d bytes after Close, want 0", n)
	}
	s2, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if vs, err := s2.Versions(ctx, id); err != nil || len(vs) != edits+1 {
		t.Errorf("reopened: %d versions, %v; want %d", len(vs), err, edits+1)
	}
}
