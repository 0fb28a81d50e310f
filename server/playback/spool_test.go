package playback_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/server/playback"
)

// spoolTestDir is the parent the "spool" cache mode shares between test
// servers, each spooling in a directory of its own below it, as
// processes on one machine do.
var spoolTestDir = filepath.Join(os.TempDir(), "streamgate-playback-spool-test")

// spoolHarness serves with the segment spool under a fresh directory
// and the memory caches off, so a segment served twice without S3 came
// from the spool. After the server closes, nothing of it may be left.
func spoolHarness(t *testing.T) (*harness, string) {
	t.Helper()
	dir := t.TempDir()
	t.Cleanup(func() { // runs after the server's Close
		if left, _ := filepath.Glob(filepath.Join(dir, "spool-*")); len(left) != 0 {
			t.Errorf("spool directories left after Close: %v", left)
		}
	})
	return newHarness(t, func(c *playback.Config) { c.SpoolDir, c.SpoolBytes = dir, 64<<20 }), dir
}

// spoolFiles maps the spool's segment files under dir to their bytes.
func spoolFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "spool-*", "*.seg"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = b
	}
	return out
}

// spoolFileOf is the one spool file holding want.
func spoolFileOf(t *testing.T, dir string, want []byte) string {
	t.Helper()
	var found []string
	for p, b := range spoolFiles(t, dir) {
		if bytes.Equal(b, want) {
			found = append(found, p)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d spool files hold the segment, want 1", len(found))
	}
	return found[0]
}

func (h *harness) removeObject(key string) {
	h.t.Helper()
	if err := h.s3.RemoveObject(context.Background(), h.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		h.t.Fatal(err)
	}
}

// spoolEvents reads streamgate_playback_spool_events_total{event}.
func (h *harness) spoolEvents(event string) int {
	h.t.Helper()
	w := httptest.NewRecorder()
	h.metrics.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	m := regexp.MustCompile(`streamgate_playback_spool_events_total\{event="` + event + `"\} (\d+)`).FindStringSubmatch(w.Body.String())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestSpoolServesSegmentsFromDisk: after the first GET a segment is a
// file in the spool, and is served from it (S3 no longer holds it) with
// the same headers, ranges, HEAD and conditional answers.
func TestSpoolServesSegmentsFromDisk(t *testing.T) {
	t.Parallel()
	h, dir := spoolHarness(t)
	v := h.readyVideo(owner)
	seg := v.files[rung+"/seg_001.ts"]
	url := "/play/" + h.tokenFor(v) + "/" + rung + "/seg_001.ts"
	first, body := h.get(url)
	if first.StatusCode != http.StatusOK || !bytes.Equal(body, seg) {
		t.Fatalf("first GET: status %d, %d bytes", first.StatusCode, len(body))
	}
	spoolFileOf(t, dir, seg)
	h.removeObject(v.prefix + rung + "/seg_001.ts")

	res, body := h.get(url)
	if res.StatusCode != http.StatusOK || !bytes.Equal(body, seg) {
		t.Fatalf("GET from the spool: status %d, %d bytes", res.StatusCode, len(body))
	}
	for _, k := range []string{"Content-Type", "Content-Length", "Etag", "Cache-Control", "Accept-Ranges", "Access-Control-Allow-Origin"} {
		if got, want := res.Header.Values(k), first.Header.Values(k); strings.Join(got, ",") != strings.Join(want, ",") || len(got) != 1 {
			t.Errorf("%s: %q from the spool, %q from S3", k, got, want)
		}
	}
	etag := res.Header.Get("Etag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if res, body := h.do(http.MethodHead, url); res.StatusCode != http.StatusOK || res.ContentLength != int64(len(seg)) || len(body) != 0 {
		t.Errorf("HEAD: status %d, Content-Length %d", res.StatusCode, res.ContentLength)
	}
	if res, body := h.get(url, "If-None-Match", etag); res.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match: status %d, %d bytes", res.StatusCode, len(body))
	}
	n := len(seg)
	for _, c := range []struct {
		rng      string
		status   int
		from, to int
	}{
		{"bytes=0-99", 206, 0, 100},
		{"bytes=100-", 206, 100, n},
		{"bytes=-188", 206, n - 188, n},
		{"bytes=0-1,5-6", 200, 0, n},
		{"bytes=99999999-", 416, 0, 0},
	} {
		res, body := h.get(url, "Range", c.rng)
		if res.StatusCode != c.status {
			t.Errorf("Range %q: status %d, want %d", c.rng, res.StatusCode, c.status)
			continue
		}
		if c.status != 416 && !bytes.Equal(body, seg[c.from:c.to]) {
			t.Errorf("Range %q: %d bytes, want seg[%d:%d]", c.rng, len(body), c.from, c.to)
		}
		if c.status == 206 && res.Header.Get("Content-Range") != "bytes "+strconv.Itoa(c.from)+"-"+strconv.Itoa(c.to-1)+"/"+strconv.Itoa(n) {
			t.Errorf("Range %q: Content-Range %q", c.rng, res.Header.Get("Content-Range"))
		}
	}
	// Over HTTP/2 too (no sendfile there: the bytes take the writes).
	req, _ := http.NewRequest(http.MethodGet, h.url+url, nil)
	res2, err := h.h2c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res2.Body)
	res2.Body.Close()
	if res2.ProtoMajor != 2 || res2.StatusCode != http.StatusOK || !bytes.Equal(body, seg) {
		t.Errorf("h2c GET: %s status %d, %d bytes", res2.Proto, res2.StatusCode, len(body))
	}
}

