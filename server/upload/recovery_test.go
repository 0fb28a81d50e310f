package upload_test

import (
	"context"
	"sync"
	"testing"

	"connectrpc.com/connect"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
)

// Two devices complete the same upload at once: it is verified and
// published once, and each caller gets either the result or a clear
// "already being completed".
func TestConcurrentComplete(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	file := bigClip(t, 20*mib)
	vid := e.newVideo(t, alice)
	u := e.create(t, alice, vid, file)
	e.putAll(t, u, file)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { _, errs[i] = e.complete(u.Id) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch connect.CodeOf(err) {
		case connect.CodeFailedPrecondition:
		default:
			if err != nil {
				t.Fatalf("concurrent complete: %v", err)
			}
			ok++
		}
	}
	if ok == 0 {
		t.Fatal("no completion succeeded")
	}
	var jobs int
	if err := e.pool.QueryRow(ctx, "SELECT count(*) FROM transcode_jobs WHERE video_id = $1", vid).Scan(&jobs); err != nil || jobs != 1 {
		t.Fatalf("%d transcode jobs, %v", jobs, err)
	}
	if got := e.get(t, u.Id); got.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("upload %v", got)
	}
}

// A server joined the parts and died before its verdict: the upload sits
// in verifying. Once that is stale, CompleteUpload takes over from the
// joined object.
func TestCompleteTakesOverADeadVerification(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	file := tinyClip(t)
	vid := e.newVideo(t, alice)
	u := e.create(t, alice, vid, file)
	e.putAll(t, u, file)
	e.joinInS3(t, u.Id)
	// While open, GetUpload reports every byte stored.
	if got := e.get(t, u.Id); got.CommittedBytes != uint64(len(file)) {
		t.Fatalf("joined upload reports %d committed bytes", got.CommittedBytes)
	}
	if _, err := e.pool.Exec(ctx, "UPDATE uploads SET state = 'verifying' WHERE id = $1", u.Id); err != nil {
		t.Fatal(err)
	}
	// Still fresh: someone else is on it.
	_, err := e.complete(u.Id)
	wantCode(t, err, connect.CodeFailedPrecondition)
	if _, err := e.pool.Exec(ctx, "UPDATE uploads SET updated_at = now() - interval '2 hours' WHERE id = $1", u.Id); err != nil {
		t.Fatal(err)
	}
	done, err := e.complete(u.Id)
	if err != nil {
		t.Fatal(err)
	}
	if done.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("upload %v", done)
	}
	if v := e.video(t, vid); v.Status != videov1.Status_STATUS_UPLOADED {
		t.Fatalf("video %v", v)
	}
}
