package footprint

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/geo/graph"
)

func TestAtlasRoundTrip(t *testing.T) {
	a := gridAtlas(t)
	p := filepath.Join(t.TempDir(), "grid.atlas")
	if err := WriteAtlas(a, p); err != nil {
		t.Fatal(err)
	}
	b, err := ReadAtlas(p)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(a.Summary())
	got, _ := json.Marshal(b.Summary())
	if !bytes.Equal(want, got) {
		t.Fatalf("summary changed on round trip:\n%s\n%s", want, got)
	}
	// The derived indexes are rebuilt.
	if i, ok := b.UnitIndex("E01000006"); !ok || b.Graph().Edges() != 7 || len(b.Graph().Neighbours(i)) != 2 {
		t.Fatal("graph or index not rebuilt")
	}
	if got := b.UnitsIn(b.Units[0].Bound); len(got) < 1 {
		t.Fatal("spatial index not rebuilt")
	}
	if entries, _ := os.ReadDir(filepath.Dir(p)); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestReadAtlasErrors(t *testing.T) {
	a := gridAtlas(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.atlas")
	if err := WriteAtlas(a, good); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(good)
	bad := *a
	bad.Edges = append([]graph.Edge{{A: 0, B: 99, Length: 1}}, a.Edges...)
	corrupt := filepath.Join(dir, "corrupt.atlas")
	if err := WriteAtlas(&bad, corrupt); err != nil {
		t.Fatal(err)
	}
	cdata, _ := os.ReadFile(corrupt)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a Footprint atlas"},
		{"not an atlas", []byte("PK\x03\x04 a zip"), "not a Footprint atlas"},
		{"old version", []byte(strings.Replace(string(data[:40]), "ATLAS\n3", "ATLAS\n0", 1)), "format version 0, this Footprint reads version 3: re-run `footprint import`"},
		{"truncated", data[:len(data)/2], "unexpected EOF"},
		{"index out of range", cdata, "bad edge 0-99"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeAtlas("x.atlas", bytes.NewReader(tt.data))
			var fe *Error
			if err == nil || !errors.As(err, &fe) || fe.Code != EInvalid || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := ReadAtlas(filepath.Join(dir, "missing.atlas")); err == nil || !strings.Contains(err.Error(), "build one with `footprint import`") {
		t.Fatalf("missing atlas: %v", err)
	}
}

// FuzzDecodeAtlas: arbitrary bytes after a valid header must give an
// error, never a panic.
func FuzzDecodeAtlas(f *testing.F) {
	a := gridAtlas(f)
	p := filepath.Join(f.TempDir(), "g.atlas")
	if err := WriteAtlas(a, p); err != nil {
		f.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	f.Add(data[len(atlasMagic)+2:])
	f.Add([]byte{0x1f, 0xff, 0x81})
	f.Fuzz(func(t *testing.T, body []byte) {
		in := append([]byte(atlasMagic+"3\n"), body...)
		b, err := DecodeAtlas("fuzz.atlas", bytes.NewReader(in))
		if err == nil {
			b.Summary()
			for i := range b.Units {
				b.UnitDetail(b.Units[i].Code)
			}
		}
	})
}
