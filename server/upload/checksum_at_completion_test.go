package upload_test

import (
	"context"
	"testing"

	"connectrpc.com/connect"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/internal/testenv"
)

// An upload that declares no checksum when it is created declares its
// parts' composite SHA-256 when it completes: a completion without one is
// refused (InvalidArgument) and the upload stays open with its parts; one
// for other bytes fails the upload (DataLoss) as a declaration at creation
// would; the right one completes it and is recorded. A completion that
// names a composite another upload's declaration does not allow is
// refused without touching the upload.
func TestChecksumAtCompletion(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	const partSize = 5 * mib
	file := bigClip(t, 11*mib) // three parts, the last one short
	parts := partsSum(file, partSize)
	swapped := swapFirstParts(file, partSize)
	complete := func(id, parts string) (*uploadv1.Upload, error) {
		res, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: id, PartsSha256: parts}))
		if err != nil {
			return nil, err
		}
		return res.Msg.Upload, nil
	}
	undeclared := func(vid string) *uploadv1.Upload {
		t.Helper()
		res, err := e.uploads(alice).CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{
			VideoId: vid, SizeBytes: uint64(len(file)), PartSize: partSize, ContentType: "video/mp4",
		}))
		if err != nil {
			t.Fatal(err)
		}
		u := res.Msg.Upload
		if u.Sha256 != "" || u.PartsSha256 != "" || u.PartSize != partSize || u.PartCount != 3 {
			t.Fatalf("created %v", u)
		}
		return u
	}

	vid := e.newVideo(t, alice)
	u := undeclared(vid)
	putParallel(t, testenv.HTTP1Client(), u, file, e.presign(t, alice, u, file, partNumbers(u)...), 3)
	_, err := complete(u.Id, "")
	wantCode(t, err, connect.CodeInvalidArgument)
	_, err = complete(u.Id, parts[:63]+"g")
	wantCode(t, err, connect.CodeInvalidArgument)
	if got := e.get(t, u.Id); got.State != uploadv1.State_STATE_OPEN || got.CommittedBytes != uint64(len(file)) || got.PartsSha256 != "" {
		t.Fatalf("after completions without a declaration: %v", got)
	}
	done, err := complete(u.Id, parts)
	if err != nil {
		t.Fatal(err)
	}
	if done.State != uploadv1.State_STATE_COMPLETED || done.PartsSha256 != parts || done.Sha256 != "" {
		t.Fatalf("completed %v", done)
	}
	if v := e.video(t, vid); v.Status != videov1.Status_STATUS_UPLOADED || v.SizeBytes != uint64(len(file)) {
		t.Fatalf("video after upload: %v", v)
	}
	// Completed: the same declaration answers it again; another is refused.
	if again, err := complete(u.Id, parts); err != nil || again.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("completed again: %v %v", again, err)
	}
	_, err = complete(u.Id, partsSum(swapped, partSize))
	wantCode(t, err, connect.CodeInvalidArgument)

	// Named while a part is missing: refused (FailedPrecondition), the
	// upload open again with the declaration on record, which the next
	// completion need not repeat and may not change.
	vid = e.newVideo(t, alice)
	u = undeclared(vid)
	putParallel(t, testenv.HTTP1Client(), u, file, e.presign(t, alice, u, file, 1, 2), 2)
	_, err = complete(u.Id, parts)
	wantCode(t, err, connect.CodeFailedPrecondition)
	if got := e.get(t, u.Id); got.State != uploadv1.State_STATE_OPEN || got.PartsSha256 != parts {
		t.Fatalf("after a completion with a part missing: %v", got)
	}
	putParallel(t, testenv.HTTP1Client(), u, file, e.presign(t, alice, u, file, 3), 1)
	_, err = complete(u.Id, partsSum(swapFirstParts(file, partSize), partSize))
	wantCode(t, err, connect.CodeInvalidArgument)
	if done, err := complete(u.Id, ""); err != nil || done.State != uploadv1.State_STATE_COMPLETED || done.PartsSha256 != parts {
		t.Fatalf("completed with the declaration on record: %v %v", done, err)
	}

	// The right parts in the wrong places, declared for the file as it
	// should be: the upload fails, and its declaration is on record.
	vid = e.newVideo(t, alice)
	u = undeclared(vid)
	e.putAll(t, u, swapped)
	_, err = complete(u.Id, parts)
	wantCode(t, err, connect.CodeDataLoss)
	if got := e.get(t, u.Id); got.State != uploadv1.State_STATE_FAILED || got.PartsSha256 != parts {
		t.Fatalf("after a mismatch: %v", got)
	}

	// Declared when created: a completion may repeat the declaration, not
	// change it, and names none for a whole-file SHA-256.
	vid = e.newVideo(t, alice)
	u = e.createParts(t, vid, file, partSize)
	e.putAll(t, u, file)
	_, err = complete(u.Id, partsSum(swapped, partSize))
	wantCode(t, err, connect.CodeInvalidArgument)
	if got := e.get(t, u.Id); got.State != uploadv1.State_STATE_OPEN || got.PartsSha256 != parts {
		t.Fatalf("after another declaration: %v", got)
	}
	if done, err := complete(u.Id, parts); err != nil || done.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("the declaration repeated: %v %v", done, err)
	}
	vid = e.newVideo(t, alice)
	u = e.create(t, alice, vid, file)
	_, err = complete(u.Id, parts)
	wantCode(t, err, connect.CodeInvalidArgument)
	if got := e.get(t, u.Id); got.State != uploadv1.State_STATE_OPEN || got.Sha256 != hexSum(file) || got.PartsSha256 != "" {
		t.Fatalf("a whole-file upload after a parts' declaration: %v", got)
	}
}

