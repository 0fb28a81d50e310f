package upload_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/server/upload"
)

// TestUnrecordedMultipartAborted: a multipart upload under originals/
// that no upload row records (its server died between starting it and
// recording it) is aborted once older than --upload-verify-stale; a
// recorded one is left to its own flows.
func TestUnrecordedMultipartAborted(t *testing.T) {
	t.Parallel()
	// Not shorter: the harness's own sweeper runs once at start, and S3
	// reports initiation times truncated to the second, so with a tinier
	// window that first sweep could catch the recorded upload between its
	// S3 start and its row and abort it.
	const stale = 2 * time.Second
	e := newEnv(t, func(c *upload.Config) { c.VerifyStaleAfter = stale })
	ctx := context.Background()
	file := bigClip(t, 6*mib)
	kept := e.create(t, alice, e.newVideo(t, alice), file)
	core := minio.Core{Client: e.s3}
	key := "originals/" + uuid.NewString() + "/" + uuid.NewString()
	if _, err := core.NewMultipartUpload(ctx, e.bucket, key, minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := e.pendingMultipart(t); n != 2 {
		t.Fatalf("%d multipart uploads, want 2", n)
	}
	time.Sleep(stale + 1100*time.Millisecond) // S3 reports initiation times in seconds
	n, err := e.up.AbortUnrecorded(ctx)
	if err != nil || n != 1 {
		t.Fatalf("AbortUnrecorded: %d %v, want 1", n, err)
	}
	if n := e.pendingMultipart(t); n != 1 {
		t.Fatalf("%d multipart uploads left, want the recorded one", n)
	}
	if got := e.get(t, kept.Id); got.State.String() != "STATE_OPEN" {
		t.Fatalf("the recorded upload: %v", got)
	}
}
