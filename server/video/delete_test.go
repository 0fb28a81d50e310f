package video_test

import (
	"bytes"
	"context"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
)

func put(t *testing.T, e *env, key string) {
	t.Helper()
	_, err := e.s3.PutObject(context.Background(), e.bucket, key, bytes.NewReader([]byte("x")), 1, minio.PutObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
}

func keys(t *testing.T, e *env) []string {
	t.Helper()
	var out []string
	for o := range e.s3.ListObjects(context.Background(), e.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		out = append(out, o.Key)
	}
	return out
}

func TestDeleteRemovesObjects(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	a := e.client(alice)
	gone := create(t, a, "to delete", videov1.Visibility_VISIBILITY_PUBLIC)
	kept := create(t, a, "to keep", videov1.Visibility_VISIBILITY_PUBLIC)
	for _, id := range []string{gone.Id, kept.Id} {
		put(t, e, "originals/"+id+"/"+uuid.NewString())
		put(t, e, "transcode/"+id+"/720p/seg0.ts")
		put(t, e, "transcode/"+id+"/master.m3u8")
	}
	core := minio.Core{Client: e.s3}
	if _, err := core.NewMultipartUpload(ctx, e.bucket, "originals/"+gone.Id+"/partial", minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	// A job row must go with the video.
	if _, err := e.pool.Exec(ctx, "INSERT INTO transcode_jobs (id, video_id) VALUES ($1, $2)", uuid.New(), gone.Id); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DeleteVideo(ctx, connect.NewRequest(&videov1.DeleteVideoRequest{Id: gone.Id})); err != nil {
		t.Fatal(err)
	}
	_, err := a.GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: gone.Id}))
	wantCode(t, err, connect.CodeNotFound)
	_, err = a.DeleteVideo(ctx, connect.NewRequest(&videov1.DeleteVideoRequest{Id: gone.Id}))
	wantCode(t, err, connect.CodeNotFound)
	var jobs int
	if err := e.pool.QueryRow(ctx, "SELECT count(*) FROM transcode_jobs").Scan(&jobs); err != nil || jobs != 0 {
		t.Fatalf("jobs left: %d %v", jobs, err)
	}
	// The background sweeper may already have run; a direct sweep finishes
	// whatever is left.
	if _, err := e.gc.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	left := keys(t, e)
	if len(left) != 3 {
		t.Fatalf("objects left %v, want only the kept video's 3", left)
	}
	for _, k := range left {
		if !bytes.Contains([]byte(k), []byte(kept.Id)) {
			t.Fatalf("object %s of the deleted video survived", k)
		}
	}
	ups, err := core.ListMultipartUploads(ctx, e.bucket, "originals/"+gone.Id+"/", "", "", "", 100)
	if err != nil || len(ups.Uploads) != 0 {
		t.Fatalf("multipart uploads left: %v %v", ups.Uploads, err)
	}
	n, err := db.NewStore(e.pool).CountObjectDeletions(ctx)
	if err != nil || n != 0 {
		t.Fatalf("deletions still queued: %d %v", n, err)
	}
}
