package upload_test

import (
	"context"
	"strings"
	"testing"

	"connectrpc.com/connect"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
)

// partMsgs are file[from:to] as a stream that sends each part's checksum
// does: chunks (of at most chunk bytes) cut at the part boundaries, and
// after each part's last one, its SHA-256. A part that to cuts short gets
// no checksum.
func partMsgs(file []byte, from, to, partSize int) []*uploadv1.UploadStreamRequest {
	var msgs []*uploadv1.UploadStreamRequest
	for off := from; off < to; {
		n := off/partSize + 1
		end := min(n*partSize, len(file))
		for ; off < min(end, to); off += chunk {
			msgs = append(msgs, chunkMsg(file[off:min(off+chunk, end, to)]))
		}
		if off >= end {
			off = end
			msgs = append(msgs, checksumMsg(n, b64Sum(file[(n-1)*partSize:end])))
		}
	}
	return msgs
}

// A stream that sends each part's SHA-256 after the part: S3 checks each
// part against the client's digest (the server hashes none), a part that
// does not match is refused alone with data_loss, and every message out
// of order is refused with invalid_argument, the upload keeping what it
// had stored.
func TestStreamPartChecksums(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	const partSize = 5 * mib
	file := bigClip(t, 11*mib) // parts of 5, 5 and 1 MiB
	part := func(n int) []byte { return file[(n-1)*partSize : min(n*partSize, len(file))] }
	parts := partsSum(file, partSize)
	c := e.uploads(alice, connect.WithGRPC())
	// stored checks the upload is open with parts 1..n stored, each with
	// its own SHA-256.
	stored := func(what, id string, n int) {
		t.Helper()
		got := e.get(t, id)
		if got.State != uploadv1.State_STATE_OPEN || got.CommittedBytes != uint64(n*partSize) || len(got.Parts) != n {
			t.Fatalf("%s: %v", what, got)
		}
		for _, p := range got.Parts {
			if p.Sha256 != b64Sum(part(int(p.Number))) {
				t.Fatalf("%s: part %d stored with SHA-256 %s", what, p.Number, p.Sha256)
			}
		}
	}

	// A new upload that declares nothing up front: the parts' checksums,
	// then the trailer's composite.
	vid := e.newVideo(t, alice)
	hdr := &uploadv1.UploadStreamHeader{VideoId: vid, SizeBytes: uint64(len(file)), PartSize: partSize, ContentType: "video/mp4", PartChecksums: true}
	done, err := sendMsgs(ctx, c, seq(headerMsg(hdr), partMsgs(file, 0, len(file), partSize), trailerMsg(parts))...)
	if err != nil {
		t.Fatal(err)
	}
	if done.State != uploadv1.State_STATE_COMPLETED || done.PartsSha256 != parts {
		t.Fatalf("streamed with the parts' checksums: %v", done)
	}
	if v := e.video(t, vid); v.Status != videov1.Status_STATUS_UPLOADED {
		t.Fatalf("video %v", v)
	}
	// The whole file's SHA-256 declared in the header: still checked.
	vid = e.newVideo(t, alice)
	hdr = &uploadv1.UploadStreamHeader{VideoId: vid, SizeBytes: uint64(len(file)), PartSize: partSize, Sha256: hexSum(file), PartChecksums: true}
	if done, err = sendMsgs(ctx, c, seq(headerMsg(hdr), partMsgs(file, 0, len(file), partSize))...); err != nil || done.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("whole file declared: %v %v", done, err)
	}

	// One upload through every mistake, each refused with what was
	// stored before kept.
	created, err := e.uploads(alice).CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{
		VideoId: e.newVideo(t, alice), SizeBytes: uint64(len(file)), PartSize: partSize, ContentType: "video/mp4",
	}))
	if err != nil {
		t.Fatal(err)
	}
	id := created.Msg.Upload.Id
	at := func(off int) *uploadv1.UploadStreamRequest {
		return headerMsg(&uploadv1.UploadStreamHeader{UploadId: id, Offset: uint64(off), PartChecksums: true})
	}
	// Part 1 with part 2's digest: S3 refuses it, nothing is stored.
	_, err = sendMsgs(ctx, c, seq(at(0), chunkMsgs(part(1)), checksumMsg(1, b64Sum(part(2))))...)
	wantCode(t, err, connect.CodeDataLoss)
	stored("part 1 with another part's checksum", id, 0)
	// A part_checksum in a stream that did not say it sends them (part 1
	// was stored with the server's own hash before it).
	plain := headerMsg(&uploadv1.UploadStreamHeader{UploadId: id})
	_, err = sendMsgs(ctx, c, seq(plain, chunkMsgs(part(1)), checksumMsg(1, b64Sum(part(1))))...)
	wantCode(t, err, connect.CodeInvalidArgument)
	stored("a part_checksum the header did not announce", id, 1)
	for _, c2 := range []struct {
		what string
		msgs []*uploadv1.UploadStreamRequest
	}{
		{"the next part's bytes before the checksum", seq(at(partSize), chunkMsgs(part(2)), chunkMsg(part(3)))},
		{"another part's number", seq(at(partSize), chunkMsgs(part(2)), checksumMsg(3, b64Sum(part(2))))},
		{"a checksum inside the part", seq(at(partSize), chunkMsg(part(2)[:mib]), checksumMsg(2, b64Sum(part(2))))},
		{"a chunk across the parts' boundary", seq(at(partSize), chunkMsg(part(2)[:chunk]), chunkMsg(file[partSize+chunk:2*partSize+1]))},
		{"a header in the middle", seq(at(partSize), chunkMsgs(part(2)), at(partSize))},
		{"a second checksum", seq(at(partSize), chunkMsgs(part(2)), checksumMsg(2, b64Sum(part(2))), checksumMsg(2, b64Sum(part(2))))},
	} {
		_, err = sendMsgs(ctx, c, c2.msgs...)
		wantCode(t, err, connect.CodeInvalidArgument)
		// A second checksum comes after part 2 was whole and checked.
		if c2.what == "a second checksum" {
			stored(c2.what, id, 2)
		} else {
			stored(c2.what, id, 1)
		}
	}
	// The last part without its checksum, then with the trailer first.
	_, err = sendMsgs(ctx, c, at(2*partSize), chunkMsg(part(3)))
	wantCode(t, err, connect.CodeInvalidArgument)
	stored("the stream ended before the last part's checksum", id, 2)
	_, err = sendMsgs(ctx, c, at(2*partSize), chunkMsg(part(3)), trailerMsg(parts))
	wantCode(t, err, connect.CodeInvalidArgument)
	stored("the trailer before the last part's checksum", id, 2)
	// A second checksum after the last part's: refused, the parts kept
	// (the last one was whole and checked).
	_, err = sendMsgs(ctx, c, at(2*partSize), chunkMsg(part(3)), checksumMsg(3, b64Sum(part(3))), checksumMsg(3, b64Sum(part(3))))
	wantCode(t, err, connect.CodeInvalidArgument)
	if !strings.Contains(err.Error(), "after the last part's") {
		t.Errorf("a checksum after the last part's: %v", err)
	}
	if got := e.get(t, id); got.State != uploadv1.State_STATE_OPEN || got.CommittedBytes != uint64(len(file)) {
		t.Fatalf("after a checksum past the last part's: %v", got)
	}
	// Resumed right, it completes.
	done, err = sendMsgs(ctx, c, seq(at(2*partSize), partMsgs(file, 2*partSize, len(file), partSize), trailerMsg(parts))...)
	if err != nil || done.State != uploadv1.State_STATE_COMPLETED || done.PartsSha256 != parts {
		t.Fatalf("resumed with the parts' checksums: %v %v", done, err)
	}
}
