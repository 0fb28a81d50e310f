package transcode_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db/dbq"
	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
	"github.com/streamgate/streamgate/gen/streamgate/transcode/v1/transcodev1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/transcode"
)

func TestWorkerTokenRequired(t *testing.T) {
	t.Parallel()
	e := newEnv(t, transcode.Config{})
	req := &transcodev1.ClaimJobRequest{WorkerId: "w"}
	for _, token := range []string{"", "wrong-token-0123456789", workerToken + "x", workerToken[:len(workerToken)-1]} {
		for _, opt := range []connect.ClientOption{connect.WithGRPC(), connect.WithProtoJSON()} {
			c := transcodev1connect.NewTranscodeServiceClient(testenv.H2CClient(), e.url, opt, connect.WithInterceptors(bearer(token)))
			_, err := c.ClaimJob(context.Background(), connect.NewRequest(req))
			wantCode(t, err, connect.CodeUnauthenticated)
			// Refused before validation: an unauthenticated caller learns nothing.
			_, err = c.Heartbeat(context.Background(), connect.NewRequest(&transcodev1.HeartbeatRequest{JobId: "nope"}))
			wantCode(t, err, connect.CodeUnauthenticated)
		}
	}
	if _, err := e.client.ClaimJob(context.Background(), connect.NewRequest(req)); err != nil {
		t.Fatalf("valid token refused: %v", err)
	}
}

func TestBadRequests(t *testing.T) {
	t.Parallel()
	e := newEnv(t, transcode.Config{})
	ctx := context.Background()
	_, jobID := e.video(5)
	job := e.claimFor(jobID)
	_, err := e.client.ClaimJob(ctx, connect.NewRequest(&transcodev1.ClaimJobRequest{WorkerId: "w", Wait: durationOf(2 * time.Minute)}))
	wantCode(t, err, connect.CodeInvalidArgument)
	_, err = e.client.Heartbeat(ctx, connect.NewRequest(&transcodev1.HeartbeatRequest{JobId: "not-a-uuid", LeaseToken: "x"}))
	wantCode(t, err, connect.CodeInvalidArgument)
	_, err = e.client.Heartbeat(ctx, connect.NewRequest(&transcodev1.HeartbeatRequest{JobId: job.GetId(), LeaseToken: job.GetLeaseToken(), Progress: 1.5}))
	wantCode(t, err, connect.CodeInvalidArgument)
	for _, p := range []string{"../escape.m3u8", "/abs.ts", "a/b/c.ts", "a/../../b", "a b.ts", ""} {
		_, err = e.client.PresignOutputs(ctx, connect.NewRequest(&transcodev1.PresignOutputsRequest{
			JobId: job.GetId(), LeaseToken: job.GetLeaseToken(), Paths: []string{p},
		}))
		wantCode(t, err, connect.CodeInvalidArgument)
	}
	bad := completeReq(job)
	bad.MasterPlaylist = "../../other/master.m3u8"
	_, err = e.client.CompleteJob(ctx, connect.NewRequest(bad))
	wantCode(t, err, connect.CodeInvalidArgument)
	bad = completeReq(job)
	bad.Renditions = append(bad.Renditions, bad.Renditions[0])
	_, err = e.client.CompleteJob(ctx, connect.NewRequest(bad))
	wantCode(t, err, connect.CodeInvalidArgument)
	_, err = e.client.CompleteJob(ctx, connect.NewRequest(&transcodev1.CompleteJobRequest{JobId: job.GetId(), LeaseToken: job.GetLeaseToken(), MasterPlaylist: "m.m3u8"}))
	wantCode(t, err, connect.CodeInvalidArgument)
	_, err = e.client.FailJob(ctx, connect.NewRequest(&transcodev1.FailJobRequest{JobId: uuid.NewString(), LeaseToken: "t", Error: "e"}))
	wantCode(t, err, connect.CodeNotFound)
	_, err = e.client.Heartbeat(ctx, connect.NewRequest(&transcodev1.HeartbeatRequest{JobId: job.GetId(), LeaseToken: "not-a-uuid"}))
	wantCode(t, err, connect.CodeAborted)
	// None of that touched the job.
	if j := e.job(jobID); j.State != dbq.JobStateRunning || j.LeaseToken.String() != job.GetLeaseToken() || j.Attempt != 1 {
		t.Fatalf("job changed by bad requests: %+v", j)
	}
}

func TestJobLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t, transcode.Config{})
	ctx := context.Background()
	videoID, jobID := e.video(5)
	j := e.claimFor(jobID)
	// The claim holds the job; another claim finds nothing.
	if other := e.claim(0); other != nil {
		t.Fatalf("claimed a held job: %v", other)
	}
	if j.GetVideoId() != videoID.String() || j.GetAttempt() != 1 {
		t.Fatalf("job = %v", j)
	}
	if code, body := get(t, j.GetSource().GetUrl()); code != 200 || body != "original bytes of "+videoID.String() {
		t.Fatalf("source URL: %d %q", code, body)
	}
	enc := j.GetEncryption()
	if len(enc.GetKey()) != 16 || len(enc.GetIv()) != 16 || enc.GetKeyUri() != "../key" {
		t.Fatalf("encryption = %v", enc)
	}
	stored, err := hlskey.New(e.cfg.Keys, e.store.Queries).Get(ctx, videoID)
	if err != nil || string(stored) != string(enc.GetKey()) {
		t.Fatalf("stored key %x, %v; claimed %x", stored, err, enc.GetKey())
	}
	if v := e.videoRow(videoID); v.Status != "processing" {
		t.Fatalf("video after claim: %+v", v)
	}
	if _, err := e.client.Heartbeat(ctx, connect.NewRequest(&transcodev1.HeartbeatRequest{JobId: j.GetId(), LeaseToken: j.GetLeaseToken(), Progress: 0.5})); err != nil {
		t.Fatal(err)
	}
	if v := e.videoRow(videoID); v.Progress != 0.5 {
		t.Fatalf("progress = %v", v.Progress)
	}
	// Completing before the files are there publishes nothing.
	_, err = e.client.CompleteJob(ctx, connect.NewRequest(completeReq(j)))
	wantCode(t, err, connect.CodeFailedPrecondition)
	if v := e.videoRow(videoID); v.Status != "processing" || v.HLSPrefix != "" {
		t.Fatalf("video after refused complete: %+v", v)
	}
	e.upload(j, outputFiles)
	if _, err := e.client.CompleteJob(ctx, connect.NewRequest(completeReq(j))); err != nil {
		t.Fatal(err)
	}
	v := e.videoRow(videoID)
	wantPrefix := fmt.Sprintf("transcode/%s/%s-1/", videoID, jobID)
	if v.Status != "ready" || v.HLSPrefix != wantPrefix || v.Progress != 1 {
		t.Fatalf("video after complete: %+v", v)
	}
	var rs []transcode.Rendition
	if err := json.Unmarshal(v.Renditions, &rs); err != nil || len(rs) != 1 || rs[0].Name != "360p" || rs[0].Bandwidth != 900000 || rs[0].Playlist != "360p/index.m3u8" {
		t.Fatalf("renditions %s: %v", v.Renditions, err)
	}
	if _, err := e.s3.StatObject(ctx, e.bucket, wantPrefix+"360p/index.m3u8", minio.StatObjectOptions{}); err != nil {
		t.Fatalf("output not under the attempt prefix: %v", err)
	}
	// The lease ended with the job: every further write is refused.
	_, err = e.client.CompleteJob(ctx, connect.NewRequest(completeReq(j)))
	wantCode(t, err, connect.CodeAborted)
	_, err = e.client.FailJob(ctx, connect.NewRequest(&transcodev1.FailJobRequest{JobId: j.GetId(), LeaseToken: j.GetLeaseToken(), Error: "late"}))
	wantCode(t, err, connect.CodeAborted)
	if v2 := e.videoRow(videoID); v2.Status != "ready" || v2.HLSPrefix != wantPrefix {
		t.Fatalf("late fail changed the video: %+v", v2)
	}
	if s := e.job(jobID).State; s != dbq.JobStateSucceeded {
		t.Fatalf("job state %s", s)
	}
}