// TestSpoolFirstRequestsFillOnce: viewers asking for the same segment at
// once make one fill (one S3 read, one file).
func TestSpoolFirstRequestsFillOnce(t *testing.T) {
	t.Parallel()
	h, dir := spoolHarness(t)
	v := h.readyVideo(owner)
	seg := v.files[rung+"/seg_002.ts"]
	url := "/play/" + h.tokenFor(v) + "/" + rung + "/seg_002.ts"
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 16 {
		wg.Go(func() {
			<-start
			req, _ := http.NewRequest(http.MethodGet, h.url+url, nil)
			res, err := h.client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK || !bytes.Equal(body, seg) {
				t.Errorf("status %d, %d bytes", res.StatusCode, len(body))
			}
		})
	}
	close(start)
	wg.Wait()
	spoolFileOf(t, dir, seg)
	if n := len(spoolFiles(t, dir)); n != 1 {
		t.Errorf("%d spool files, want 1", n)
	}
	// Requests that came after the fill found the file; one fill made it.
	if n := h.spoolEvents("filled"); n != 1 {
		t.Errorf("%d fills, want 1", n)
	}
}

// TestSpoolNeverServesAChangedFile: a spool file rewritten or truncated
// after it was checked is dropped, never served: the segment is fetched
// again, or is a 404 once S3 no longer has it.
func TestSpoolNeverServesAChangedFile(t *testing.T) {
	t.Parallel()
	h, dir := spoolHarness(t)
	v := h.readyVideo(owner)
	seg := v.files[rung+"/seg_001.ts"]
	url := "/play/" + h.tokenFor(v) + "/" + rung + "/seg_001.ts"
	if res, _ := h.get(url); res.StatusCode != http.StatusOK {
		t.Fatalf("first GET: status %d", res.StatusCode)
	}
	// File times tick with the kernel's clock (a few ms): change the file
	// past its write's tick.
	time.Sleep(50 * time.Millisecond)
	path := spoolFileOf(t, dir, seg)
	bad := bytes.Clone(seg)
	bad[100] ^= 0xff
	if err := os.WriteFile(path, bad, 0o600); err != nil { // same length
		t.Fatal(err)
	}
	if res, body := h.get(url); res.StatusCode != http.StatusOK || !bytes.Equal(body, seg) {
		t.Fatalf("after a rewrite: status %d, body equal %v", res.StatusCode, bytes.Equal(body, seg))
	}
	time.Sleep(50 * time.Millisecond)
	path = spoolFileOf(t, dir, seg) // fetched again into a new file
	if err := os.Truncate(path, int64(len(seg)/2)); err != nil {
		t.Fatal(err)
	}
	if res, body := h.get(url); res.StatusCode != http.StatusOK || !bytes.Equal(body, seg) {
		t.Fatalf("after a truncation: status %d, %d bytes", res.StatusCode, len(body))
	}
	// With S3 gone, a corrupt file is still not served.
	time.Sleep(50 * time.Millisecond)
	path = spoolFileOf(t, dir, seg)
	h.removeObject(v.prefix + rung + "/seg_001.ts")
	if err := os.WriteFile(path, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if res, body := h.get(url); res.StatusCode != http.StatusNotFound || bytes.Equal(body, bad) {
		t.Fatalf("corrupt file, no S3 object: status %d", res.StatusCode)
	}
	if n := h.spoolEvents("dropped"); n != 3 {
		t.Errorf("%d files dropped, want 3", n)
	}
}

// TestSpoolFallsBackWhenTheDiskFails: with the spool's directory gone
// (a file in its place: no file can be made there, even as root), every
// segment is still served, from S3, and the failure is counted.
func TestSpoolFallsBackWhenTheDiskFails(t *testing.T) {
	t.Parallel()
	h, dir := spoolHarness(t)
	v := h.readyVideo(owner)
	tok := h.tokenFor(v)
	seg0, seg1 := v.files[rung+"/seg_000.ts"], v.files[rung+"/seg_001.ts"]
	if res, body := h.get("/play/" + tok + "/" + rung + "/seg_000.ts"); res.StatusCode != http.StatusOK || !bytes.Equal(body, seg0) {
		t.Fatalf("first GET: status %d", res.StatusCode)
	}
	own, _ := filepath.Glob(filepath.Join(dir, "spool-*"))
	if len(own) != 1 {
		t.Fatalf("spool directories %v, want 1", own)
	}
	if err := os.RemoveAll(own[0]); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(own[0], []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Remove(own[0]) }) // before spoolHarness's check
	for range 2 {
		for name, want := range map[string][]byte{"seg_000.ts": seg0, "seg_001.ts": seg1} {
			res, body := h.get("/play/" + tok + "/" + rung + "/" + name)
			if res.StatusCode != http.StatusOK || !bytes.Equal(body, want) {
				t.Fatalf("%s with the disk broken: status %d, %d bytes", name, res.StatusCode, len(body))
			}
			if res.Header.Get("Etag") == "" || res.ContentLength != int64(len(want)) {
				t.Errorf("%s: ETag %q, Content-Length %d", name, res.Header.Get("Etag"), res.ContentLength)
			}
		}
	}
	// One failed fill; the spool then rests instead of failing each time.
	if n := h.spoolEvents("disk_error"); n != 1 {
		t.Errorf("%d disk errors counted, want 1", n)
	}
}
