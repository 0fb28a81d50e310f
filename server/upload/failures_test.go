package upload_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/upload"
)

// putAll presigns and PUTs every part of file.
func (e *env) putAll(t *testing.T, u *uploadv1.Upload, file []byte) {
	t.Helper()
	var nums []uint32
	for n := uint32(1); n <= u.PartCount; n++ {
		nums = append(nums, n)
	}
	for _, p := range e.presign(t, alice, u, file, nums...) {
		if code, msg := put(t, testenv.HTTP1Client(), p, partOf(u, file, p.Number)); code != http.StatusOK {
			t.Fatalf("part %d: %d %s", p.Number, code, msg)
		}
	}
}

func (e *env) complete(id string) (*uploadv1.Upload, error) {
	res, err := e.uploads(alice).CompleteUpload(context.Background(), connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: id}))
	if err != nil {
		return nil, err
	}
	return res.Msg.Upload, nil
}

// The parts arrive intact (each matches its own checksum) but the file is
// not the one declared: the upload fails, nothing is kept, and the video
// waits for a new upload.
func TestWrongChecksum(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	file := tinyClip(t)
	vid := e.newVideo(t, alice)
	res, err := e.uploads(alice).CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{
		VideoId: vid, SizeBytes: uint64(len(file)), Sha256: hexSum([]byte("another file")),
	}))
	if err != nil {
		t.Fatal(err)
	}
	u := res.Msg.Upload
	e.putAll(t, u, file)
	_, err = e.complete(u.Id)
	wantCode(t, err, connect.CodeDataLoss)
	if !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("error %q does not say what differs", err)
	}
	got := e.get(t, u.Id)
	if got.State != uploadv1.State_STATE_FAILED || !strings.Contains(got.FailureReason, "SHA-256") {
		t.Fatalf("upload after mismatch: %v", got)
	}
	if v := e.video(t, vid); v.Status != videov1.Status_STATUS_WAITING_UPLOAD {
		t.Fatalf("video after mismatch: %v", v)
	}
	if objs := e.objects(t); len(objs) != 0 || e.pendingMultipart(t) != 0 {
		t.Fatalf("kept after a mismatch: %v", objs)
	}
	var jobs int
	_ = e.pool.QueryRow(ctx, "SELECT count(*) FROM transcode_jobs").Scan(&jobs)
	if jobs != 0 {
		t.Fatalf("%d transcode jobs after a mismatch", jobs)
	}
	// The same through one stream, which checks its own copy.
	_, err = send(ctx, e.uploads(alice), &uploadv1.UploadStreamHeader{
		VideoId: vid, SizeBytes: uint64(len(file)), Sha256: hexSum([]byte("another file")),
	}, file, len(file))
	wantCode(t, err, connect.CodeDataLoss)
	if objs := e.objects(t); len(objs) != 0 || e.pendingMultipart(t) != 0 {
		t.Fatalf("kept after a streamed mismatch: %v", objs)
	}
	// The right file then goes through.
	u = e.create(t, alice, vid, file)
	e.putAll(t, u, file)
	if _, err := e.complete(u.Id); err != nil {
		t.Fatal(err)
	}
}

// The same over several read-back windows (server/upload/read_back.go):
// a file whose last byte differs from the declared one fails with
// DataLoss on both paths, and the declared file then goes through.
func TestWrongChecksumAcrossWindows(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	file := bigClip(t, 13*mib+7)
	declared := append([]byte(nil), file...)
	declared[len(declared)-1] ^= 1
	vid := e.newVideo(t, alice)
	u := e.create(t, alice, vid, declared)
	e.putAll(t, u, file) // each part checked against its own SHA-256, so the bytes of file
	_, err := e.complete(u.Id)
	wantCode(t, err, connect.CodeDataLoss)
	if !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("error %q does not say what differs", err)
	}
	if objs := e.objects(t); len(objs) != 0 || e.pendingMultipart(t) != 0 {
		t.Fatalf("kept after a mismatch: %v", objs)
	}
	_, err = send(ctx, e.uploads(alice), &uploadv1.UploadStreamHeader{
		VideoId: vid, SizeBytes: uint64(len(file)), Sha256: hexSum(declared),
	}, file, len(file))
	wantCode(t, err, connect.CodeDataLoss)
	u = e.create(t, alice, vid, file)
	e.putAll(t, u, file)
	if _, err := e.complete(u.Id); err != nil {
		t.Fatal(err)
	}
}

