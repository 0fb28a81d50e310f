package transcode_test

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
	"github.com/streamgate/streamgate/gen/streamgate/transcode/v1/transcodev1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/transcode"
)

const workerToken = "test-worker-token-0123456789"

// env is a server hosting TranscodeService on a fresh database and bucket.
type env struct {
	t      testing.TB
	pool   *testenv.Pool
	store  *db.Store
	s3     *minio.Client
	bucket string
	url    string
	client transcodev1connect.TranscodeServiceClient
	cfg    transcode.Config
}

// newEnv serves TranscodeService alone, with the default settings as set
// changes them.
func newEnv(t testing.TB, set func(*transcode.Config)) *env {
	t.Helper()
	pool := testenv.DB(t)
	s3, bucket := testenv.S3(t)
	master := make([]byte, 32)
	_, _ = rand.Read(master)
	scfg := server.DefaultConfig()
	scfg.Services, scfg.ReadMaxBytes = []string{"transcode"}, 1<<20
	scfg.ContentKeys = hlskey.Config{MasterKey: master}
	cfg := &scfg.Svc.Transcode
	cfg.WorkerTokens = []string{"another-token-abcdefghijkl", workerToken}
	cfg.Keys = scfg.ContentKeys
	if set != nil {
		set(cfg)
	}
	srv, err := server.New(scfg, server.Deps{Log: slog.New(slog.DiscardHandler), Store: db.NewStore(pool), S3: s3, Bucket: bucket})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	url, hc := testenv.Serve(t, srv)
	return &env{
		t: t, pool: pool, store: db.NewStore(pool), s3: s3, bucket: bucket, url: url, cfg: *cfg,
		client: transcodev1connect.NewTranscodeServiceClient(hc, url, connect.WithInterceptors(bearer(workerToken))),
	}
}

func bearer(token string) connect.Interceptor {
	return connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			if token != "" {
				req.Header().Set("Authorization", "Bearer "+token)
			}
			return next(ctx, req)
		}
	})
}

// video inserts an uploaded video whose original is in the bucket, and
// enqueues its job, as the upload service does.
func (e *env) video(maxAttempts int32) (videoID, jobID uuid.UUID) {
	e.t.Helper()
	ctx := context.Background()
	videoID, jobID = uuid.New(), uuid.New()
	key := "originals/" + videoID.String()
	body := "original bytes of " + videoID.String()
	if _, err := e.s3.PutObject(ctx, e.bucket, key, strings.NewReader(body), int64(len(body)), minio.PutObjectOptions{}); err != nil {
		e.t.Fatal(err)
	}
	_, err := e.pool.Exec(ctx, `INSERT INTO videos (id, owner_address, title, visibility, status, source_key, source_format, size_bytes, width, height, duration_ms, audio_codec)
		VALUES ($1, '0x0000000000000000000000000000000000000001', 't', 'public', 'uploaded', $2, 'mov', $3, 640, 360, 2000, 'aac')`,
		videoID, key, len(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.EnqueueTranscodeJob(ctx, dbq.EnqueueTranscodeJobParams{ID: jobID, VideoID: videoID, MaxAttempts: maxAttempts}); err != nil {
		e.t.Fatal(err)
	}
	return videoID, jobID
}

func (e *env) claim(wait time.Duration) *transcodev1.Job {
	e.t.Helper()
	res, err := e.client.ClaimJob(context.Background(), connect.NewRequest(&transcodev1.ClaimJobRequest{WorkerId: "test", Wait: durationOf(wait)}))
	if err != nil {
		e.t.Fatal(err)
	}
	return res.Msg.GetJob()
}

// claimFor waits until the job with id is claimed (it may need backoff
// or a rescue first).
func (e *env) claimFor(id uuid.UUID) *transcodev1.Job {
	e.t.Helper()
	for {
		if j := e.claim(5 * time.Second); j != nil {
			if j.GetId() != id.String() {
				e.t.Fatalf("claimed job %s, want %s", j.GetId(), id)
			}
			return j
		}
	}
}

type videoRow struct {
	Status, FailureReason, HLSPrefix string
	Progress                         float64
	Renditions                       []byte
}

func (e *env) videoRow(id uuid.UUID) videoRow {
	e.t.Helper()
	var v videoRow
	err := e.pool.QueryRow(context.Background(), `SELECT status::text, failure_reason, hls_prefix, progress, renditions FROM videos WHERE id = $1`, id).
		Scan(&v.Status, &v.FailureReason, &v.HLSPrefix, &v.Progress, &v.Renditions)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

func (e *env) job(id uuid.UUID) dbq.TranscodeJob {
	e.t.Helper()
	j, err := e.store.GetTranscodeJob(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return j
}

func (e *env) deletions() []string {
	e.t.Helper()
	rows, err := e.pool.Query(context.Background(), `SELECT prefix FROM object_deletions ORDER BY prefix`)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// upload puts small files through the presigned URLs, as a worker does.
func (e *env) upload(job *transcodev1.Job, files map[string]string) {
	e.t.Helper()
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	res, err := e.client.PresignOutputs(context.Background(), connect.NewRequest(&transcodev1.PresignOutputsRequest{
		JobId: job.GetId(), LeaseToken: job.GetLeaseToken(), Paths: paths,
	}))
	if err != nil {
		e.t.Fatal(err)
	}
	for _, o := range res.Msg.GetOutputs() {
		put(e.t, o.GetUrl(), files[o.GetPath()])
	}
}

func completeReq(job *transcodev1.Job) *transcodev1.CompleteJobRequest {
	return &transcodev1.CompleteJobRequest{
		JobId: job.GetId(), LeaseToken: job.GetLeaseToken(), MasterPlaylist: "master.m3u8",
		Renditions: []*transcodev1.RenditionOutput{{
			Name: "360p", Width: 640, Height: 360, Bandwidth: 900000, Codecs: "avc1.64001e,mp4a.40.2", Playlist: "360p/index.m3u8",
		}},
	}
}

var outputFiles = map[string]string{"master.m3u8": "#EXTM3U\n", "360p/index.m3u8": "#EXTM3U\n"}

func wantCode(t *testing.T, err error, code connect.Code) {
	t.Helper()
	if connect.CodeOf(err) != code {
		t.Fatalf("got %v (code %v), want code %v", err, connect.CodeOf(err), code)
	}
	var cerr *connect.Error
	if !errors.As(err, &cerr) || cerr.Message() == "" {
		t.Fatalf("error %v has no message", err)
	}
}

func durationOf(d time.Duration) *durationpb.Duration { return durationpb.New(d) }

func put(t testing.TB, url, body string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("PUT %s: %s %s", url, res.Status, b)
	}
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
