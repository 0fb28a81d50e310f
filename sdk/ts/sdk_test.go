package sdkts_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/cors"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/upload"
	"github.com/streamgate/streamgate/transcoder"
)

// TestNode builds the SDK and runs its node:test suites (test/*.test.js)
// against a full server on real PostgreSQL, Redis and S3. The browser
// suite loads test/browser/index.html from a second origin, so CORS is on
// the path too.
func TestNode(t *testing.T) {
	t.Parallel()
	// The build empties dist first; server/web's browser test reads it.
	unlock := testenv.LockBuild(t, "dist", true)
	npm(t, "build")
	unlock()
	t.Run("pack", testPack)
	npm(t, "build:browser-test")
	clip := noiseMP4(t)
	static := http.NewServeMux()
	static.Handle("/", http.FileServer(http.Dir("test/browser")))
	static.HandleFunc("/clip.mp4", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, clip) })
	page := httptest.NewServer(static)
	t.Cleanup(page.Close)
	api := start(t, page.URL)
	pattern := "test/*.test.js"
	if p := os.Getenv("SDKTS_TESTS"); p != "" { // e.g. test/upload.test.js, while working on one suite
		pattern = p
	}
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append([]string{"--test", "--test-reporter=spec"}, files...)...)
	cmd.Env = append(os.Environ(),
		"STREAMGATE_URL="+api,
		"STREAMGATE_PAGE_URL="+page.URL+"/index.html",
		"STREAMGATE_TEST_MP4="+tinyMP4(t),
		"STREAMGATE_TEST_MP4_3PARTS="+clip,
	)
	run(t, cmd)
}

// testPack packs the package as npm would publish it, installs the
// tarball alone (its dependencies linked from node_modules) into a
// consumer project, type-checks a user's code against it and imports it
// from Node.
func testPack(t *testing.T) {
	dir := t.TempDir()
	out, err := exec.Command("npm", "pack", "--silent", "--pack-destination", dir).Output()
	if err != nil {
		t.Fatalf("npm pack: %v", err)
	}
	tgz := filepath.Join(dir, strings.TrimSpace(string(out)))
	consumer := filepath.Join(dir, "consumer")
	if err := os.CopyFS(consumer, os.DirFS("testdata/consumer")); err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(consumer, "node_modules", "@streamgate", "sdk")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	run(t, exec.Command("tar", "-xzf", tgz, "-C", pkg, "--strip-components=1"))
	for _, dep := range []string{"@bufbuild", "@connectrpc", "@noble", "hash-wasm"} {
		abs, _ := filepath.Abs(filepath.Join("node_modules", dep))
		if err := os.Symlink(abs, filepath.Join(consumer, "node_modules", dep)); err != nil {
			t.Fatal(err)
		}
	}
	tsc, _ := filepath.Abs("node_modules/.bin/tsc")
	check := exec.Command(tsc, "-p", "tsconfig.json")
	check.Dir = consumer
	run(t, check)
	imp := exec.Command("node", "--input-type=module", "-e",
		`const m = await import("@streamgate/sdk"); for (const n of ["StreamGate", "signIn", "upload", "watchVideo", "waitUntilReady", "authorize", "renew", "play", "sha256Hex", "checkSiweMessage", "SiweChallengeError"]) if (typeof m[n] !== "function") throw new Error(n + " is not exported")`)
	imp.Dir = consumer
	run(t, imp)
	// The <streamgate-player> script ships in the package, as
	// "@streamgate/sdk/player.js".
	res := exec.Command("node", "--input-type=module", "-e",
		`const p = import.meta.resolve("@streamgate/sdk/player.js"); const src = (await import("node:fs")).readFileSync(new URL(p), "utf8"); if (!src.includes("streamgate-player") || !src.includes("customElements")) throw new Error("player.js does not define <streamgate-player>")`)
	res.Dir = consumer
	run(t, res)
}

