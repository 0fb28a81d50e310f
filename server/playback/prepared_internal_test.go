package playback

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func TestPreparedCacheBoundsAndExpiry(t *testing.T) {
	t.Parallel()
	now := time.Unix(1000, 0)
	c := newPreparedCache(10, time.Minute, func() time.Time { return now })
	put := func(k string, n int) { c.put("p/", k, &prepared{body: make([]byte, n)}) }
	put("a", 4)
	put("b", 4)
	if c.get("p/", "a") == nil || c.get("p/", "b") == nil || c.get("q/", "a") != nil {
		t.Fatal("lookup by prefix and path")
	}
	put("c", 4) // one of a and b makes room
	if c.size > 10 || c.get("p/", "c") == nil || len(c.m) != 2 {
		t.Fatalf("size %d, %d entries after eviction", c.size, len(c.m))
	}
	put("c", 2) // replacing keeps the byte count right
	if c.size != 6 && c.size != 2 {
		t.Fatalf("size %d after replacing", c.size)
	}
	put("big", 11) // above the budget: not kept, nothing evicted
	if c.get("p/", "big") != nil || c.get("p/", "c") == nil {
		t.Fatal("an oversized object changed the cache")
	}
	now = now.Add(time.Minute)
	if c.get("p/", "c") != nil {
		t.Fatal("expired entry served")
	}
	var off *preparedCache
	if off.enabled() || newPreparedCache(0, time.Minute, time.Now).enabled() || off.get("p/", "c") != nil {
		t.Fatal("a disabled cache answers")
	}
}

// discardWriter is a ResponseWriter that keeps its header map between
// requests, as net/http's does not; it lets AllocsPerRun see only what
// the handler allocates.
type discardWriter struct {
	h http.Header
	n int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(int)             {}
func (w *discardWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

func preparedService(t *testing.T) (*Service, prometheus.Counter) {
	t.Helper()
	s, err := New(DefaultConfig(), Deps{})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"720p/index.m3u8", "720p/seg_001.ts"} {
		res, _, ctype := parsePath(path)
		s.prepared.put("v/", path, s.prepare(res, ctype, cachedObject{data: []byte("#EXTM3U\n" + path), etag: "abc"}))
	}
	return s, s.counters.served(resPlaylist)
}

// TestPreparedHotPathDoesNotAllocate: a cached playlist GET copies
// prepared header slices and writes the body, allocating nothing.
func TestPreparedHotPathDoesNotAllocate(t *testing.T) {
	s, served := preparedService(t)
	r := httptest.NewRequest(http.MethodGet, "/play/t/720p/index.m3u8", nil)
	w := &discardWriter{h: http.Header{}}
	allocs := testing.AllocsPerRun(1000, func() {
		sw := s.writer(w)
		if !s.servePrepared(sw, r, "v/", "720p/index.m3u8", resPlaylist, "application/vnd.apple.mpegurl", served) {
			t.Fatal("not served")
		}
		s.done(sw, resPlaylist)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per cached playlist GET, want 0", allocs)
	}
}

// TestPreparedHeadersAreNotShared: what one response does to its header
// values never shows in the next (the values are shared slices).
func TestPreparedHeadersAreNotShared(t *testing.T) {
	t.Parallel()
	s, served := preparedService(t)
	serve := func(method, path string, hdr ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "/play/t/"+path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			r.Header.Set(hdr[i], hdr[i+1])
		}
		w := httptest.NewRecorder()
		res, _, ctype := parsePath(path)
		if !s.servePrepared(w, r, "v/", path, res, ctype, served) {
			t.Fatalf("%s %s not served", method, path)
		}
		return w
	}
	first := serve(http.MethodGet, "720p/seg_001.ts")
	first.Header().Add("Cache-Control", "private")
	first.Header().Add("Content-Type", "text/plain")
	second := serve(http.MethodGet, "720p/seg_001.ts")
	h := second.Header()
	if got := h.Values("Cache-Control"); len(got) != 1 || got[0] != "public, max-age=86400, immutable" {
		t.Errorf("Cache-Control %q", got)
	}
	if got := h.Values("Content-Type"); len(got) != 1 || got[0] != "video/mp2t" {
		t.Errorf("Content-Type %q", got)
	}
	if h.Get("Content-Length") != "23" || !bytes.Equal(second.Body.Bytes(), []byte("#EXTM3U\n720p/seg_001.ts")) {
		t.Errorf("Content-Length %q, body %q", h.Get("Content-Length"), second.Body.Bytes())
	}
	if got := h.Get("Etag"); got != `"abc"` {
		t.Errorf("Etag %q", got)
	}
	pl := serve(http.MethodGet, "720p/index.m3u8", "If-None-Match", `"abc"`)
	if pl.Code != http.StatusNotModified || pl.Body.Len() != 0 {
		t.Errorf("If-None-Match: status %d, %d bytes", pl.Code, pl.Body.Len())
	}
	if got := serve(http.MethodGet, "720p/index.m3u8").Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("playlist Cache-Control %q", got)
	}
	head := serve(http.MethodHead, "720p/index.m3u8")
	if head.Header().Get("Content-Length") != "23" || head.Body.Len() != 0 {
		t.Errorf("HEAD: Content-Length %q, %d bytes", head.Header().Get("Content-Length"), head.Body.Len())
	}
	rng := serve(http.MethodGet, "720p/seg_001.ts", "Range", "bytes=0-6")
	if rng.Code != http.StatusPartialContent || rng.Body.String() != "#EXTM3U" {
		t.Errorf("Range: status %d, body %q", rng.Code, rng.Body.String())
	}
}
