package server_test

import (
	"context"
	"crypto/rand"
	"log/slog"
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
	"github.com/streamgate/streamgate/server/objectgc"
	"github.com/streamgate/streamgate/server/transcode"
)

// A server that hosts upload and transcode but not video still removes
// abandoned objects: a dead transcode attempt's outputs disappear from S3
// and leave the deletion queue.
func TestObjectGCRunsWithoutTheVideoService(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testenv.DB(t)
	store := db.NewStore(pool)
	s3, bucket := testenv.S3(t)
	const token = "objectgc-worker-token-0123456789"
	master := make([]byte, 32)
	_, _ = rand.Read(master)
	cfg := server.DefaultConfig()
	cfg.Services, cfg.ReadMaxBytes = []string{"upload", "transcode"}, 1<<20
	cfg.ContentKeys = hlskey.Config{MasterKey: master}
	cfg.Svc.Transcode.WorkerTokens = []string{token}
	cfg.Svc.ObjectGC = objectgc.Config{Interval: 50 * time.Millisecond, MaxBackoff: time.Second}
	srv, err := server.New(cfg, server.Deps{Log: slog.New(slog.DiscardHandler), Store: store, S3: s3, Bucket: bucket})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	url, hc := testenv.Serve(t, srv)

	videoID, jobID := uuid.New(), uuid.New()
	if _, err := pool.Exec(ctx, `INSERT INTO videos (id, owner_address, title, visibility, status, source_key, source_format, size_bytes, width, height, duration_ms, audio_codec)
		VALUES ($1, '0x0000000000000000000000000000000000000001', 't', 'public', 'uploaded', 'originals/x', 'mov', 1, 640, 360, 2000, 'aac')`, videoID); err != nil {
		t.Fatal(err)
	}
	if _, err := store.EnqueueTranscodeJob(ctx, dbq.EnqueueTranscodeJobParams{ID: jobID, VideoID: videoID, MaxAttempts: 1}); err != nil {
		t.Fatal(err)
	}
	worker := transcodev1connect.NewTranscodeServiceClient(hc, url, connect.WithInterceptors(
		connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
			return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
				req.Header().Set("Authorization", "Bearer "+token)
				return next(ctx, req)
			}
		})))
	res, err := worker.ClaimJob(ctx, connect.NewRequest(&transcodev1.ClaimJobRequest{WorkerId: "w", Wait: durationpb.New(5 * time.Second)}))
	if err != nil || res.Msg.GetJob() == nil {
		t.Fatalf("claim: %v %v", res, err)
	}
	job := res.Msg.GetJob()
	prefix := transcode.AttemptPrefix(videoID, jobID, int32(job.GetAttempt()))
	for _, name := range []string{"master.m3u8", "360p/seg0.ts"} {
		if _, err := s3.PutObject(ctx, bucket, prefix+name, strings.NewReader("x"), 1, minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	fail, err := worker.FailJob(ctx, connect.NewRequest(&transcodev1.FailJobRequest{JobId: job.GetId(), LeaseToken: job.GetLeaseToken(), Error: "ffmpeg crashed"}))
	if err != nil || !fail.Msg.GetDead() {
		t.Fatalf("fail job: %v %v", fail, err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		var left []string
		for o := range s3.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
			left = append(left, o.Key)
		}
		queued, err := store.CountObjectDeletions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(left) == 0 && queued == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the dead attempt's objects were not swept: %v left, %d deletions queued", left, queued)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
