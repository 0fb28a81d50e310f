package upload_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/media/mediatest"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
)

// rangeReads is a proxy in front of the real S3 server that records the
// byte ranges the services GET of objects (not of listings), and the
// HEADs of objects (stats). With hold set, the answer to a GET from byte
// 0 stops after its first MiB until a GET of another range starts, or
// for at most 3 s (then held is set): reads meant to overlap show that
// they do.
type rangeReads struct {
	mu     sync.Mutex
	ranges [][2]int64 // [first, last] bytes
	whole  int        // GETs without a range
	stats  int
	hold   bool
	other  chan struct{} // closed by a GET of a range not from byte 0
	held   bool
}

// bytes is how many object bytes were asked for, counting overlaps once
// per GET.
func (r *rangeReads) bytes() (n int64, whole int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, g := range r.ranges {
		n += g[1] - g[0] + 1
	}
	return n, r.whole
}

func (r *rangeReads) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ranges, r.whole, r.stats, r.held = nil, 0, 0, false
	r.other = make(chan struct{})
}

// holding makes GETs from byte 0 wait for another range's (see hold).
func (r *rangeReads) holding(on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hold = on
}

// heads is how many objects were stat'ed (HEAD).
func (r *rangeReads) heads() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

// heldHead tells whether a held answer waited out its 3 s.
func (r *rangeReads) heldHead() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.held
}

// holdWriter passes an answer through, stopping after its first MiB
// until wait returns.
type holdWriter struct {
	http.ResponseWriter
	n    int
	wait func()
}

func (h *holdWriter) Write(p []byte) (int, error) {
	if h.n < 1<<20 && h.n+len(p) >= 1<<20 {
		n, err := h.ResponseWriter.Write(p)
		h.n += n
		if f, ok := h.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
		h.wait()
		return n, err
	}
	n, err := h.ResponseWriter.Write(p)
	h.n += n
	return n, err
}

func (r *rangeReads) via(t testing.TB) func(*minio.Client) *minio.Client {
	return s3Proxy(t, func(w http.ResponseWriter, req *http.Request, next http.Handler) {
		if req.Method == http.MethodHead && strings.Count(strings.Trim(req.URL.Path, "/"), "/") > 0 {
			r.mu.Lock()
			r.stats++
			r.mu.Unlock()
		}
		if objectGET(req) {
			r.mu.Lock()
			if lo, hi, ok := strings.Cut(strings.TrimPrefix(req.Header.Get("Range"), "bytes="), "-"); ok {
				a, _ := strconv.ParseInt(lo, 10, 64)
				b, _ := strconv.ParseInt(hi, 10, 64)
				r.ranges = append(r.ranges, [2]int64{a, b})
				switch {
				case a > 0 && r.other != nil:
					select {
					case <-r.other:
					default:
						close(r.other)
					}
				case a == 0 && r.hold:
					other := r.other
					w = &holdWriter{ResponseWriter: w, wait: func() {
						select {
						case <-other:
						case <-time.After(3 * time.Second):
							r.mu.Lock()
							r.held = true
							r.mu.Unlock()
						}
					}}
				}
			} else {
				r.whole++
			}
			r.mu.Unlock()
		}
		next.ServeHTTP(w, req)
	})
}

var (
	largeOnce sync.Once
	large     []byte
	largeErr  error
)

// largeClip returns mediatest's large clip (made once, 12 s): as made
// when name is "end.mp4" (an MP4 with its index at the end), otherwise
// its streams put unchanged into name's container with ffmpeg's extra
// output arguments.
func largeClip(t *testing.T, name string, extra ...string) []byte {
	t.Helper()
	largeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sglarge")
		if err != nil {
			largeErr = err
			return
		}
		defer os.RemoveAll(dir)
		if largeErr = mediatest.LargeClip(filepath.Join(dir, "end.mp4")); largeErr == nil {
			large, largeErr = os.ReadFile(filepath.Join(dir, "end.mp4"))
		}
	})
	if largeErr != nil {
		t.Fatal(largeErr)
	}
	b := large
	if name != "end.mp4" {
		dir := t.TempDir()
		base, out := filepath.Join(dir, "end.mp4"), filepath.Join(dir, name)
		if err := os.WriteFile(base, large, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := mediatest.FFmpeg(out, append([]string{"-i", base, "-c", "copy"}, extra...)...); err != nil {
			t.Fatal(err)
		}
		var err error
		if b, err = os.ReadFile(out); err != nil {
			t.Fatal(err)
		}
	}
	if len(b) <= 16<<20 {
		t.Fatalf("%s is only %d bytes", name, len(b))
	}
	return b
}

