package playback

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/internal/testenv"
)

// spoolService is a service on real S3 with the spool under a fresh
// directory, the memory caches off, and one 64 KiB segment stored.
func spoolService(t *testing.T, cfg func(*Config)) (*Service, []byte) {
	t.Helper()
	s3, bucket := testenv.S3(t)
	seg := make([]byte, 64<<10)
	_, _ = rand.Read(seg)
	if _, err := s3.PutObject(context.Background(), bucket, "v/720p/seg_001.ts", bytes.NewReader(seg), int64(len(seg)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	c.ObjectCacheBytes, c.SpoolDir = 0, t.TempDir()
	if cfg != nil {
		cfg(&c)
	}
	s, err := New(c, Deps{Objects: minio.Core{Client: s3}, Bucket: bucket})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if s.spool == nil {
		t.Fatal("no spool")
	}
	return s, seg
}

func (s *Service) getSegment(t *testing.T) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/play/t/720p/seg_001.ts", nil)
	sw := s.writer(w)
	if !s.servePrepared(sw, r, "v/", "720p/seg_001.ts", resSegment, "video/mp2t", s.counters.served(resSegment)) {
		s.serveSegment(sw, r, "v/720p/seg_001.ts", "video/mp2t", s.counters.served(resSegment))
	}
	s.done(sw, resSegment)
	return w
}

// fullDisk is a fill's file on a full disk: /dev/full answers every
// write with ENOSPC.
type fullDisk struct {
	*os.File
	name string
}

func (f fullDisk) Name() string { return f.name }

// TestSpoolDiskFullFallsBack: a fill that hits a full disk leaves no
// file and no reservation, the request is answered from S3, and the
// spool fills nothing for a while instead of failing every request.
func TestSpoolDiskFullFallsBack(t *testing.T) {
	t.Parallel()
	now := time.Now()
	s, seg := spoolService(t, nil)
	s.spool.now = func() time.Time { return now }
	creates := 0
	s.spool.create = func(dir string) (tempFile, error) {
		creates++
		f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		return fullDisk{f, filepath.Join(dir, "fill-full")}, err
	}
	for range 3 {
		w := s.getSegment(t)
		if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), seg) {
			t.Fatalf("status %d, %d bytes with the disk full", w.Code, w.Body.Len())
		}
	}
	if creates != 1 {
		t.Errorf("%d fills tried, want 1 (then the spool rests)", creates)
	}
	if len(s.spool.m) != 0 || s.spool.size != 0 {
		t.Errorf("after the failed fill: %d entries, %d bytes reserved", len(s.spool.m), s.spool.size)
	}
	// Past the rest, with room again, the segment is spooled.
	now = now.Add(spoolDownFor)
	s.spool.create = func(dir string) (tempFile, error) { return os.CreateTemp(dir, "fill-*") }
	if w := s.getSegment(t); w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), seg) {
		t.Fatalf("status %d after the disk recovered", w.Code)
	}
	if e := s.spool.get("v/", "720p/seg_001.ts"); e == nil || e.size != int64(len(seg)) {
		t.Fatal("not spooled after the disk recovered")
	}
}

// TestSpoolEvictsLeastRecentlyUsed keeps the files within the budget,
// the least recently served out first, their files removed.
func TestSpoolEvictsLeastRecentlyUsed(t *testing.T) {
	t.Parallel()
	now := time.Unix(1000, 0)
	sp, err := openSpool(t.TempDir(), 10, time.Minute, func() time.Time { return now }, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	put := func(name string, n int64) *spoolEntry {
		t.Helper()
		if !sp.reserve(n) {
			t.Fatalf("%s: no room", name)
		}
		tmp := filepath.Join(sp.dir, "fill-"+name)
		if err := os.WriteFile(tmp, make([]byte, n), 0o600); err != nil {
			t.Fatal(err)
		}
		e := &spoolEntry{size: n}
		if err := sp.commit(preparedKey{"p/", name}, tmp, e); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Second)
		return e
	}
	a, b := put("a", 4), put("b", 4)
	if sp.get("p/", "a") != a { // a is now the most recent
		t.Fatal("a missing")
	}
	now = now.Add(time.Second)
	put("c", 4) // evicts b
	if sp.get("p/", "b") != nil || sp.get("p/", "a") == nil || sp.get("p/", "c") == nil {
		t.Fatal("b not the one evicted")
	}
	if _, err := os.Stat(b.path); !os.IsNotExist(err) {
		t.Errorf("evicted file still there: %v", err)
	}
	if sp.reserve(11) || sp.size != 8 {
		t.Errorf("an object above the budget reserved; size %d", sp.size)
	}
	put("a", 2) // replacing keeps the count and removes the old file
	if _, err := os.Stat(a.path); !os.IsNotExist(err) || sp.size != 6 {
		t.Errorf("replaced file: %v, size %d", err, sp.size)
	}
	now = now.Add(time.Minute)
	if sp.get("p/", "a") != nil {
		t.Error("expired entry served")
	}
	sp.close()
	if _, err := os.Stat(sp.dir); !os.IsNotExist(err) {
		t.Errorf("spool directory after close: %v", err)
	}
	if sp.reserve(1) {
		t.Error("a closed spool reserves")
	}
}

