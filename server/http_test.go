package server

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestDefaultTimeouts: the served http.Server cuts every kind of slow
// client within 30 seconds.
func TestDefaultTimeouts(t *testing.T) {
	hs := HTTPServer(http.NotFoundHandler(), DefaultTimeouts())
	for name, d := range map[string]time.Duration{"ReadHeaderTimeout": hs.ReadHeaderTimeout, "ReadTimeout": hs.ReadTimeout, "WriteTimeout": hs.WriteTimeout, "IdleTimeout": hs.IdleTimeout} {
		if d <= 0 || d > 30*time.Second {
			t.Errorf("%s = %v, want (0, 30s]", name, d)
		}
	}
}

// serveShort serves h with one-second timeouts on a loopback listener.
func serveShort(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := HTTPServer(h, Timeouts{ReadHeader: time.Second, Read: time.Second, Write: time.Second, Idle: time.Second})
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return ln.Addr().String()
}

// cutWithin sends head, then trickles a byte of trickle every 100 ms, and
// reports whether the server closed the connection within d.
func cutWithin(t *testing.T, addr, head, trickle string, d time.Duration) bool {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, head)
	closed := make(chan struct{})
	go func() {
		r := bufio.NewReader(conn)
		for {
			if _, err := r.ReadByte(); err != nil {
				close(closed)
				return
			}
		}
	}()
	deadline := time.After(d)
	for i := 0; ; i++ {
		select {
		case <-closed:
			return true
		case <-deadline:
			return false
		case <-time.After(100 * time.Millisecond):
			conn.Write([]byte{trickle[i%len(trickle)]})
		}
	}
}

// TestSlowClientsAreCut is issue item 4: a client that trickles its
// headers or its body, or never reads a large response, is cut off at
// the timeouts, here one second.
func TestSlowClientsAreCut(t *testing.T) {
	s, _, _ := planServer(t)
	cr := create(t, s, `{"name": "p", "places": [], "baseline": null}`)
	addr := serveShort(t, s)
	if !cutWithin(t, addr, "GET /api/atlas HTTP/1.1\r\nHost: x\r\n", "X-Slow: aaaaaaaaaa\r\n", 3*time.Second) {
		t.Error("a client trickling its headers was not cut within 3 s")
	}
	head := fmt.Sprintf("PATCH /api/plans/%s/assignments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 100000\r\n\r\n{\"base_version\": 1, \"changes\": [", cr.ID, cr.EditToken)
	if !cutWithin(t, addr, head, `{"lsoa": "E01000001", "footprint": "a"}, `, 3*time.Second) {
		t.Error("a client trickling its body was not cut within 3 s")
	}
	// A client that asks for a large response and never reads it: the
	// handler's writes fail once the write timeout passes.
	done := make(chan time.Duration, 1)
	big := strings.Repeat("x", 1<<20)
	addr = serveShort(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		for range 1024 { // 1 GB
			if _, err := fmt.Fprint(w, big); err != nil {
				break
			}
		}
		done <- time.Since(start)
	}))
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
	select {
	case d := <-done:
		if d > 3*time.Second {
			t.Errorf("the handler wrote for %v", d)
		}
	case <-time.After(5 * time.Second):
		t.Error("a client that never reads held the handler over 5 s")
	}
}