func TestStaleWorkerIsFenced(t *testing.T) {
	t.Parallel()
	e := newEnv(t, transcode.Config{Lease: 300 * time.Millisecond, RescueInterval: 50 * time.Millisecond, BackoffBase: time.Millisecond, BackoffMax: time.Millisecond})
	ctx := context.Background()
	videoID, jobID := e.video(5)
	stale := e.claimFor(jobID)
	e.upload(stale, outputFiles)
	// The stale worker stops heartbeating; the rescuer hands the job on.
	fresh := e.claimFor(jobID)
	if fresh.GetAttempt() != 2 || fresh.GetLeaseToken() == stale.GetLeaseToken() {
		t.Fatalf("second claim: %v", fresh)
	}
	_, err := e.client.CompleteJob(ctx, connect.NewRequest(completeReq(stale)))
	wantCode(t, err, connect.CodeAborted)
	_, err = e.client.Heartbeat(ctx, connect.NewRequest(&transcodev1.HeartbeatRequest{JobId: stale.GetId(), LeaseToken: stale.GetLeaseToken(), Progress: 0.9}))
	wantCode(t, err, connect.CodeAborted)
	_, err = e.client.FailJob(ctx, connect.NewRequest(&transcodev1.FailJobRequest{JobId: stale.GetId(), LeaseToken: stale.GetLeaseToken(), Error: "x"}))
	wantCode(t, err, connect.CodeAborted)
	_, err = e.client.PresignOutputs(ctx, connect.NewRequest(&transcodev1.PresignOutputsRequest{JobId: stale.GetId(), LeaseToken: stale.GetLeaseToken(), Paths: []string{"x.ts"}}))
	wantCode(t, err, connect.CodeAborted)
	if v := e.videoRow(videoID); v.Status != "processing" || v.HLSPrefix != "" || v.Progress == 0.9 {
		t.Fatalf("stale writes reached the video: %+v", v)
	}
	// The fresh worker keeps its lease with heartbeats and completes.
	if _, err := e.client.Heartbeat(ctx, connect.NewRequest(&transcodev1.HeartbeatRequest{JobId: fresh.GetId(), LeaseToken: fresh.GetLeaseToken(), Progress: 0.1})); err != nil {
		t.Fatal(err)
	}
	e.upload(fresh, outputFiles)
	if _, err := e.client.CompleteJob(ctx, connect.NewRequest(completeReq(fresh))); err != nil {
		t.Fatal(err)
	}
	v := e.videoRow(videoID)
	if v.Status != "ready" || !strings.HasSuffix(v.HLSPrefix, jobID.String()+"-2/") {
		t.Fatalf("video: %+v", v)
	}
	// The expired attempt's outputs are queued for deletion, never published.
	if d := e.deletions(); !slices.Contains(d, fmt.Sprintf("transcode/%s/%s-1/", videoID, jobID)) {
		t.Fatalf("deletions = %v", d)
	}
}

