package playback_test

import (
	"bytes"
	"context"
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

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	"github.com/streamgate/streamgate/internal/testenv"
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

// harness is the playback service on real PostgreSQL and S3, with a real
// key set and key store, served over h2c and HTTP/1.1.
type harness struct {
	t       *testing.T
	url     string
	client  *http.Client
	pool    *pgxpool.Pool
	s3      *minio.Client
	bucket  string
	keys    *hlskey.Store
	ks      *tokens.KeySet
	svc     *playback.Service
	metrics *metrics.Registry
	rpc     playbackv1connect.PlaybackServiceClient
}

func newHarness(t *testing.T, cfg playback.Config, gate playback.Gate, opts ...func(*playback.Deps)) *harness {
	t.Helper()
	h := &harness{t: t, pool: testenv.DB(t), metrics: metrics.New()}
	h.s3, h.bucket = testenv.S3(t)
	store := db.NewStore(h.pool)
	h.keys = hlskey.New(hlskey.Config{MasterKey: hlskey.DevMasterKey()}, store.Queries)
	var err error
	if h.ks, err = tokens.Ephemeral(); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.url, _ = testenv.Serve(t, mux)
	h.client = testenv.HTTP1Client()
	deps := playback.Deps{
		Log: slog.New(slog.DiscardHandler), Videos: store, Objects: minio.Core{Client: h.s3}, Bucket: h.bucket,
		Signer: h.ks, Gate: gate, Keys: h.keys, PublicURL: h.url, Metrics: h.metrics.Registerer(),
	}
	for _, o := range opts {
		o(&deps)
	}
	if h.svc, err = playback.New(cfg, deps); err != nil {
		t.Fatal(err)
	}
	h.svc.Mount(mux)
	return h
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
