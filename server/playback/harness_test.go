package playback_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/internal/tracing"
	streamgate "github.com/streamgate/streamgate/sdk/go"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/metrics"
	"github.com/streamgate/streamgate/server/playback"
	"github.com/streamgate/streamgate/server/tokens"
)

// rung is the one rendition the fixture ladder has.
const rung = "160p"

// source is a tiny clip encoded once per test process; every test video
// is an encrypted HLS copy of it, so its decoded frames are the reference.
var source struct {
	once   sync.Once
	path   string
	frames []string
	err    error
}

func sourceClip(t testing.TB) (string, []string) {
	t.Helper()
	source.once.Do(func() {
		dir, err := os.MkdirTemp("", "playback-src-")
		if err != nil {
			source.err = err
			return
		}
		source.path = filepath.Join(dir, "src.ts")
		source.err = ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10:duration=3",
			"-f", "lavfi", "-i", "sine=frequency=440:duration=3",
			"-c:v", "libx264", "-preset", "ultrafast", "-g", "5", "-keyint_min", "5", "-sc_threshold", "0",
			"-c:a", "aac", "-b:a", "32k", "-shortest", "-f", "mpegts", source.path)
		if source.err == nil {
			source.frames, source.err = frameHashes(source.path)
		}
	})
	if source.err != nil {
		t.Fatalf("fixture clip: %v", source.err)
	}
	return source.path, source.frames
}