func TestFailuresRetryThenDie(t *testing.T) {
	t.Parallel()
	e := newEnv(t, transcode.Config{BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	ctx := context.Background()
	videoID, jobID := e.video(3)
	for attempt := 1; attempt <= 3; attempt++ {
		j := e.claimFor(jobID)
		if int(j.GetAttempt()) != attempt {
			t.Fatalf("attempt %d, want %d", j.GetAttempt(), attempt)
		}
		res, err := e.client.FailJob(ctx, connect.NewRequest(&transcodev1.FailJobRequest{
			JobId: j.GetId(), LeaseToken: j.GetLeaseToken(), Error: fmt.Sprintf("ffmpeg broke on attempt %d", attempt), Retryable: true,
		}))
		if err != nil {
			t.Fatal(err)
		}
		if res.Msg.GetDead() != (attempt == 3) {
			t.Fatalf("attempt %d: dead = %v", attempt, res.Msg.GetDead())
		}
		if v := e.videoRow(videoID); (v.Status == "failed") != (attempt == 3) {
			t.Fatalf("attempt %d: video %+v", attempt, v)
		}
	}
	j := e.job(jobID)
	v := e.videoRow(videoID)
	if j.State != dbq.JobStateDead || v.FailureReason != "ffmpeg broke on attempt 3" || j.LastError != v.FailureReason {
		t.Fatalf("job %+v, video %+v", j, v)
	}
	if d := e.deletions(); len(d) != 3 {
		t.Fatalf("deletions = %v", d)
	}
	if got := e.claim(0); got != nil {
		t.Fatalf("a dead job was claimed: %v", got)
	}

	// A failure that is not retryable ends the job at once.
	videoID, jobID = e.video(5)
	j2 := e.claimFor(jobID)
	res, err := e.client.FailJob(ctx, connect.NewRequest(&transcodev1.FailJobRequest{JobId: j2.GetId(), LeaseToken: j2.GetLeaseToken(), Error: "no video stream"}))
	if err != nil || !res.Msg.GetDead() {
		t.Fatalf("non-retryable fail: %v %v", res, err)
	}
	if v := e.videoRow(videoID); v.Status != "failed" || v.FailureReason != "no video stream" {
		t.Fatalf("video %+v", v)
	}
}

// TestFailureReasonHidesURLQueries: whatever a worker reports, the stored
// failure reason (public on a public video) keeps no URL query or
// userinfo, such as a presigned GET's signature.
func TestFailureReasonHidesURLQueries(t *testing.T) {
	t.Parallel()
	e := newEnv(t, transcode.Config{})
	videoID, jobID := e.video(1)
	j := e.claimFor(jobID)
	_, err := e.client.FailJob(context.Background(), connect.NewRequest(&transcodev1.FailJobRequest{
		JobId: j.GetId(), LeaseToken: j.GetLeaseToken(),
		Error: `download original: Get "http://s3.example:9000/b/originals/x?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIA": EOF`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := `download original: Get "http://s3.example:9000/b/originals/x?REDACTED": EOF`
	if v := e.videoRow(videoID); v.Status != "failed" || v.FailureReason != want || e.job(jobID).LastError != want {
		t.Fatalf("video %+v, job error %q; want reason %q", v, e.job(jobID).LastError, want)
	}
}

func TestExpiredLastAttemptDies(t *testing.T) {
	t.Parallel()
	e := newEnv(t, transcode.Config{Lease: 200 * time.Millisecond, RescueInterval: 50 * time.Millisecond})
	videoID, jobID := e.video(1)
	e.claimFor(jobID)
	for e.job(jobID).State == dbq.JobStateRunning {
		time.Sleep(20 * time.Millisecond)
	}
	v := e.videoRow(videoID)
	if j := e.job(jobID); j.State != dbq.JobStateDead || v.Status != "failed" || !strings.Contains(v.FailureReason, "lease expired") {
		t.Fatalf("job %+v, video %+v", j, v)
	}
}

func TestClaimWokenByEnqueue(t *testing.T) {
	t.Parallel()
	// Polling is off (an hour): only the NOTIFY from the enqueue can wake
	// the claim before its 50 s wait runs out.
	e := newEnv(t, transcode.Config{PollInterval: time.Hour})
	got := make(chan *transcodev1.Job)
	go func() {
		res, err := e.client.ClaimJob(context.Background(), connect.NewRequest(&transcodev1.ClaimJobRequest{WorkerId: "w", Wait: durationOf(50 * time.Second)}))
		if err != nil {
			t.Error(err)
		}
		got <- res.Msg.GetJob()
	}()
	time.Sleep(200 * time.Millisecond) // let the claim start waiting (not needed for correctness)
	_, jobID := e.video(5)
	if j := <-got; j == nil || j.GetId() != jobID.String() {
		t.Fatalf("woken claim got %v", j)
	}
}

func TestNoJobWithoutSource(t *testing.T) {
	t.Parallel()
	e := newEnv(t, transcode.Config{})
	videoID, jobID := e.video(5)
	if _, err := e.pool.Exec(context.Background(), `UPDATE videos SET source_key = '' WHERE id = $1`, videoID); err != nil {
		t.Fatal(err)
	}
	if j := e.claim(0); j != nil {
		t.Fatalf("claimed a job without a source: %v", j)
	}
	if j, v := e.job(jobID), e.videoRow(videoID); j.State != dbq.JobStateDead || v.Status != "failed" {
		t.Fatalf("job %+v video %+v", j, v)
	}
}

// TestManyWorkersNeverOverlap runs many no-op jobs through several
// concurrent claimers and checks each job ran exactly once.
func TestManyWorkersNeverOverlap(t *testing.T) {
	t.Parallel()
	e := newEnv(t, transcode.Config{PollInterval: 20 * time.Millisecond})
	const jobs, workers = 40, 6
	want := map[string]uuid.UUID{}
	for range jobs {
		v, j := e.video(5)
		want[j.String()] = v
	}
	var mu sync.Mutex
	ran := map[string]int{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				res, err := e.client.ClaimJob(context.Background(), connect.NewRequest(&transcodev1.ClaimJobRequest{WorkerId: fmt.Sprint("w", w), Wait: durationOf(0)}))
				if err != nil {
					t.Error(err)
					return
				}
				j := res.Msg.GetJob()
				if j == nil {
					return
				}
				mu.Lock()
				ran[j.GetId()]++
				mu.Unlock()
				e.upload(j, outputFiles)
				if _, err := e.client.CompleteJob(context.Background(), connect.NewRequest(completeReq(j))); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if len(ran) != jobs {
		t.Fatalf("%d jobs ran, want %d", len(ran), jobs)
	}
	for id, n := range ran {
		if n != 1 {
			t.Errorf("job %s ran %d times", id, n)
		}
		if v := e.videoRow(want[id]); v.Status != "ready" {
			t.Errorf("video of job %s: %+v", id, v)
		}
	}
}