// A presigned upload that declared its parts' checksum is probed from a
// copy of its edges only, when an MP4's boxes show those are all ffprobe
// reads; the video gets what the whole file's probe finds. Another
// container is read whole, and so is a file its edges did not pass: it is
// refused on the whole file's verdict.
func TestCompletionProbesTheEdges(t *testing.T) {
	t.Parallel()
	var reads rangeReads
	e := newEnvS3(t, nil, transcode.DefaultConfig(), reads.via(t))
	ctx := context.Background()
	complete := func(file []byte) (*uploadv1.Upload, string, error) {
		t.Helper()
		videoID := e.newVideo(t, alice)
		u, urls := e.createHashedParts(t, videoID, file, 8<<20)
		putParallel(t, testenv.HTTP1Client(), u, file, urls, 4)
		reads.reset()
		_, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id}))
		return u, videoID, err
	}
	probeWhole := func(file []byte, name string) media.Info {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, file, 0o600); err != nil {
			t.Fatal(err)
		}
		info, err := media.Prober{}.Probe(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		return info
	}

	for _, name := range []string{"end.mp4", "first.mp4"} {
		var file []byte
		if name == "first.mp4" {
			file = largeClip(t, name, "-movflags", "+faststart")
		} else {
			file = largeClip(t, name)
		}
		// The index last: its GET starts while the head's answer is held
		// after a MiB (the head's first box headers say where it is).
		reads.holding(name == "end.mp4")
		_, videoID, err := complete(file)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if reads.heldHead() {
			t.Errorf("%s: the tail's GET waited for the head's to end", name)
		}
		// The join's answer says the object's size and ETag: no stat.
		if n := reads.heads(); n != 0 {
			t.Errorf("%s: completion made %d HEAD requests; want none", name, n)
		}
		// The 8 MiB head, then the tail from where its boxes end: nothing
		// more when the media data runs to the end, the index (well
		// under 1 MiB) when it is last.
		n, whole := reads.bytes()
		switch {
		case whole != 0:
			t.Errorf("%s: completion read %d whole objects; want ranges of its edges", name, whole)
		case name == "first.mp4" && n != 8<<20:
			t.Errorf("%s: completion read %d bytes; want its 8 MiB head", name, n)
		case name == "end.mp4" && (n <= 8<<20 || n >= 9<<20):
			t.Errorf("%s: completion read %d bytes; want its 8 MiB head and its index", name, n)
		}
		want := probeWhole(file, name)
		v := e.video(t, videoID)
		if v.Duration.AsDuration().Milliseconds() != want.Duration.Milliseconds() || int(v.Width) != want.Width || int(v.Height) != want.Height {
			t.Errorf("%s: video %v %dx%d; the whole file probes %v %dx%d", name, v.Duration.AsDuration(), v.Width, v.Height, want.Duration, want.Width, want.Height)
		}
	}

	// Matroska: the edges are not vouched for, so the middle is read too.
	mkv := largeClip(t, "clip.mkv")
	if _, _, err := complete(mkv); err != nil {
		t.Fatal(err)
	}
	if n, whole := reads.bytes(); whole != 0 || n != int64(len(mkv)) {
		t.Errorf("mkv: completion read %d bytes and %d whole objects; want all %d once", n, whole, len(mkv))
	}

	// Too long for a limit of 10 s: refused on the edges, then on the
	// whole file, which is read once more in full.
	long := largeClip(t, "end.mp4")
	short := newEnvS3(t, func(c *upload.Config) { c.Limits.MaxDuration = 10 * time.Second }, transcode.DefaultConfig(), reads.via(t))
	videoID := short.newVideo(t, alice)
	u, urls := short.createHashedParts(t, videoID, long, 8<<20)
	putParallel(t, testenv.HTTP1Client(), u, long, urls, 4)
	reads.reset()
	_, err := short.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id}))
	if connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Fatalf("a 12 s file under a 10 s limit: %v, want InvalidArgument", err)
	}
	if n, _ := reads.bytes(); n != int64(len(long)) {
		t.Errorf("refusal read %d bytes in ranges; want the whole %d once", n, len(long))
	}
	if got := short.get(t, u.Id).State; got != uploadv1.State_STATE_FAILED {
		t.Errorf("upload state %v, want failed", got)
	}
}

// S3 going away while a completion reads an MP4's edges: the call answers
// Unavailable, the upload opens again with nothing lost, and the next
// call completes it (the parts are joined by then, so it reads the whole
// object back and checks the parts' checksum part by part).
func TestCompletionOfEdgesWhenS3Fails(t *testing.T) {
	t.Parallel()
	var down atomic.Bool
	via := s3Proxy(t, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if down.Load() && objectGET(r) {
			// A connection reset, as from a server going away.
			if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
				c.Close()
			}
			return
		}
		next.ServeHTTP(w, r)
	}, func(o *minio.Options) { o.MaxRetries = 1 })
	e := newEnvS3(t, nil, transcode.DefaultConfig(), via)
	ctx := context.Background()
	file := largeClip(t, "end.mp4")
	videoID := e.newVideo(t, alice)
	u, urls := e.createHashedParts(t, videoID, file, 8<<20)
	putParallel(t, testenv.HTTP1Client(), u, file, urls, 4)

	down.Store(true)
	_, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id}))
	if connect.CodeOf(err) != connect.CodeUnavailable {
		t.Fatalf("S3 down while the edges are read: %v, want Unavailable", err)
	}
	if got := e.get(t, u.Id).State; got != uploadv1.State_STATE_OPEN {
		t.Fatalf("upload state %v after the failed completion, want open", got)
	}
	if v := e.video(t, videoID); v.Duration.AsDuration() != 0 {
		t.Fatalf("video probed while its completion failed: %v", v.Duration.AsDuration())
	}

	down.Store(false)
	if _, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id})); err != nil {
		t.Fatalf("completion once S3 is back: %v", err)
	}
	if v := e.video(t, videoID); v.Duration.AsDuration() != 12*time.Second || v.Width != 1280 || v.Height != 720 {
		t.Fatalf("video %v %dx%d, want 12s 1280x720", v.Duration.AsDuration(), v.Width, v.Height)
	}
}

