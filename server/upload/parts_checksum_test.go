package upload_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/upload"
)

// partsSum is the parts' composite SHA-256 of file cut into parts of n
// bytes: the SHA-256 of the parts' SHA-256 digests, in order.
func partsSum(file []byte, n int) string {
	var digests []byte
	for off := 0; off < len(file); off += n {
		d := sha256.Sum256(file[off:min(off+n, len(file))])
		digests = append(digests, d[:]...)
	}
	all := sha256.Sum256(digests)
	return hex.EncodeToString(all[:])
}

// swapFirstParts is file with its first two parts of n bytes swapped: the
// right parts in the wrong places.
func swapFirstParts(file []byte, n int) []byte {
	return append(append(append([]byte(nil), file[n:2*n]...), file[:n]...), file[2*n:]...)
}

func (e *env) createParts(t testing.TB, videoID string, file []byte, partSize int) *uploadv1.Upload {
	t.Helper()
	res, err := e.uploads(alice).CreateUpload(context.Background(), connect.NewRequest(&uploadv1.CreateUploadRequest{
		VideoId: videoID, SizeBytes: uint64(len(file)), PartsSha256: partsSum(file, partSize), PartSize: uint64(partSize), ContentType: "video/mp4",
	}))
	if err != nil {
		t.Fatal(err)
	}
	return res.Msg.Upload
}

// An upload that declares its parts' composite SHA-256 instead of the
// whole file's: refused when the declaration is malformed (nothing is
// stored), completed without a second hash of the file when the parts
// are right, and failed (DataLoss) when right parts are stored in the
// wrong places, whether completion knows the joined parts or finds the
// object joined by an earlier attempt.
func TestPartsChecksum(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	const partSize = 5 * mib
	file := bigClip(t, 11*mib) // three parts, the last one short
	vid := e.newVideo(t, alice)

	sum, parts := hexSum(file), partsSum(file, partSize)
	for name, req := range map[string]*uploadv1.CreateUploadRequest{
		"both checksums":            {Sha256: sum, PartsSha256: parts, PartSize: partSize},
		"parts without a part size": {PartsSha256: parts},
		"parts under 5 MiB":         {PartsSha256: parts, PartSize: mib},
		"parts over 5 GiB":          {PartsSha256: parts, PartSize: 6 << 30},
		"a malformed checksum":      {PartsSha256: parts[:63] + "g", PartSize: partSize},
	} {
		req.VideoId, req.SizeBytes = vid, uint64(len(file))
		_, err := e.uploads(alice).CreateUpload(ctx, connect.NewRequest(req))
		if connect.CodeOf(err) != connect.CodeInvalidArgument {
			t.Fatalf("%s: %v, want InvalidArgument", name, err)
		}
	}
	// 10001 parts of 5 MiB: more than S3 takes, refused before anything
	// is started (with a server that takes files that large).
	big := newEnv(t, func(c *upload.Config) { c.MaxSizeBytes = 10001 * partSize })
	_, err := big.uploads(alice).CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{
		VideoId: big.newVideo(t, alice), SizeBytes: 10001 * partSize, PartsSha256: parts, PartSize: partSize,
	}))
	wantCode(t, err, connect.CodeInvalidArgument)

	// The right parts in the wrong places: S3 takes each (it checks each
	// part against the digest it was presigned with), the composite
	// does not match.
	u := e.createParts(t, vid, file, partSize)
	if u.PartSize != partSize || u.PartCount != 3 || u.Sha256 != "" || u.PartsSha256 != parts {
		t.Fatalf("created %v", u)
	}
	swapped := swapFirstParts(file, partSize)
	e.putAll(t, u, swapped)
	_, err = e.complete(u.Id)
	wantCode(t, err, connect.CodeDataLoss)
	if got := e.get(t, u.Id); got.State != uploadv1.State_STATE_FAILED {
		t.Fatalf("after a mismatch: %v", got)
	}

	// The video takes a new upload; the right parts complete it.
	u = e.createParts(t, vid, file, partSize)
	browser := testenv.HTTP1Client()
	putParallel(t, browser, u, file, e.presign(t, alice, u, file, partNumbers(u)...), 3)
	done, err := e.complete(u.Id)
	if err != nil {
		t.Fatal(err)
	}
	if done.State != uploadv1.State_STATE_COMPLETED || done.PartsSha256 != parts {
		t.Fatalf("completed %v", done)
	}
	if v := e.video(t, vid); v.Status != videov1.Status_STATUS_UPLOADED || v.Width != 160 || v.SizeBytes != uint64(len(file)) {
		t.Fatalf("video after upload: %v", v)
	}

	// Joined by an attempt that died before checking: the parts are no
	// longer listed, so completion hashes each part as it reads the
	// object back.
	for _, c := range []struct {
		name   string
		stored []byte
		want   connect.Code // 0: completed
	}{
		{"right parts", file, 0},
		{"swapped parts", swapped, connect.CodeDataLoss},
	} {
		vid := e.newVideo(t, alice)
		u := e.createParts(t, vid, file, partSize)
		e.putAll(t, u, c.stored)
		e.joinBehind(t, u)
		done, err := e.complete(u.Id)
		if err == nil && c.want != 0 || err != nil && connect.CodeOf(err) != c.want {
			t.Fatalf("%s, joined earlier: %v, want %v", c.name, err, c.want)
		}
		if err == nil && (done.State != uploadv1.State_STATE_COMPLETED || e.video(t, vid).Status != videov1.Status_STATUS_UPLOADED) {
			t.Fatalf("%s, joined earlier: %v", c.name, done)
		}
	}
}

