package upload_test

import (
	"context"
	"net/http"
	"testing"

	"connectrpc.com/connect"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
)

const chunk = 4 * mib

// streamer is an upload client that streams.
type streamer interface {
	UploadStream(context.Context) *connect.ClientStreamForClient[uploadv1.UploadStreamRequest, uploadv1.UploadStreamResponse]
}

// send streams file[from:to] after hdr, and closes the stream.
func send(ctx context.Context, c streamer, hdr *uploadv1.UploadStreamHeader, file []byte, to int) (*uploadv1.Upload, error) {
	return sendTrailer(ctx, c, hdr, file, to, nil)
}

// sendTrailer is send, with the trailer (when not nil) after the chunks.
func sendTrailer(ctx context.Context, c streamer, hdr *uploadv1.UploadStreamHeader, file []byte, to int, trailer *uploadv1.UploadStreamTrailer) (*uploadv1.Upload, error) {
	var msgs []*uploadv1.UploadStreamRequest
	from := 0
	if hdr != nil {
		from = int(hdr.Offset)
		msgs = append(msgs, headerMsg(hdr))
	} else {
		to = min(chunk, len(file)) // a stream without its header: one chunk
	}
	if from < to {
		msgs = append(msgs, chunkMsgs(file[from:to])...)
	}
	if trailer != nil {
		msgs = append(msgs, trailerMsg(trailer.PartsSha256))
	}
	return sendMsgs(ctx, c, msgs...)
}

// sendMsgs sends msgs as one stream and closes it.
func sendMsgs(ctx context.Context, c streamer, msgs ...*uploadv1.UploadStreamRequest) (*uploadv1.Upload, error) {
	s := c.UploadStream(ctx)
	for _, m := range msgs {
		if s.Send(m) != nil {
			break // the server answered early; CloseAndReceive has its error
		}
	}
	res, err := s.CloseAndReceive()
	if err != nil {
		return nil, err
	}
	return res.Msg.Upload, nil
}

// Messages of an upload stream, for tests that build one by hand.
func headerMsg(h *uploadv1.UploadStreamHeader) *uploadv1.UploadStreamRequest {
	return &uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Header{Header: h}}
}

func chunkMsg(b []byte) *uploadv1.UploadStreamRequest {
	return &uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Chunk{Chunk: b}}
}

// chunkMsgs are b as chunks of at most chunk bytes.
func chunkMsgs(b []byte) []*uploadv1.UploadStreamRequest {
	var msgs []*uploadv1.UploadStreamRequest
	for off := 0; off < len(b); off += chunk {
		msgs = append(msgs, chunkMsg(b[off:min(off+chunk, len(b))]))
	}
	return msgs
}

// seq flattens messages and lists of them into one stream's.
func seq(items ...any) []*uploadv1.UploadStreamRequest {
	var msgs []*uploadv1.UploadStreamRequest
	for _, it := range items {
		switch m := it.(type) {
		case *uploadv1.UploadStreamRequest:
			msgs = append(msgs, m)
		case []*uploadv1.UploadStreamRequest:
			msgs = append(msgs, m...)
		default:
			panic("seq: not a message")
		}
	}
	return msgs
}

func checksumMsg(n int, sha256 string) *uploadv1.UploadStreamRequest {
	return &uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_PartChecksum{PartChecksum: &uploadv1.PartChecksum{Number: uint32(n), Sha256: sha256}}}
}

func trailerMsg(partsSHA256 string) *uploadv1.UploadStreamRequest {
	return &uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Trailer{Trailer: &uploadv1.UploadStreamTrailer{PartsSha256: partsSHA256}}}
}

// The same 64 MiB file through client streaming: a stream that ends early,
// one cut off by the client, and a resume that finishes, over gRPC and
// Connect.
func TestStreamInterruptedAndResumed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	file := bigClip(t, 64*mib)
	for name, opts := range map[string][]connect.ClientOption{"grpc": {connect.WithGRPC()}, "connect": nil} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			c := e.uploads(alice, opts...)
			vid := e.newVideo(t, alice)
			hdr := &uploadv1.UploadStreamHeader{VideoId: vid, SizeBytes: uint64(len(file)), Sha256: hexSum(file), ContentType: "video/mp4"}
			// 40 MiB, then the stream ends: two full parts are kept.
			u, err := send(ctx, c, hdr, file, 40*mib)
			if err != nil {
				t.Fatal(err)
			}
			if u.State != uploadv1.State_STATE_OPEN || u.CommittedBytes != 32*mib || len(u.Parts) != 2 {
				t.Fatalf("after a short stream: %v", u)
			}
			// Resuming where nothing is stored yet, or off a part boundary, is refused.
			for _, off := range []uint64{48 * mib, 32*mib + 1} {
				_, err = send(ctx, c, &uploadv1.UploadStreamHeader{UploadId: u.Id, Offset: off}, file, int(off)+chunk)
				wantCode(t, err, connect.CodeFailedPrecondition)
			}
			// The client is cut off mid-stream.
			cut, cancel := context.WithCancel(ctx)
			s := c.UploadStream(cut)
			_ = s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Header{Header: &uploadv1.UploadStreamHeader{UploadId: u.Id, Offset: 32 * mib}}})
			for off := 32 * mib; off < 52*mib; off += chunk {
				_ = s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Chunk{Chunk: file[off : off+chunk]}})
			}
			cancel()
			_, _ = s.CloseAndReceive()

			// Another device resumes from what GetUpload reports.
			got := e.get(t, u.Id)
			if got.CommittedBytes < 32*mib || got.CommittedBytes%(16*mib) != 0 {
				t.Fatalf("resume point %d", got.CommittedBytes)
			}
			done, err := send(ctx, c, &uploadv1.UploadStreamHeader{UploadId: u.Id, Offset: got.CommittedBytes}, file, len(file))
			if err != nil {
				t.Fatal(err)
			}
			if done.State != uploadv1.State_STATE_COMPLETED {
				t.Fatalf("after the last stream: %v", done)
			}
			if v := e.video(t, vid); v.Status != videov1.Status_STATUS_UPLOADED || v.VideoCodec != "h264" {
				t.Fatalf("video %v", v)
			}
		})
	}
}

