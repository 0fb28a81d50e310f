package transcode_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"connectrpc.com/connect"

	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
)

func earlyReq(job *transcodev1.Job) *transcodev1.PublishEarlyRequest {
	c := completeReq(job)
	return &transcodev1.PublishEarlyRequest{JobId: c.GetJobId(), LeaseToken: c.GetLeaseToken(), MasterPlaylist: c.GetMasterPlaylist(), Renditions: c.GetRenditions()}
}

func (e *env) playable(id fmt.Stringer) bool {
	e.t.Helper()
	var p bool
	if err := e.pool.QueryRow(context.Background(), `SELECT playable FROM videos WHERE id = $1`, id.String()).Scan(&p); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// TestPublishEarly: a processing video plays from the attempt once its
// playlists are up; completing keeps the prefix; bad or stale calls
// change nothing.
func TestPublishEarly(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	videoID, jobID := e.video(5)
	j := e.claimFor(jobID)
	prefix := fmt.Sprintf("transcode/%s/%s-1/", videoID, jobID)

	// Nothing uploaded yet: refused, nothing published.
	_, err := e.client.PublishEarly(ctx, connect.NewRequest(earlyReq(j)))
	wantCode(t, err, connect.CodeFailedPrecondition)
	bad := earlyReq(j)
	bad.Renditions = append(bad.Renditions, bad.GetRenditions()[0])
	_, err = e.client.PublishEarly(ctx, connect.NewRequest(bad))
	wantCode(t, err, connect.CodeInvalidArgument)
	bad = earlyReq(j)
	bad.MasterPlaylist = "../master.m3u8"
	_, err = e.client.PublishEarly(ctx, connect.NewRequest(bad))
	wantCode(t, err, connect.CodeInvalidArgument)
	stale := earlyReq(j)
	stale.LeaseToken = "00000000-0000-0000-0000-000000000000"
	_, err = e.client.PublishEarly(ctx, connect.NewRequest(stale))
	wantCode(t, err, connect.CodeAborted)
	if v := e.videoRow(videoID); v.HLSPrefix != "" || e.playable(videoID) {
		t.Fatalf("refused calls published: %+v", v)
	}

	e.upload(j, outputFiles)
	res, err := e.client.PublishEarly(ctx, connect.NewRequest(earlyReq(j)))
	if err != nil || !res.Msg.GetPublished() {
		t.Fatalf("publish early: %v %v", res, err)
	}
	if v := e.videoRow(videoID); v.Status != "processing" || v.HLSPrefix != prefix || !e.playable(videoID) {
		t.Fatalf("video after early publish: %+v", v)
	}
	// Again is harmless (a worker retrying after a lost answer).
	if res, err := e.client.PublishEarly(ctx, connect.NewRequest(earlyReq(j))); err != nil || !res.Msg.GetPublished() {
		t.Fatalf("publish early again: %v %v", res, err)
	}
	if _, err := e.client.CompleteJob(ctx, connect.NewRequest(completeReq(j))); err != nil {
		t.Fatal(err)
	}
	if v := e.videoRow(videoID); v.Status != "ready" || v.HLSPrefix != prefix || !e.playable(videoID) {
		t.Fatalf("video after complete: %+v", v)
	}
	// The published prefix is the video's: never queued for deletion.
	if d := e.deletions(); slices.Contains(d, prefix) {
		t.Fatalf("published prefix queued for deletion: %v", d)
	}
}

// TestFailUnpublishesEarly: failing an attempt that published early
// takes the video back to not playable and deletes the attempt's objects;
// the retry publishes only its own prefix.
func TestFailUnpublishesEarly(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	videoID, jobID := e.video(5)
	j := e.claimFor(jobID)
	e.upload(j, outputFiles)
	if _, err := e.client.PublishEarly(ctx, connect.NewRequest(earlyReq(j))); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.FailJob(ctx, connect.NewRequest(&transcodev1.FailJobRequest{JobId: j.GetId(), LeaseToken: j.GetLeaseToken(), Error: "boom", Retryable: true})); err != nil {
		t.Fatal(err)
	}
	first := fmt.Sprintf("transcode/%s/%s-1/", videoID, jobID)
	if v := e.videoRow(videoID); v.HLSPrefix != "" || string(v.Renditions) != "[]" || e.playable(videoID) {
		t.Fatalf("video after a failed early attempt: %+v", v)
	}
	if d := e.deletions(); !slices.Contains(d, first) {
		t.Fatalf("early prefix not queued for deletion: %v", d)
	}
	// The stale lease cannot publish again.
	_, err := e.client.PublishEarly(ctx, connect.NewRequest(earlyReq(j)))
	wantCode(t, err, connect.CodeAborted)
}

// TestPublishEarlyKeepsOtherLadder: a video already serving another
// attempt's ladder is not switched to a partial one.
func TestPublishEarlyKeepsOtherLadder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	videoID, jobID := e.video(5)
	j := e.claimFor(jobID)
	if _, err := e.pool.Exec(ctx, `UPDATE videos SET hls_prefix = 'transcode/older/' WHERE id = $1`, videoID); err != nil {
		t.Fatal(err)
	}
	e.upload(j, outputFiles)
	res, err := e.client.PublishEarly(ctx, connect.NewRequest(earlyReq(j)))
	if err != nil || res.Msg.GetPublished() {
		t.Fatalf("publish early over another ladder: %v %v", res, err)
	}
	if v := e.videoRow(videoID); v.HLSPrefix != "transcode/older/" {
		t.Fatalf("video switched: %+v", v)
	}
	// Failing leaves the other ladder alone.
	if _, err := e.client.FailJob(ctx, connect.NewRequest(&transcodev1.FailJobRequest{JobId: j.GetId(), LeaseToken: j.GetLeaseToken(), Error: "boom", Retryable: true})); err != nil {
		t.Fatal(err)
	}
	if v := e.videoRow(videoID); v.HLSPrefix != "transcode/older/" {
		t.Fatalf("failure took another attempt's ladder: %+v", v)
	}
}
