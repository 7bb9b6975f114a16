package table

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/geo"
)

func TestTable(t *testing.T) {
	tab, err := NewTable("x.csv", strings.NewReader("\xEF\xBB\xBFcode, n\nA,1\nB, 2.5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Header(); len(got) != 2 || got[0] != "code" || got[1] != "n" {
		t.Fatalf("header %q: BOM or spaces not stripped", got)
	}
	var codes []string
	var sum float64
	for tab.Next() {
		codes = append(codes, tab.Get("code"))
		v, err := tab.Count("n")
		if err != nil {
			t.Fatal(err)
		}
		sum += v
	}
	if err := tab.Err(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(codes, ",") != "A,B" || sum != 3.5 {
		t.Fatalf("read %v sum %v", codes, sum)
	}
}

func TestTableGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("a,b\n1,2\n"))
	zw.Close()
	p := filepath.Join(t.TempDir(), "t.csv.gz")
	os.WriteFile(p, buf.Bytes(), 0o644)
	tab, err := OpenTable(p)
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	if !tab.Next() || tab.Get("b") != "2" {
		t.Fatalf("gzip table not read: %v", tab.Err())
	}
}

func TestTableErrors(t *testing.T) {
	tests := []struct {
		name, data, col string
		read            func(*Table) error
		want            string
	}{
		{"empty file", "", "", nil, "x.csv: empty file"},
		{"missing column", "a,b\n1,2\n", "c", nil, "x.csv:1: column c: missing column"},
		{"duplicate column", "a,a\n", "", nil, "x.csv:1: column a: duplicate column"},
		{"short row", "a,b\n1,2\n3\n", "", nil, "x.csv:3: has 1 fields, header has 2"},
		{"bad quote", "a,b\n1,\"2\n", "", nil, "x.csv:2: bad CSV"},
		{"negative count", "a,b\n1,-4\n", "", func(t *Table) error { _, err := t.Count("b"); return err }, "x.csv:2: column b: negative count -4"},
		{"huge count", "a,b\n1,3000000000\n", "", func(t *Table) error { _, err := t.Int("b"); return err }, "x.csv:2: column b: count 3000000000 is more than 2147483647"},
		{"huge float count", "a,b\n1,1e12\n", "", func(t *Table) error { _, err := t.Count("b"); return err }, "x.csv:2: column b: count 1e12 is more than 2147483647"},
		{"negative int", "a,b\n1,-1\n", "", func(t *Table) error { _, err := t.Int("b"); return err }, "x.csv:2: column b: negative count -1"},
		{"NaN", "a,b\n1,NaN\n", "", func(t *Table) error { _, err := t.Count("b"); return err }, `x.csv:2: column b: "NaN" is not a number`},
		{"infinite", "a,b\n1,-Inf\n", "", func(t *Table) error { _, err := t.Count("b"); return err }, `x.csv:2: column b: "-Inf" is not a number`},
		{"not a number", "a,b\n1,lots\n", "", func(t *Table) error { _, err := t.Float("b"); return err }, `x.csv:2: column b: "lots" is not a number`},
		{"not whole", "a,b\n1,2.5\n", "", func(t *Table) error { _, err := t.Int("b"); return err }, `x.csv:2: column b: "2.5" is not a whole number`},
		{"empty number", "a,b\n1,\n", "", func(t *Table) error { _, err := t.Float("b"); return err }, "x.csv:2: column b: empty value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := NewTable("x.csv", strings.NewReader(tt.data))
			if err == nil && tt.col != "" {
				err = tab.Require(tt.col)
			}
			if err == nil {
				for tab.Next() {
					if tt.read != nil {
						if err = tt.read(tab); err != nil {
							break
						}
					}
				}
				if err == nil {
					err = tab.Err()
				}
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			var re *geo.RowError
			if !errors.As(err, &re) {
				t.Fatalf("%T is not a *RowError", err)
			}
		})
	}
}

func TestOpenTableMissing(t *testing.T) {
	_, err := OpenTable(filepath.Join(t.TempDir(), "nope.csv"))
	if err == nil || !strings.Contains(err.Error(), "nope.csv: cannot open: no such file") {
		t.Fatalf("got %v", err)
	}
}

// FuzzTable feeds arbitrary bytes to the CSV reader: it must return rows
// or a *RowError, and never panic.
func FuzzTable(f *testing.F) {
	f.Add([]byte("code,n\nA,1\n"))
	f.Add([]byte("\xEF\xBB\xBFa,b\n\"x\",\"y\"\"\"\n"))
	f.Add([]byte("a\n\"unterminated\n"))
	f.Add([]byte("code,n\nA,3000000000\nB,-5\nC,1e308\nD,2147483647\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := NewTable("fuzz.csv", bytes.NewReader(data))
		if err != nil {
			var re *geo.RowError
			if !errors.As(err, &re) {
				t.Fatalf("error %T is not a *RowError", err)
			}
			return
		}
		for tab.Next() {
			for _, h := range tab.Header() {
				tab.Get(h)
				if n, err := tab.Int(h); err == nil && (n < 0 || n > MaxCount) {
					t.Fatalf("Int accepted %d", n)
				}
				if _, err := tab.Count(h); err != nil && err.Error() == "" {
					t.Fatal("error without a message")
				}
			}
		}
		if err := tab.Err(); err != nil {
			var re *geo.RowError
			if !errors.As(err, &re) {
				t.Fatalf("error %T is not a *RowError", err)
			}
		}
	})
}