func TestWrongSize(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *upload.Config) { c.MaxSizeBytes = 40 * mib })
	ctx := context.Background()
	file := bigClip(t, 20*mib)
	vid := e.newVideo(t, alice)

	_, err := e.uploads(alice).CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{VideoId: vid, SizeBytes: 41 * mib, Sha256: hexSum(file)}))
	wantCode(t, err, connect.CodeInvalidArgument)
	// 2^63 bytes and more would wrap to a negative int64.
	_, err = e.uploads(alice).CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{VideoId: vid, SizeBytes: 1 << 63, Sha256: hexSum(file)}))
	wantCode(t, err, connect.CodeInvalidArgument)

	// Declared one byte longer than what is sent: S3 refuses the short
	// last part (its URL is signed for the planned size), completion
	// says which part is missing, and the upload stays open to fix it.
	longer := append(append([]byte(nil), file...), 0)
	res, err := e.uploads(alice).CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{
		VideoId: vid, SizeBytes: uint64(len(longer)), Sha256: hexSum(longer),
	}))
	if err != nil {
		t.Fatal(err)
	}
	u := res.Msg.Upload
	for _, p := range e.presign(t, alice, u, file, 1, 2) {
		code, msg := put(t, testenv.HTTP1Client(), p, partOf(u, file, p.Number))
		if p.Number == 1 && code != http.StatusOK || p.Number == 2 && code == http.StatusOK {
			t.Fatalf("part %d: %d %s", p.Number, code, msg)
		}
	}
	_, err = e.complete(u.Id)
	wantCode(t, err, connect.CodeFailedPrecondition)
	if !strings.Contains(err.Error(), "part 2") {
		t.Errorf("error %q does not name the short part", err)
	}
	if got := e.get(t, u.Id); got.State != uploadv1.State_STATE_OPEN || got.CommittedBytes != 16*mib {
		t.Fatalf("after a short part: %v", got)
	}
	// Streaming more bytes than declared is refused.
	_, err = send(ctx, e.uploads(alice), &uploadv1.UploadStreamHeader{UploadId: u.Id, Offset: 16 * mib}, append(longer, 1, 2, 3), len(longer)+3)
	wantCode(t, err, connect.CodeInvalidArgument)
	if v := e.video(t, vid); v.Status != videov1.Status_STATUS_WAITING_UPLOAD {
		t.Fatalf("video %v", v)
	}
	// Sending the right last part finishes it.
	e.putAll(t, u, longer)
	if _, err := e.complete(u.Id); err != nil {
		t.Fatal(err)
	}
}

func TestNotAVideo(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	text := []byte(strings.Repeat("this is not a video\n", 1000))
	vid := e.newVideo(t, alice)
	u := e.create(t, alice, vid, text)
	e.putAll(t, u, text)
	_, err := e.complete(u.Id)
	wantCode(t, err, connect.CodeInvalidArgument)
	v := e.video(t, vid)
	if v.Status != videov1.Status_STATUS_FAILED || !strings.Contains(v.FailureReason, "not an acceptable video") {
		t.Fatalf("video %v", v)
	}
	if got := e.get(t, u.Id); got.State != uploadv1.State_STATE_FAILED || got.FailureReason != v.FailureReason {
		t.Fatalf("upload %v", got)
	}
	if objs := e.objects(t); len(objs) != 0 {
		t.Fatalf("kept %v", objs)
	}
	// A refused file leaves the video open for a real one.
	file := tinyClip(t)
	u = e.create(t, alice, vid, file)
	if v := e.video(t, vid); v.Status != videov1.Status_STATUS_WAITING_UPLOAD || v.FailureReason != "" {
		t.Fatalf("video after a new upload: %v", v)
	}
	e.putAll(t, u, file)
	if _, err := e.complete(u.Id); err != nil {
		t.Fatal(err)
	}
}