// A small file in one stream, from the first byte to completion.
func TestStreamWhole(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	file := tinyClip(t)
	vid := e.newVideo(t, alice)
	u, err := send(context.Background(), e.uploads(alice), &uploadv1.UploadStreamHeader{
		VideoId: vid, SizeBytes: uint64(len(file)), Sha256: hexSum(file),
	}, file, len(file))
	if err != nil {
		t.Fatal(err)
	}
	if u.State != uploadv1.State_STATE_COMPLETED || u.PartCount != 1 {
		t.Fatalf("upload %v", u)
	}
}

// The transcode job a completed upload enqueues has the attempts the
// queue's owner (transcode) sets, whether or not this process hosts it.
func TestEnqueueTakesTheQueueSettings(t *testing.T) {
	t.Parallel()
	queue := transcode.DefaultConfig()
	queue.MaxAttempts = 2
	e := newEnvQueue(t, nil, queue)
	file := tinyClip(t)
	vid := e.newVideo(t, alice)
	if _, err := send(context.Background(), e.uploads(alice), &uploadv1.UploadStreamHeader{
		VideoId: vid, SizeBytes: uint64(len(file)), Sha256: hexSum(file),
	}, file, len(file)); err != nil {
		t.Fatal(err)
	}
	var attempts int
	if err := e.pool.QueryRow(context.Background(), "SELECT max_attempts FROM transcode_jobs WHERE video_id = $1", vid).Scan(&attempts); err != nil || attempts != 2 {
		t.Fatalf("max_attempts %d, %v; want the queue's 2", attempts, err)
	}
}

// Streams hold memory, so a server takes only so many at once; the rest
// are told to come back (presigned parts are not limited this way).
func TestStreamLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *upload.Config) { c.MaxStreams = 1 })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	file := tinyClip(t)
	first := e.newVideo(t, alice)
	s := e.uploads(alice).UploadStream(ctx)
	if err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Header{Header: &uploadv1.UploadStreamHeader{
		VideoId: first, SizeBytes: uint64(len(file)), Sha256: hexSum(file),
	}}}); err != nil {
		t.Fatal(err)
	}
	// The first stream holds its slot once its upload exists.
	for n := 0; n == 0; {
		if err := e.pool.QueryRow(ctx, "SELECT count(*) FROM uploads WHERE video_id = $1", first).Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	_, err := send(ctx, e.uploads(alice), &uploadv1.UploadStreamHeader{
		VideoId: e.newVideo(t, alice), SizeBytes: uint64(len(file)), Sha256: hexSum(file),
	}, file, len(file))
	wantCode(t, err, connect.CodeResourceExhausted)
	// The first stream finishes normally and frees its slot.
	if err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Chunk{Chunk: file}}); err != nil {
		t.Fatal(err)
	}
	res, err := s.CloseAndReceive()
	if err != nil || res.Msg.Upload.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("first stream: %v %v", res, err)
	}
	if _, err := send(ctx, e.uploads(alice), &uploadv1.UploadStreamHeader{
		VideoId: e.newVideo(t, alice), SizeBytes: uint64(len(file)), Sha256: hexSum(file),
	}, file, len(file)); err != nil {
		t.Fatal(err)
	}
}

// An upload whose every part is stored but which was never completed (its
// server died in between) is finished by a stream resuming at
// committed_bytes, the size, which is no part boundary: the stream sends
// no chunk and gets the completed upload.
func TestStreamResumeAtTheEndCompletes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	file := bigClip(t, 21*mib) // one full part and a short one
	vid := e.newVideo(t, alice)
	u := e.create(t, alice, vid, file)
	browser := testenv.HTTP1Client()
	for _, p := range e.presign(t, alice, u, file, 1, 2) {
		if code, msg := put(t, browser, p, partOf(u, file, p.Number)); code != http.StatusOK {
			t.Fatalf("part %d: %d %s", p.Number, code, msg)
		}
	}
	got := e.get(t, u.Id)
	if got.CommittedBytes != uint64(len(file)) || got.CommittedBytes%got.PartSize == 0 {
		t.Fatalf("committed %d of %d (part size %d): want the whole, short last part", got.CommittedBytes, len(file), got.PartSize)
	}
	c := e.uploads(alice, connect.WithGRPC())
	// Past the end, or inside the short last part: refused, nothing changed.
	for _, off := range []uint64{got.CommittedBytes + 1, got.CommittedBytes - 1} {
		_, err := send(context.Background(), c, &uploadv1.UploadStreamHeader{UploadId: u.Id, Offset: off}, file, len(file))
		wantCode(t, err, connect.CodeFailedPrecondition)
	}
	if again := e.get(t, u.Id); again.State != uploadv1.State_STATE_OPEN || again.CommittedBytes != got.CommittedBytes {
		t.Fatalf("after refused resumes: %v", again)
	}
	done, err := send(context.Background(), c, &uploadv1.UploadStreamHeader{UploadId: u.Id, Offset: got.CommittedBytes}, file, len(file))
	if err != nil {
		t.Fatalf("resume at committed_bytes = size: %v", err)
	}
	if done.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("resumed at the end: %v, want completed", done)
	}
}
