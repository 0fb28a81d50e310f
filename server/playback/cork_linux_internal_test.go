//go:build linux

package playback

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/streamgate/streamgate/internal/testenv"
)

// corkOf reads TCP_CORK of the connection r came on.
func corkOf(t *testing.T, r *http.Request) int {
	t.Helper()
	c, ok := r.Context().Value(connKey{}).(*net.TCPConn)
	if !ok {
		t.Fatal("no TCP connection in the request's context")
	}
	rc, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	v, serr := -1, error(nil)
	if err := rc.Control(func(fd uintptr) {
		v, serr = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK)
	}); err != nil || serr != nil {
		t.Fatal(err, serr)
	}
	return v
}

// A segment's answer is corked while it is written, its body sent with
// sendfile from a file, and the connection is uncorked when the next
// request on it starts; the bytes arrive whole. Over HTTP/2 nothing is
// corked.
func TestCorkedAnswers(t *testing.T) {
	body := bytes.Repeat([]byte("segment "), 300_000) // 2.4 MB
	path := filepath.Join(t.TempDir(), "seg.ts")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []int // TCP_CORK at each request's start, then while corked
	url, h2c := testenv.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		before := -1
		if r.ProtoMajor == 1 {
			before = corkOf(t, r)
		}
		uncork := corked(r)
		during := -1
		if r.ProtoMajor == 1 {
			during = corkOf(t, r)
		}
		mu.Lock()
		seen = append(seen, before, during)
		mu.Unlock()
		f, err := os.Open(path)
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		w.Header().Set("Content-Length", "2400000")
		_, _ = io.Copy(w, f)
		uncork()
	}), func(hs *http.Server) { hs.ConnContext = ConnContext })

	get := func(c *http.Client) {
		t.Helper()
		res, err := c.Get(url + "/seg.ts")
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("got %d bytes (%v), want the %d of the file", len(got), err, len(body))
		}
	}
	h1 := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	for range 3 { // one connection, kept alive
		get(h1)
	}
	get(h2c)
	want := []int{0, 1, 0, 1, 0, 1, -1, -1}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != len(want) {
		t.Fatalf("TCP_CORK seen %v, want %v", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Fatalf("TCP_CORK seen %v, want %v (at start and while corked, per request; -1 over HTTP/2)", seen, want)
		}
	}
}

// Without ConnContext, or without a TCP connection, corked does nothing.
func TestCorkedWithoutConnection(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/x", nil)
	corked(r)() // no connection in the context: no panic, nothing to do
}