// A stream whose upload declared no checksum declares it in its trailer,
// after the last chunk, and completes; without a trailer it ends with the
// upload open and every part stored, for CompleteUpload to declare. A
// trailer before the last byte, or a message after the trailer, is
// refused (InvalidArgument) and the parts stored stay.
func TestStreamTrailer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	const partSize = 5 * mib
	file := bigClip(t, 11*mib)
	parts := partsSum(file, partSize)
	c := e.uploads(alice, connect.WithGRPC())
	header := func(vid string) *uploadv1.UploadStreamHeader {
		return &uploadv1.UploadStreamHeader{VideoId: vid, SizeBytes: uint64(len(file)), PartSize: partSize, ContentType: "video/mp4"}
	}

	vid := e.newVideo(t, alice)
	done, err := sendTrailer(ctx, c, header(vid), file, len(file), &uploadv1.UploadStreamTrailer{PartsSha256: parts})
	if err != nil {
		t.Fatal(err)
	}
	if done.State != uploadv1.State_STATE_COMPLETED || done.PartsSha256 != parts || done.Sha256 != "" {
		t.Fatalf("streamed %v", done)
	}
	if v := e.video(t, vid); v.Status != videov1.Status_STATUS_UPLOADED {
		t.Fatalf("video %v", v)
	}

	// No trailer: open, whole; CompleteUpload declares.
	vid = e.newVideo(t, alice)
	open, err := send(ctx, c, header(vid), file, len(file))
	if err != nil {
		t.Fatal(err)
	}
	if open.State != uploadv1.State_STATE_OPEN || open.CommittedBytes != uint64(len(file)) || len(open.Parts) != 3 {
		t.Fatalf("a stream without its trailer: %v", open)
	}
	res, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: open.Id, PartsSha256: parts}))
	if err != nil || res.Msg.Upload.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("completed after the stream: %v %v", res, err)
	}

	// A trailer before the last byte, in a stream of an upload created
	// without a checksum.
	created, err := e.uploads(alice).CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{
		VideoId: e.newVideo(t, alice), SizeBytes: uint64(len(file)), PartSize: partSize, ContentType: "video/mp4",
	}))
	if err != nil {
		t.Fatal(err)
	}
	id := created.Msg.Upload.Id
	_, err = sendTrailer(ctx, c, &uploadv1.UploadStreamHeader{UploadId: id}, file, 2*partSize, &uploadv1.UploadStreamTrailer{PartsSha256: parts})
	wantCode(t, err, connect.CodeInvalidArgument)
	if got := e.get(t, id); got.State != uploadv1.State_STATE_OPEN || got.CommittedBytes != 2*partSize {
		t.Fatalf("after a trailer too early: %v", got)
	}
	// A chunk after the trailer.
	_, err = sendMsgs(ctx, c, headerMsg(&uploadv1.UploadStreamHeader{UploadId: id, Offset: 2 * partSize}),
		chunkMsg(file[2*partSize:]), trailerMsg(parts), chunkMsg([]byte{0}))
	wantCode(t, err, connect.CodeInvalidArgument)
	if got := e.get(t, id); got.State != uploadv1.State_STATE_OPEN || got.PartsSha256 != "" {
		t.Fatalf("after a chunk past the trailer: %v", got)
	}
	// A trailer for other bytes: the upload fails.
	swapped := swapFirstParts(file, partSize)
	_, err = sendTrailer(ctx, c, &uploadv1.UploadStreamHeader{UploadId: id, Offset: 2 * partSize}, file, len(file),
		&uploadv1.UploadStreamTrailer{PartsSha256: partsSum(swapped, partSize)})
	wantCode(t, err, connect.CodeDataLoss)
	if got := e.get(t, id); got.State != uploadv1.State_STATE_FAILED {
		t.Fatalf("after a trailer for other bytes: %v", got)
	}
}
