package upload_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"connectrpc.com/connect"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/internal/testenv"
)

// A 64 MiB file through presigned parts: one part is first sent with
// bytes that do not match its declared checksum (S3 refuses them) and
// retried; then "another device" resumes from GetUpload and finishes.
func TestPresigned64MiBRetriedAndResumed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	file := bigClip(t, 64*mib)
	vid := e.newVideo(t, alice)
	u := e.create(t, alice, vid, file)
	if u.PartSize != 16*mib || u.PartCount != 5 || u.State != uploadv1.State_STATE_OPEN || u.CommittedBytes != 0 {
		t.Fatalf("created %v", u)
	}
	browser := testenv.HTTP1Client()

	urls := e.presign(t, alice, u, file, 1, 2)
	if code, msg := put(t, browser, urls[0], partOf(u, file, 1)); code != http.StatusOK {
		t.Fatalf("part 1: %d %s", code, msg)
	}
	// Part 2 corrupted in flight: same length, one byte flipped.
	bad := append([]byte(nil), partOf(u, file, 2)...)
	bad[len(bad)/2] ^= 0xff
	if code, msg := put(t, browser, urls[1], bad); code != http.StatusBadRequest || !strings.Contains(msg, "BadDigest") {
		t.Fatalf("corrupted part 2: %d %s, want 400 BadDigest", code, msg)
	}
	// Dropping the checksum header breaks the signature.
	stripped := &uploadv1.PresignedPart{Number: 2, Url: urls[1].Url}
	if code, msg := put(t, browser, stripped, partOf(u, file, 2)); code == http.StatusOK {
		t.Fatalf("part 2 without its checksum header: %d %s, want refused", code, msg)
	}
	if code, msg := put(t, browser, urls[1], partOf(u, file, 2)); code != http.StatusOK {
		t.Fatalf("part 2 retried: %d %s", code, msg)
	}

	// Another device: learn what is stored, send only the rest.
	got := e.get(t, u.Id)
	if got.CommittedBytes != 32*mib || len(got.Parts) != 2 || got.Parts[1].Sha256 != b64Sum(partOf(u, file, 2)) {
		t.Fatalf("resume point %d, parts %v", got.CommittedBytes, got.Parts)
	}
	for _, p := range e.presign(t, alice, got, file, 3, 4, 5) {
		if code, msg := put(t, browser, p, partOf(u, file, p.Number)); code != http.StatusOK {
			t.Fatalf("part %d: %d %s", p.Number, code, msg)
		}
	}
	res, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id}))
	if err != nil {
		t.Fatal(err)
	}
	if res.Msg.Upload.State != uploadv1.State_STATE_COMPLETED || res.Msg.Upload.CommittedBytes != uint64(len(file)) {
		t.Fatalf("completed %v", res.Msg.Upload)
	}
	v := e.video(t, vid)
	if v.Status != videov1.Status_STATUS_UPLOADED || v.Width != 160 || v.Height != 120 || v.VideoCodec != "h264" ||
		v.AudioCodec != "aac" || v.SizeBytes != uint64(len(file)) || v.Duration.AsDuration().Seconds() < 1.9 {
		t.Fatalf("video after upload: %v", v)
	}
	var jobs, attempts int
	if err := e.pool.QueryRow(ctx, "SELECT count(*), max(max_attempts) FROM transcode_jobs WHERE video_id = $1 AND state = 'queued'", vid).Scan(&jobs, &attempts); err != nil || jobs != 1 || attempts != 5 {
		t.Fatalf("transcode jobs %d (max_attempts %d) %v", jobs, attempts, err)
	}
	obj, err := e.s3.StatObject(ctx, e.bucket, "originals/"+vid+"/"+u.Id, minioStat)
	if err != nil || obj.Size != int64(len(file)) {
		t.Fatalf("original: %v %v", obj.Size, err)
	}
	// Completing again answers the same; the video takes no second file.
	if _, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id})); err != nil {
		t.Fatal(err)
	}
	_, err = e.uploads(alice).CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{VideoId: vid, SizeBytes: 1, Sha256: hexSum(nil)}))
	wantCode(t, err, connect.CodeFailedPrecondition)
	_, err = e.uploads(alice).PresignParts(ctx, connect.NewRequest(&uploadv1.PresignPartsRequest{UploadId: u.Id, Parts: []*uploadv1.PartChecksum{{Number: 1, Sha256: b64Sum(nil)}}}))
	wantCode(t, err, connect.CodeFailedPrecondition)
}

// A part URL is signed for the part's planned size, not just its
// checksum: a client that declares the SHA-256 of a larger body (or a
// smaller one) gets its PUT refused by S3 before anything is stored, so
// presigned URLs cannot be used to park gigabytes until the upload
// expires. The planned body still goes through the same URL's size.
func TestPresignedPartSizeIsSigned(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	file := bigClip(t, 20*mib)
	u := e.create(t, alice, e.newVideo(t, alice), file)
	browser := testenv.HTTP1Client()
	part := partOf(u, file, 1)
	for name, body := range map[string][]byte{
		"a larger body":  append(append([]byte(nil), part...), make([]byte, mib)...),
		"a smaller body": part[:len(part)-mib],
	} {
		res, err := e.uploads(alice).PresignParts(ctx, connect.NewRequest(&uploadv1.PresignPartsRequest{
			UploadId: u.Id, Parts: []*uploadv1.PartChecksum{{Number: 1, Sha256: b64Sum(body)}},
		}))
		if err != nil {
			t.Fatal(err)
		}
		p := res.Msg.Parts[0]
		if !strings.Contains(p.Url, "content-length") {
			t.Fatalf("%s: the URL does not sign the length: %s", name, p.Url)
		}
		if code, msg := put(t, browser, p, body); code == http.StatusOK {
			t.Fatalf("%s: %d %s, want refused", name, code, msg)
		}
		if got := e.get(t, u.Id); len(got.Parts) != 0 {
			t.Fatalf("%s: stored %v", name, got.Parts)
		}
	}
	if code, msg := put(t, browser, e.presign(t, alice, u, file, 1)[0], part); code != http.StatusOK {
		t.Fatalf("the planned part: %d %s", code, msg)
	}
}