func TestSomeoneElsesUpload(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	file := tinyClip(t)
	vid := e.newVideo(t, alice)
	u := e.create(t, alice, vid, file)
	b := e.uploads(bob)
	id := u.Id
	errs := map[string]error{}
	_, errs["get"] = b.GetUpload(ctx, connect.NewRequest(&uploadv1.GetUploadRequest{UploadId: id}))
	_, errs["presign"] = b.PresignParts(ctx, connect.NewRequest(&uploadv1.PresignPartsRequest{UploadId: id, Parts: []*uploadv1.PartChecksum{{Number: 1, Sha256: b64Sum(file)}}}))
	_, errs["complete"] = b.CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: id}))
	_, errs["abort"] = b.AbortUpload(ctx, connect.NewRequest(&uploadv1.AbortUploadRequest{UploadId: id}))
	_, errs["stream"] = send(ctx, b, &uploadv1.UploadStreamHeader{UploadId: id}, file, len(file))
	_, errs["create on alice's video"] = b.CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{VideoId: vid, SizeBytes: 1, Sha256: hexSum(nil)}))
	for name, err := range errs {
		if connect.CodeOf(err) != connect.CodePermissionDenied {
			t.Errorf("bob %s: got %v, want permission_denied", name, err)
		}
	}
	_, err := e.uploads("").GetUpload(ctx, connect.NewRequest(&uploadv1.GetUploadRequest{UploadId: id}))
	wantCode(t, err, connect.CodeUnauthenticated)
	if got := e.get(t, id); got.State != uploadv1.State_STATE_OPEN {
		t.Fatalf("alice's upload after bob: %v", got)
	}
}

func TestAbandonedUploadSwept(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	file := bigClip(t, 20*mib)
	vid := e.newVideo(t, alice)
	u := e.create(t, alice, vid, file)
	p := e.presign(t, alice, u, file, 1)
	if code, msg := put(t, testenv.HTTP1Client(), p[0], partOf(u, file, 1)); code != http.StatusOK {
		t.Fatalf("part 1: %d %s", code, msg)
	}
	kept := e.create(t, alice, e.newVideo(t, alice), file)
	if n, err := e.up.SweepExpired(ctx); err != nil || n != 0 {
		t.Fatalf("sweep before expiry: %d %v", n, err)
	}
	// A day passes for one of them.
	if _, err := e.pool.Exec(ctx, "UPDATE uploads SET expires_at = now() - interval '1 second' WHERE id = $1", u.Id); err != nil {
		t.Fatal(err)
	}
	if n, err := e.up.SweepExpired(ctx); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	got := e.get(t, u.Id)
	if got.State != uploadv1.State_STATE_EXPIRED || got.FailureReason == "" {
		t.Fatalf("swept upload %v", got)
	}
	if n := e.pendingMultipart(t); n != 1 {
		t.Fatalf("%d multipart uploads left, want only the live one", n)
	}
	if e.get(t, kept.Id).State != uploadv1.State_STATE_OPEN {
		t.Fatal("the live upload was swept")
	}
	_, err := e.uploads(alice).PresignParts(ctx, connect.NewRequest(&uploadv1.PresignPartsRequest{UploadId: u.Id, Parts: []*uploadv1.PartChecksum{{Number: 1, Sha256: b64Sum(nil)}}}))
	wantCode(t, err, connect.CodeFailedPrecondition)
	_, err = e.complete(u.Id)
	wantCode(t, err, connect.CodeFailedPrecondition)
	// The video takes a new upload.
	e.create(t, alice, vid, file)
}