// allocated is the disk space the files in dir take (their blocks, not
// their sizes: a sparse copy's hole takes none).
func allocated(t *testing.T, dir string) int64 {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, e := range entries {
		var st syscall.Stat_t
		if syscall.Stat(filepath.Join(dir, e.Name()), &st) == nil {
			n += st.Blocks * 512
		}
	}
	return n
}

// A stream's copy for the probe keeps only an MP4's edges when their
// boxes say they suffice: the temporary directory holds its first 8 MiB
// and its index, not the whole file, and the video gets what the whole
// file probes to. A Matroska file, and a fragmented MP4 (boxes through
// its middle), are kept whole. A file the edges' probe
// refuses is refused on the whole file's verdict (probed again from S3).
func TestStreamKeepsTheEdges(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	e := newEnv(t, func(c *upload.Config) { c.TempDir = tmp })
	ctx := context.Background()
	c := e.uploads(alice, connect.WithGRPC())
	for _, tc := range []struct {
		name  string
		file  []byte
		whole bool
	}{
		{"end.mp4", largeClip(t, "end.mp4"), false},
		{"first.mp4", largeClip(t, "first.mp4", "-movflags", "+faststart"), false},
		{"clip.mkv", largeClip(t, "clip.mkv"), true},
		// Fragments through the middle: the edges would not do.
		{"frag.mp4", largeClip(t, "frag.mp4", "-movflags", "+frag_keyframe+empty_moov"), true},
	} {
		vid := e.newVideo(t, alice)
		s := c.UploadStream(ctx)
		msgs := seq(headerMsg(&uploadv1.UploadStreamHeader{VideoId: vid, SizeBytes: uint64(len(tc.file)), Sha256: hexSum(tc.file)}), chunkMsgs(tc.file))
		for _, m := range msgs {
			if err := s.Send(m); err != nil {
				t.Fatal(err)
			}
		}
		// Every byte is sent, the stream still open: once the copy stops
		// growing, it holds what it keeps.
		var kept int64
		for last, deadline := int64(-1), time.Now().Add(10*time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			if kept = allocated(t, tmp); kept == last && kept > 0 {
				break
			}
			last = kept
		}
		res, err := s.CloseAndReceive()
		if err != nil || res.Msg.Upload.State != uploadv1.State_STATE_COMPLETED {
			t.Fatalf("%s: %v %v", tc.name, res, err)
		}
		size := int64(len(tc.file))
		switch {
		case tc.whole && kept < size:
			t.Errorf("%s: the copy took %d bytes of disk; want the whole %d", tc.name, kept, size)
		case !tc.whole && kept > 9<<20:
			t.Errorf("%s: the copy took %d bytes of disk; want its 8 MiB head and its index", tc.name, kept)
		}
		want, err := media.Prober{}.Probe(ctx, writeTemp(t, tc.file, tc.name))
		if err != nil {
			t.Fatal(err)
		}
		v := e.video(t, vid)
		if v.Duration.AsDuration().Milliseconds() != want.Duration.Milliseconds() || int(v.Width) != want.Width || int(v.Height) != want.Height {
			t.Errorf("%s: video %v %dx%d; the whole file probes %v %dx%d", tc.name, v.Duration.AsDuration(), v.Width, v.Height, want.Duration, want.Width, want.Height)
		}
	}

	// 12 s under a limit of 10 s: refused, the upload failed.
	short := newEnv(t, func(c *upload.Config) { c.TempDir = tmp; c.Limits.MaxDuration = 10 * time.Second })
	file := largeClip(t, "end.mp4")
	_, err := send(ctx, short.uploads(alice, connect.WithGRPC()), &uploadv1.UploadStreamHeader{VideoId: short.newVideo(t, alice), SizeBytes: uint64(len(file)), Sha256: hexSum(file)}, file, len(file))
	wantCode(t, err, connect.CodeInvalidArgument)
}

// writeTemp writes b to a file named name in a directory of the test's.
func writeTemp(t *testing.T, b []byte, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
