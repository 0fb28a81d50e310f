package playback_test

import (
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/streamgate/streamgate/server/playback"
)

// chainWriter is a ResponseWriter with a fresh header map per request,
// as net/http's, that discards the body.
type chainWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *chainWriter) Header() http.Header         { return w.h }
func (w *chainWriter) WriteHeader(code int)        { w.status = code }
func (w *chainWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// TestPlayChainAllocations: a cached media playlist GET through the
// whole server handler (request log, /play deadline, Route, the prepared
// answer), without the network and net/http's own parsing and writing,
// allocates no more than the request log's and the deadline's few (15
// before the CORS layer, the request id and /play's CORS values were cut
// to size). With -v it logs what that chain costs per request.
func TestPlayChainAllocations(t *testing.T) {
	h := newHarness(t, func(c *playback.Config) { c.ObjectCacheBytes, c.VideoCacheTTL = 64<<20, time.Minute })
	v := h.readyVideo(owner)
	path := "/play/" + h.tokenFor(v) + "/" + rung + "/index.m3u8"
	if res, _ := h.get(path); res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	r := httptest.NewRequest(http.MethodGet, path, nil)
	serve := func() {
		w := &chainWriter{h: make(http.Header)}
		h.handler.ServeHTTP(w, r)
		if w.status != 0 && w.status != http.StatusOK || w.n != len(v.files[rung+"/index.m3u8"]) {
			t.Fatalf("status %d, %d bytes", w.status, w.n)
		}
	}
	// CPU time rather than wall time: on a shared machine the wall clock
	// mostly measures the other processes.
	const n = 20000
	var before, after syscall.Rusage
	allocs := testing.AllocsPerRun(n/10, serve)
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	for range n {
		serve()
	}
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(syscall.TimevalToNsec(after.Utime) + syscall.TimevalToNsec(after.Stime) -
		syscall.TimevalToNsec(before.Utime) - syscall.TimevalToNsec(before.Stime))
	t.Logf("%.2f µs of CPU (this process's) per request, %v allocations (the writer and its header map included)", cpu.Seconds()*1e6/n, allocs)
	const most = 9
	if allocs > most {
		t.Errorf("%v allocations per cached playlist GET through the server, want at most %d", allocs, most)
	}
}
