package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/transcoder"
)

// TestMain lets the test binary run as the worker binary, so the SIGKILL
// test can kill a real worker process.
func TestMain(m *testing.M) {
	if os.Getenv("STREAMGATE_TRANSCODER_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const token = "e2e-worker-token-0123456789"

type env struct {
	t      testing.TB
	pool   *pgxpool.Pool
	store  *db.Store
	s3     *minio.Client
	bucket string
	url    string
	keys   hlskey.Config
}

// newEnv serves TranscodeService alone, with the default settings as set
// changes them.
func newEnv(t *testing.T, set func(*transcode.Config)) *env {
	t.Helper()
	pool := testenv.DB(t)
	s3, bucket := testenv.S3(t)
	master := make([]byte, 32)
	_, _ = rand.Read(master)
	scfg := server.DefaultConfig()
	scfg.Services, scfg.ReadMaxBytes = []string{"transcode"}, 1<<20
	scfg.ContentKeys = hlskey.Config{MasterKey: master}
	cfg := &scfg.Svc.Transcode
	cfg.WorkerTokens = []string{token}
	if set != nil {
		set(cfg)
	}
	srv, err := server.New(scfg,
		server.Deps{Log: slog.New(slog.DiscardHandler), Store: db.NewStore(pool), S3: s3, Bucket: bucket})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	url, _ := testenv.Serve(t, srv)
	return &env{t: t, pool: pool, store: db.NewStore(pool), s3: s3, bucket: bucket, url: url, keys: scfg.ContentKeys}
}

// clip makes a short test clip with ffmpeg's generators.
func clip(t *testing.T, seconds int, size string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "clip.mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", fmt.Sprintf("testsrc=size=%s:rate=30:duration=%d", size, seconds),
		"-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=440:duration=%d", seconds),
		"-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make clip: %v: %s", err, b)
	}
	return out
}

// video stores the original and enqueues its job, as an upload does.
func (e *env) video(file string, format string, maxAttempts int32) (uuid.UUID, uuid.UUID) {
	e.t.Helper()
	ctx := context.Background()
	videoID, jobID := uuid.New(), uuid.New()
	key := "originals/" + videoID.String()
	info, err := e.s3.FPutObject(ctx, e.bucket, key, file, minio.PutObjectOptions{})
	if err != nil {
		e.t.Fatal(err)
	}
	_, err = e.pool.Exec(ctx, `INSERT INTO videos (id, owner_address, title, visibility, status, source_key, source_format, size_bytes)
		VALUES ($1, '0x0000000000000000000000000000000000000001', 't', 'public', 'uploaded', $2, $3, $4)`, videoID, key, format, info.Size)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.EnqueueTranscodeJob(ctx, dbq.EnqueueTranscodeJobParams{ID: jobID, VideoID: videoID, MaxAttempts: maxAttempts}); err != nil {
		e.t.Fatal(err)
	}
	return videoID, jobID
}

type videoRow struct {
	Status, FailureReason, HLSPrefix string
	Progress                         float64
	Renditions                       []transcode.Rendition
}

func (e *env) videoRow(id uuid.UUID) videoRow {
	e.t.Helper()
	var v videoRow
	var doc []byte
	err := e.pool.QueryRow(context.Background(), `SELECT status::text, failure_reason, hls_prefix, progress, renditions FROM videos WHERE id = $1`, id).
		Scan(&v.Status, &v.FailureReason, &v.HLSPrefix, &v.Progress, &doc)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := json.Unmarshal(doc, &v.Renditions); err != nil {
		e.t.Fatal(err)
	}
	return v
}

// waitVideo polls until the video reaches a final state.
func (e *env) waitVideo(id uuid.UUID) videoRow {
	e.t.Helper()
	for {
		if v := e.videoRow(id); v.Status == "ready" || v.Status == "failed" {
			return v
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func testProfile(preset string) transcoder.Profile {
	p := transcoder.DefaultProfile()
	p.Rungs = []transcoder.Rung{{Name: "480p", Height: 480, VideoKbps: 1000}, {Name: "360p", Height: 360, VideoKbps: 600}, {Name: "240p", Height: 240, VideoKbps: 300}}
	p.Preset, p.SegmentSeconds, p.KeyframeSeconds = preset, 1, 1
	return p
}

// worker runs an in-process worker until the test ends.
func (e *env) worker(name string, concurrency int) {
	e.t.Helper()
	e.workerWith(func(c *transcoder.Config) { c.WorkerID, c.Concurrency = name, concurrency })
}

func (e *env) deletions() string {
	e.t.Helper()
	var s string
	if err := e.pool.QueryRow(context.Background(), `SELECT coalesce(string_agg(prefix, ' '), '') FROM object_deletions`).Scan(&s); err != nil {
		e.t.Fatal(err)
	}
	return s
}

func (e *env) job(id uuid.UUID) dbq.TranscodeJob {
	e.t.Helper()
	j, err := e.store.GetTranscodeJob(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return j
}

// download copies the published prefix to a folder, with the content key
// at "key" next to the rendition folders, where "../key" points.
func (e *env) download(videoID uuid.UUID, prefix string) string {
	e.t.Helper()
	ctx := context.Background()
	dir := e.t.TempDir()
	for obj := range e.s3.ListObjects(ctx, e.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			e.t.Fatal(obj.Err)
		}
		if err := e.s3.FGetObject(ctx, e.bucket, obj.Key, filepath.Join(dir, strings.TrimPrefix(obj.Key, prefix)), minio.GetObjectOptions{}); err != nil {
			e.t.Fatal(err)
		}
	}
	keys, err := hlskey.New(e.keys, e.store.Queries)
	if err != nil {
		e.t.Fatal(err)
	}
	key, err := keys.Get(ctx, videoID)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "key"), key, 0o600); err != nil {
		e.t.Fatal(err)
	}
	return dir
}

func ffprobe(t *testing.T, args ...string) string {
	t.Helper()
	base := []string{"-v", "error", "-allowed_extensions", "ALL", "-protocol_whitelist", "file,crypto"}
	out, err := exec.Command("ffprobe", append(base, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("ffprobe %v: %v: %s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}
