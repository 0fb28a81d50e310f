package objectgc_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/objectgc"
)

// setup gives a test its own database and bucket.
func setup(t *testing.T) (*db.Store, *minio.Client, string) {
	t.Helper()
	s3, bucket := testenv.S3(t)
	return db.NewStore(testenv.DB(t)), s3, bucket
}

func collector(t *testing.T, store *db.Store, s3 *minio.Client, bucket string) *objectgc.Collector {
	t.Helper()
	gc, err := objectgc.New(objectgc.DefaultConfig(), objectgc.Deps{Store: store, S3: s3, Bucket: bucket, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return gc
}

// A due prefix is emptied, its multipart uploads aborted, and it leaves
// the queue; objects outside it stay.
func TestSweepRemovesQueuedPrefixes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, s3, bucket := setup(t)
	for _, k := range []string{"originals/gone/a", "originals/gone/b/c", "originals/kept/a"} {
		if _, err := s3.PutObject(ctx, bucket, k, strings.NewReader("x"), 1, minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	core := minio.Core{Client: s3}
	if _, err := core.NewMultipartUpload(ctx, bucket, "originals/gone/big", minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := store.EnqueueObjectDeletion(ctx, "originals/gone/"); err != nil {
		t.Fatal(err)
	}
	n, err := collector(t, store, s3, bucket).Sweep(ctx)
	if err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	var left []string
	for o := range s3.ListObjects(ctx, bucket, minio.ListObjectsOptions{Recursive: true}) {
		left = append(left, o.Key)
	}
	if len(left) != 1 || left[0] != "originals/kept/a" {
		t.Fatalf("objects left %v, want only originals/kept/a", left)
	}
	ups, err := core.ListMultipartUploads(ctx, bucket, "originals/gone/", "", "", "", 100)
	if err != nil || len(ups.Uploads) != 0 {
		t.Fatalf("multipart uploads left: %v %v", ups.Uploads, err)
	}
	if q, err := store.CountObjectDeletions(ctx); err != nil || q != 0 {
		t.Fatalf("deletions still queued: %d %v", q, err)
	}
}

// A sweep that cannot reach storage keeps the prefixes queued, counts the
// attempt, and pushes the next one back.
func TestSweepRetriesWhenStorageFails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, s3, _ := setup(t)
	pool := store.Pool()
	broken := collector(t, store, s3, "no-such-bucket-"+uuid.NewString()[:8])
	if _, err := pool.Exec(ctx, "INSERT INTO object_deletions (prefix) VALUES ('originals/x/') ; UPDATE object_deletions SET not_before = now() - interval '1 second'"); err != nil {
		t.Fatal(err)
	}
	done, err := broken.Sweep(ctx)
	if err != nil || done != 0 {
		t.Fatalf("sweep against a missing bucket: done %d, err %v", done, err)
	}
	var due int
	var lastErr string
	if err := pool.QueryRow(ctx, "SELECT count(*) FILTER (WHERE not_before <= now()), max(last_error) FROM object_deletions").Scan(&due, &lastErr); err != nil {
		t.Fatal(err)
	}
	if n, _ := store.CountObjectDeletions(ctx); n == 0 || due != 0 || lastErr == "" {
		t.Fatalf("after a failed sweep: %d queued, %d due now, last error %q", n, due, lastErr)
	}
}