func TestAbort(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	file := tinyClip(t)
	vid := e.newVideo(t, alice)
	u := e.create(t, alice, vid, file)
	e.putAll(t, u, file)
	_, err := e.uploads(alice).CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{VideoId: vid, SizeBytes: 1, Sha256: hexSum(nil)}))
	wantCode(t, err, connect.CodeFailedPrecondition) // one live upload per video
	for range 2 {
		if _, err := e.uploads(alice).AbortUpload(ctx, connect.NewRequest(&uploadv1.AbortUploadRequest{UploadId: u.Id})); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.get(t, u.Id); got.State != uploadv1.State_STATE_ABORTED {
		t.Fatalf("aborted %v", got)
	}
	if e.pendingMultipart(t) != 0 || len(e.objects(t)) != 0 {
		t.Fatal("aborted upload left data")
	}
	_, err = e.complete(u.Id)
	wantCode(t, err, connect.CodeFailedPrecondition)
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	file := tinyClip(t)
	vid := e.newVideo(t, alice)
	u := e.create(t, alice, vid, file)
	a := e.uploads(alice)
	sum := hexSum(file)
	errs := map[string]error{}
	_, errs["zero size"] = a.CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{VideoId: vid, Sha256: sum}))
	_, errs["short sha"] = a.CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{VideoId: vid, SizeBytes: 1, Sha256: "abc"}))
	_, errs["bad content type"] = a.CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{VideoId: vid, SizeBytes: 1, Sha256: sum, ContentType: "video/mp4\r\nX: y"}))
	_, errs["bad video id"] = a.CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{VideoId: "x", SizeBytes: 1, Sha256: sum}))
	_, errs["part 0"] = a.PresignParts(ctx, connect.NewRequest(&uploadv1.PresignPartsRequest{UploadId: u.Id, Parts: []*uploadv1.PartChecksum{{Number: 0, Sha256: b64Sum(file)}}}))
	_, errs["part past the end"] = a.PresignParts(ctx, connect.NewRequest(&uploadv1.PresignPartsRequest{UploadId: u.Id, Parts: []*uploadv1.PartChecksum{{Number: 2, Sha256: b64Sum(file)}}}))
	_, errs["hex part checksum"] = a.PresignParts(ctx, connect.NewRequest(&uploadv1.PresignPartsRequest{UploadId: u.Id, Parts: []*uploadv1.PartChecksum{{Number: 1, Sha256: sum}}}))
	_, errs["no parts"] = a.PresignParts(ctx, connect.NewRequest(&uploadv1.PresignPartsRequest{UploadId: u.Id}))
	_, errs["stream without header"] = send(ctx, a, nil, file, 0)
	_, errs["stream header without ids"] = send(ctx, a, &uploadv1.UploadStreamHeader{SizeBytes: 1}, file, 0)
	_, errs["stream resuming another file"] = send(ctx, a, &uploadv1.UploadStreamHeader{UploadId: u.Id, SizeBytes: 5}, file, 0)
	for name, err := range errs {
		if connect.CodeOf(err) != connect.CodeInvalidArgument {
			t.Errorf("%s: got %v, want invalid_argument", name, err)
		}
	}
	_, err := a.CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{VideoId: "00000000-0000-4000-8000-000000000000", SizeBytes: 1, Sha256: sum}))
	wantCode(t, err, connect.CodeNotFound)
	_, err = a.GetUpload(ctx, connect.NewRequest(&uploadv1.GetUploadRequest{UploadId: "00000000-0000-4000-8000-000000000000"}))
	wantCode(t, err, connect.CodeNotFound)
	_, err = e.complete(u.Id) // nothing uploaded yet
	wantCode(t, err, connect.CodeFailedPrecondition)
	// None of it disturbed the upload.
	if got := e.get(t, u.Id); got.State != uploadv1.State_STATE_OPEN {
		t.Fatalf("upload %v", got)
	}
	e.putAll(t, u, file)
	if _, err := e.complete(u.Id); err != nil {
		t.Fatal(err)
	}
}

// TestSweeperRechecksDue: the sweeper ends an upload only if it is still
// due when it writes. A completion that took over a stale verification
// after the sweeper listed it (updated_at moved) must win.
func TestSweeperRechecksDue(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	file := bigClip(t, 6*mib)
	u := e.create(t, alice, e.newVideo(t, alice), file)
	// Listed by the sweeper as a stale verification...
	if _, err := e.pool.Exec(ctx, "UPDATE uploads SET state = 'verifying', expires_at = now() - interval '1 second', updated_at = now() - interval '1 hour' WHERE id = $1", u.Id); err != nil {
		t.Fatal(err)
	}
	staleBefore := time.Now().Add(-time.Minute)
	q := dbq.New(e.pool)
	due, err := q.DueExpiredUploads(ctx, dbq.DueExpiredUploadsParams{StaleBefore: staleBefore, Lim: 10})
	if err != nil || len(due) != 1 {
		t.Fatalf("due: %v %v", due, err)
	}
	// ...then taken over by a retried CompleteUpload.
	if _, err := e.pool.Exec(ctx, "UPDATE uploads SET updated_at = now() WHERE id = $1", u.Id); err != nil {
		t.Fatal(err)
	}
	n, err := q.ExpireUpload(ctx, dbq.ExpireUploadParams{ID: uuid.MustParse(u.Id), Reason: "expired", StaleBefore: staleBefore})
	if err != nil || n != 0 {
		t.Fatalf("the sweeper expired an upload being verified: %d rows, %v", n, err)
	}
	if got := e.get(t, u.Id); got.State == uploadv1.State_STATE_EXPIRED {
		t.Fatalf("upload %v", got)
	}
}