// TestSpoolSweepsDeadProcesses: at start, a spool removes the
// directories of processes that died (lock free, or no lock and old)
// and keeps those of live ones and anything not its own.
func TestSpoolSweepsDeadProcesses(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	live, err := openSpool(parent, 1<<20, time.Minute, time.Now, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer live.close()
	mk := func(name string, lock bool, age time.Duration) string {
		dir := filepath.Join(parent, name)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "1.seg"), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if lock {
			if err := os.WriteFile(filepath.Join(dir, spoolLockName), nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		old := time.Now().Add(-age)
		if err := os.Chtimes(dir, old, old); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	dead := mk("spool-dead", true, 0)
	stale := mk("spool-nolock-old", false, time.Hour)
	young := mk("spool-nolock-young", false, 0)
	other := mk("other-dead", true, time.Hour)
	next, err := openSpool(parent, 1<<20, time.Minute, time.Now, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer next.close()
	for dir, want := range map[string]bool{dead: false, stale: false, young: true, other: true, live.dir: true, next.dir: true} {
		_, err := os.Stat(dir)
		if got := err == nil; got != want {
			t.Errorf("%s kept %v, want %v", filepath.Base(dir), got, want)
		}
	}
}

// unwrapper is a middleware's writer: it counts writes and unwraps.
type unwrapper struct {
	http.ResponseWriter
	writes int
}

func (u *unwrapper) Write(p []byte) (int, error) { u.writes++; return u.ResponseWriter.Write(p) }
func (u *unwrapper) Unwrap() http.ResponseWriter { return u.ResponseWriter }

// readFromRecorder is a response writer that takes a reader whole, as
// net/http's does.
type readFromRecorder struct {
	*httptest.ResponseRecorder
	readFrom int
}

func (r *readFromRecorder) ReadFrom(src io.Reader) (int64, error) {
	r.readFrom++
	return io.Copy(r.ResponseRecorder, src)
}

// TestCountingWriterReachesTheReaderFrom: a file's bytes go to the writer
// under the wrappers that reads a source whole (net/http's, which uses
// sendfile), the status through every wrapper; without one, through the
// wrappers' writes.
func TestCountingWriterReachesTheReaderFrom(t *testing.T) {
	t.Parallel()
	body := bytes.Repeat([]byte("x"), 4096)
	bottom := &readFromRecorder{ResponseRecorder: httptest.NewRecorder()}
	mid := &unwrapper{ResponseWriter: bottom}
	sw := &statusWriter{ResponseWriter: mid, status: http.StatusOK}
	fw := &countingWriter{ResponseWriter: sw}
	fw.WriteHeader(http.StatusPartialContent)
	if n, err := io.Copy(fw, io.LimitReader(bytes.NewReader(body), int64(len(body)))); err != nil || n != int64(len(body)) {
		t.Fatalf("copied %d, %v", n, err)
	}
	if bottom.readFrom != 1 || mid.writes != 0 || fw.n != int64(len(body)) || !bytes.Equal(bottom.Body.Bytes(), body) {
		t.Errorf("ReadFrom calls %d, wrapper writes %d, counted %d", bottom.readFrom, mid.writes, fw.n)
	}
	if sw.status != http.StatusPartialContent || bottom.Code != http.StatusPartialContent {
		t.Errorf("status %d through the wrapper, %d at the bottom", sw.status, bottom.Code)
	}
	plain := httptest.NewRecorder()
	mid = &unwrapper{ResponseWriter: plain}
	fw = &countingWriter{ResponseWriter: &statusWriter{ResponseWriter: mid}}
	if n, err := io.Copy(fw, io.LimitReader(bytes.NewReader(body), int64(len(body)))); err != nil || n != int64(len(body)) || mid.writes == 0 || !bytes.Equal(plain.Body.Bytes(), body) {
		t.Errorf("without a ReaderFrom: copied %d, %v, wrapper writes %d", n, err, mid.writes)
	}
}