func ffmpeg(args ...string) error {
	cmd := exec.Command("ffmpeg", append([]string{"-nostdin", "-v", "error", "-y"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ffmpeg %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return nil
}

// frameHashes decodes input completely (-xerror: any damaged packet
// fails) and returns the MD5 of every decoded frame, per stream, without
// timestamps (HLS may shift them).
func frameHashes(input string, extra ...string) ([]string, error) {
	args := append([]string{"-nostdin", "-v", "error", "-xerror"}, extra...)
	args = append(args, "-i", input, "-f", "framemd5", "-")
	cmd := exec.Command("ffmpeg", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("decode %s: %w: %s", input, err, stderr.String())
	}
	var out []string
	for _, line := range strings.Split(stdout.String(), "\n") {
		f := strings.Split(line, ",")
		if strings.HasPrefix(line, "#") || len(f) < 6 {
			continue
		}
		out = append(out, strings.TrimSpace(f[0])+":"+strings.TrimSpace(f[5]))
	}
	return out, nil
}

// harness is a full server (auth, gate, playback) on real PostgreSQL,
// Redis and S3, served over h2c and HTTP/1.1. Its token key set and HLS
// master key are known to the test, which mints tokens and publishes
// fixture ladders the way the transcoder does.
type harness struct {
	t       *testing.T
	url     string
	client  *http.Client
	h2c     *http.Client
	pool    *testenv.Pool
	s3      *minio.Client
	bucket  string
	keys    *hlskey.Store
	ks      *tokens.KeySet
	metrics *metrics.Registry
	handler http.Handler // the whole server, as net/http calls it
}

// harnessTracing traces the servers newHarnessOn starts; only the
// benchmarks' server process sets it (PLAYBACK_BENCH_TRACING).
var harnessTracing *tracing.Provider

// newHarness serves with playback's default settings as set changes them
// (nil: unchanged), the row and object caches off unless set turns them on.
func newHarness(t *testing.T, cfg func(*playback.Config)) *harness {
	t.Helper()
	return newHarnessOn(t, cfg, nil, nil)
}

// newHarnessOn is newHarness reading chains through reg (nil: none), the
// gate's settings changed by gcfg (nil: unchanged).
func newHarnessOn(t *testing.T, cfg func(*playback.Config), reg *chain.Registry, gcfg func(*gate.Config)) *harness {
	t.Helper()
	return newHarnessWith(t, cfg, reg, gcfg)
}

// newHarnessWith is newHarnessOn also hosting the extra services (e.g.
// "video", whose text tracks playback publishes).
func newHarnessWith(t *testing.T, cfg func(*playback.Config), reg *chain.Registry, gcfg func(*gate.Config), extra ...string) *harness {
	t.Helper()
	h := &harness{t: t, pool: testenv.DB(t), metrics: metrics.New()}
	h.s3, h.bucket = testenv.S3(t)
	rdb, prefix := testenv.Redis(t)
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signing := tokens.Key{ID: "test-" + testenv.ID(), Private: priv}
	if h.ks, err = tokens.New(signing); err != nil {
		t.Fatal(err)
	}
	master := make([]byte, hlskey.MasterKeySize)
	_, _ = rand.Read(master)
	store := db.NewStore(h.pool)
	if h.keys, err = hlskey.New(hlskey.Config{MasterKey: master}, store.Queries); err != nil {
		t.Fatal(err)
	}
	scfg := server.DefaultConfig()
	scfg.Services, scfg.ReadMaxBytes, scfg.RedisPrefix = append([]string{"auth", "gate", "playback"}, extra...), 1<<20, prefix
	scfg.ContentKeys = hlskey.Config{MasterKey: master}
	scfg.Svc.Auth.Keys = []tokens.Key{signing}
	scfg.Svc.Playback.VideoCacheTTL, scfg.Svc.Playback.ObjectCacheBytes = 0, 0
	if cfg != nil {
		cfg(&scfg.Svc.Playback)
	}
	if gcfg != nil {
		gcfg(&scfg.Svc.Gate)
	}
	// The public URL is only known once listening, and the server needs it.
	var srv *server.Server
	h.url, h.h2c = testenv.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.ServeHTTP(w, r) }),
		func(hs *http.Server) { hs.ConnContext = playback.ConnContext })
	h.client = testenv.HTTP1Client()
	scfg.PublicURL = h.url
	// Sign-in messages name the server the SDK calls, which checks them.
	scfg.Svc.Auth.Domain, scfg.Svc.Auth.URI = strings.TrimPrefix(h.url, "http://"), h.url
	srv, err = server.New(scfg, server.Deps{
		Log: slog.New(slog.DiscardHandler), Store: store, Redis: rdb, S3: h.s3, Bucket: h.bucket, Metrics: h.metrics, Chains: reg,
		Tracing: harnessTracing,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	h.handler = srv
	return h
}

// viewer signs a fresh wallet in through the SDK; its Playback field is
// the generated Connect client carrying the session.
func (h *harness) viewer() (*streamgate.Client, string) {
	h.t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		h.t.Fatal(err)
	}
	return h.signIn(key)
}

// signIn signs key's wallet in through the SDK.
func (h *harness) signIn(key *ecdsa.PrivateKey) (*streamgate.Client, string) {
	h.t.Helper()
	c := streamgate.New(h.url, streamgate.WithHTTPClient(h.h2c))
	addr, err := c.SignIn(h.t.Context(), streamgate.NewKeySigner(key), 31337)
	if err != nil {
		h.t.Fatalf("sign in: %v", err)
	}
	return c, addr
}

// video is a ready test video with a published, encrypted HLS ladder.
type video struct {
	id     uuid.UUID
	prefix string
	key    []byte
	files  map[string][]byte
}

// readyVideo inserts a ready video owned by owner and publishes its HLS
// ladder the way the transcoder does: AES-128 with the video's key from
// the key store, an explicit IV, and key URI ../key.
func (h *harness) readyVideo(owner string) video {
	h.t.Helper()
	ctx := context.Background()
	v := video{id: uuid.New(), files: map[string][]byte{}}
	v.prefix = "videos/" + v.id.String() + "/hls/"
	if _, err := h.pool.Exec(ctx, `INSERT INTO videos (id, owner_address, title, visibility, status, hls_prefix)
		VALUES ($1, $2, 'fixture', 'public', 'ready', $3)`, v.id, owner, v.prefix); err != nil {
		h.t.Fatal(err)
	}
	key, err := h.keys.Ensure(ctx, v.id)
	if err != nil {
		h.t.Fatal(err)
	}
	v.key = key
	dir := h.t.TempDir()
	segment(h.t, dir, key)
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), "key") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		v.files[filepath.ToSlash(rel)] = data
		_, err = h.s3.PutObject(ctx, h.bucket, v.prefix+filepath.ToSlash(rel), bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{})
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return v
}

// segment cuts the source clip into an encrypted HLS rung in dir.
func segment(t testing.TB, dir string, key []byte) {
	t.Helper()
	src, _ := sourceClip(t)
	iv := make([]byte, 16)
	_, _ = rand.Read(iv)
	keyFile := filepath.Join(dir, "key.bin")
	info := filepath.Join(dir, "key.info")
	if err := os.WriteFile(keyFile, key, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(info, []byte("../key\n"+keyFile+"\n"+hex.EncodeToString(iv)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, rung), 0o755); err != nil {
		t.Fatal(err)
	}
	err := ffmpeg("-i", src, "-c", "copy", "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod",
		"-hls_key_info_file", info, "-hls_segment_filename", filepath.Join(dir, rung, "seg_%03d.ts"),
		filepath.Join(dir, rung, "index.m3u8"))
	if err != nil {
		t.Fatal(err)
	}
	master := "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=150000,RESOLUTION=160x90,CODECS=\"avc1.42c00c,mp4a.40.2\"\n" + rung + "/index.m3u8\n"
	if err := os.WriteFile(filepath.Join(dir, "master.m3u8"), []byte(master), 0o644); err != nil {
		t.Fatal(err)
	}
}