// joinBehind joins u's stored parts in S3 as a completion that died after
// its join would have, and leaves the upload as that completion did.
func (e *env) joinBehind(t testing.TB, u *uploadv1.Upload) {
	t.Helper()
	e.joinInS3(t, u.Id)
	if _, err := e.pool.Exec(context.Background(), "UPDATE uploads SET state = 'verifying', updated_at = now() - interval '2 hours' WHERE id = $1", u.Id); err != nil {
		t.Fatal(err)
	}
}

// joinInS3 completes upload id's S3 multipart upload from the parts it
// holds, behind the service's back.
func (e *env) joinInS3(t testing.TB, id string) {
	t.Helper()
	ctx := context.Background()
	var key, s3ID string
	if err := e.pool.QueryRow(ctx, "SELECT object_key, s3_upload_id FROM uploads WHERE id = $1", id).Scan(&key, &s3ID); err != nil {
		t.Fatal(err)
	}
	core := minio.Core{Client: e.s3}
	parts, err := core.ListObjectParts(ctx, e.bucket, key, s3ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var list []minio.CompletePart
	for _, p := range parts.ObjectParts {
		list = append(list, minio.CompletePart{PartNumber: p.PartNumber, ETag: p.ETag, ChecksumSHA256: p.ChecksumSHA256})
	}
	if _, err := core.CompleteMultipartUpload(ctx, e.bucket, key, s3ID, list, minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
}

// A stream may declare the parts' checksum too: the server hashes each
// part as it arrives (for S3's check) and not the whole file. A stream
// cut after its first part and resumed from there completes from the
// joined parts' digests; a declaration of other bytes fails (DataLoss).
func TestStreamPartsChecksum(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	const partSize = 5 * mib
	file := bigClip(t, 11*mib)
	parts := partsSum(file, partSize)
	c := e.uploads(alice, connect.WithGRPC())

	vid := e.newVideo(t, alice)
	for name, hdr := range map[string]*uploadv1.UploadStreamHeader{
		"both checksums":            {Sha256: hexSum(file), PartsSha256: parts, PartSize: partSize},
		"parts without a part size": {PartsSha256: parts},
		"parts under 5 MiB":         {PartsSha256: parts, PartSize: mib},
	} {
		hdr.VideoId, hdr.SizeBytes = vid, uint64(len(file))
		_, err := send(ctx, c, hdr, file, len(file))
		if connect.CodeOf(err) != connect.CodeInvalidArgument {
			t.Fatalf("%s: %v, want InvalidArgument", name, err)
		}
	}

	done, err := send(ctx, c, &uploadv1.UploadStreamHeader{VideoId: vid, SizeBytes: uint64(len(file)), PartsSha256: parts, PartSize: partSize}, file, len(file))
	if err != nil {
		t.Fatal(err)
	}
	if done.State != uploadv1.State_STATE_COMPLETED || done.PartsSha256 != parts || done.Sha256 != "" || done.PartSize != partSize {
		t.Fatalf("streamed %v", done)
	}
	if v := e.video(t, vid); v.Status != videov1.Status_STATUS_UPLOADED {
		t.Fatalf("video %v", v)
	}

	// Cut after the first part, resumed from it by another stream.
	vid = e.newVideo(t, alice)
	hdr := &uploadv1.UploadStreamHeader{VideoId: vid, SizeBytes: uint64(len(file)), PartsSha256: parts, PartSize: partSize}
	open, err := send(ctx, c, hdr, file, partSize)
	if err != nil {
		t.Fatal(err)
	}
	if open.State != uploadv1.State_STATE_OPEN || open.CommittedBytes != partSize {
		t.Fatalf("after the cut: %v", open)
	}
	_, err = send(ctx, c, &uploadv1.UploadStreamHeader{UploadId: open.Id, PartsSha256: hexSum(file)}, file, len(file))
	wantCode(t, err, connect.CodeInvalidArgument) // another declaration than the upload's
	done, err = send(ctx, c, &uploadv1.UploadStreamHeader{UploadId: open.Id, Offset: partSize}, file, len(file))
	if err != nil || done.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("resumed: %v %v", done, err)
	}

	// Declared for other bytes.
	swapped := swapFirstParts(file, partSize)
	vid = e.newVideo(t, alice)
	_, err = send(ctx, c, &uploadv1.UploadStreamHeader{VideoId: vid, SizeBytes: uint64(len(file)), PartsSha256: partsSum(swapped, partSize), PartSize: partSize}, file, len(file))
	wantCode(t, err, connect.CodeDataLoss)
}