// start serves every service; the handler is built once the URL is known,
// because sign-in messages name the server's domain.
func start(t *testing.T, pageOrigin string) string {
	t.Helper()
	var h atomic.Pointer[http.Handler]
	base, _ := testenv.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*h.Load()).ServeHTTP(w, r)
	}))
	u, err := url.Parse(pageOrigin)
	if err != nil {
		t.Fatal(err)
	}
	rdb, prefix := testenv.Redis(t)
	s3, bucket := testenv.S3(t)
	allowBrowserUploads(t, s3, bucket, pageOrigin)
	cfg := server.DefaultConfig()
	cfg.CORSOrigins, cfg.ReadMaxBytes, cfg.PublicURL, cfg.RedisPrefix = []string{pageOrigin}, 4<<20, base, prefix
	// The smallest part S3 allows, so a 12 MB file has three parts.
	cfg.Svc.Upload.PartSize = upload.MinPartSize
	cfg.Svc.Transcode.WorkerTokens = []string{workerToken}
	// The shortest token life, renewed a second after it is granted, so the
	// hls.js test sees a renewal; no row or object cache.
	p := &cfg.Svc.Playback
	p.TokenTTL, p.RenewBefore, p.VideoCacheTTL, p.ObjectCacheBytes = 30*time.Second, 29*time.Second, 0, 0
	a := &cfg.Svc.Auth
	a.Domain, a.URI, a.Statement = u.Host, pageOrigin, "Sign in to StreamGate (TypeScript SDK test)"
	a.ChainIDs, a.RefreshTTL, a.SessionCacheTTL = []uint64{1}, time.Hour, 0
	a.RatePerIP, a.RatePerAddress = 1000, 1000
	srv, err := server.New(cfg, server.Deps{
		Log: slog.New(slog.DiscardHandler), Store: db.NewStore(testenv.DB(t)), Redis: rdb, S3: s3, Bucket: bucket,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	var handler http.Handler = srv
	h.Store(&handler)
	worker(t, base)
	return base
}

// allowBrowserUploads gives the bucket the CORS rule a deployment needs
// for browsers to PUT parts to presigned URLs (README: TypeScript SDK).
func allowBrowserUploads(t *testing.T, s3 *minio.Client, bucket, origin string) {
	t.Helper()
	err := s3.SetBucketCors(context.Background(), bucket, &cors.Config{CORSRules: []cors.Rule{{
		AllowedOrigin: []string{origin}, AllowedMethod: []string{http.MethodPut},
		AllowedHeader: []string{"*"}, ExposeHeader: []string{"ETag"}, MaxAgeSeconds: 600,
	}}})
	if err != nil {
		t.Fatalf("set bucket CORS: %v", err)
	}
}

const workerToken = "sdk-ts-test-worker-token-0123456789"

// worker runs a transcoder with a one-rung ladder until the test ends.
func worker(t *testing.T, base string) {
	t.Helper()
	profile := transcoder.DefaultProfile()
	profile.Rungs = []transcoder.Rung{{Name: "120p", Height: 120, VideoKbps: 150}}
	profile.Preset = "ultrafast"
	wcfg := transcoder.DefaultConfig()
	wcfg.ServerURL, wcfg.Token, wcfg.WorkerID, wcfg.WorkDir = base, workerToken, "sdk-ts-test", t.TempDir()
	wcfg.Profile, wcfg.HTTPClient = profile, testenv.HTTP1Client()
	w, err := transcoder.New(wcfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = w.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// npm runs a package script, installing the locked dependencies first
// when they are missing.
func npm(t *testing.T, script string) {
	t.Helper()
	if _, err := exec.LookPath("npm"); err != nil {
		t.Fatal("npm not found: the TypeScript SDK tests need Node 20 and npm")
	}
	if stale("node_modules/.package-lock.json", "package-lock.json") {
		run(t, exec.Command("npm", "ci", "--no-audit", "--no-fund"))
	}
	run(t, exec.Command("npm", "run", "--silent", script))
}

// stale reports whether installed is missing or older than lock.
func stale(installed, lock string) bool {
	a, err := os.Stat(installed)
	if err != nil {
		return true
	}
	b, err := os.Stat(lock)
	return err == nil && b.ModTime().After(a.ModTime())
}

// tinyMP4 encodes one second of 160x120 test pattern with a tone.
func tinyMP4(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "tiny.mp4")
	run(t, exec.Command("ffmpeg", "-nostdin", "-v", "error",
		"-f", "lavfi", "-i", "testsrc=size=160x120:rate=15:duration=1",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=1",
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
		"-c:a", "aac", "-shortest", "-movflags", "+faststart", out))
	return out
}

// noiseMP4 encodes four seconds of lossless noise: about 12 MB, three
// parts at the 5 MiB part size, in about two seconds.
func noiseMP4(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "noise.mp4")
	run(t, exec.Command("ffmpeg", "-nostdin", "-v", "error",
		"-f", "lavfi", "-i", "nullsrc=s=320x240:r=25:d=4,geq=lum='random(1)*255':cb=128:cr=128",
		"-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p", "-movflags", "+faststart", out))
	st, err := os.Stat(out)
	if err != nil || st.Size() <= 2*upload.MinPartSize {
		t.Fatalf("noise clip too small for three parts: %v %v", st, err)
	}
	return out
}

// run runs cmd with its output streamed into the test log, failing the
// test when it fails.
func run(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			t.Log(sc.Text())
		}
	}()
	err := cmd.Run()
	pw.Close()
	<-done
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
}
