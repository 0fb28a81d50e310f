package upload_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"connectrpc.com/connect"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	"github.com/streamgate/streamgate/gen/streamgate/upload/v1/uploadv1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/upload"
)

// waitFor polls cond until it holds, failing the test after a generous
// minute (the machine may be loaded; this is no timing assertion).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(time.Minute); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("still waiting for %s after a minute", what)
		}
	}
}

// uploadState is the state of video's newest upload ("" while none).
func (e *env) uploadState(t *testing.T, videoID string) string {
	t.Helper()
	var state string
	err := e.pool.QueryRow(context.Background(),
		"SELECT coalesce((SELECT state::text FROM uploads WHERE video_id = $1 ORDER BY created_at DESC LIMIT 1), '')", videoID).Scan(&state)
	if err != nil {
		t.Fatal(err)
	}
	return state
}

// A client that sends its header and then nothing holds a slot and an S3
// multipart upload. After the idle timeout the server ends the stream
// (DeadlineExceeded), aborts the upload it opened and its multipart
// upload, and the slot serves the next stream: over gRPC, Connect on
// HTTP/2, and Connect on HTTP/1.1.
func TestStreamIdleEndsAndFreesItsSlot(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *upload.Config) {
		c.MaxStreams, c.StreamIdleTimeout = 1, time.Second
	})
	file := tinyClip(t)
	for name, client := range map[string]uploadv1connect.UploadServiceClient{
		"grpc":                e.uploads(alice, connect.WithGRPC()),
		"connect":             e.uploads(alice),
		"connect on HTTP/1.1": uploadv1connect.NewUploadServiceClient(testenv.HTTP1Client(), e.url, connect.WithInterceptors(testenv.Bearer(alice))),
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			vid := e.newVideo(t, alice)
			s := client.UploadStream(ctx)
			if err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Header{Header: &uploadv1.UploadStreamHeader{
				VideoId: vid, SizeBytes: uint64(len(file)), Sha256: hexSum(file),
			}}}); err != nil {
				t.Fatal(err)
			}
			// The client stays silent, its send side open.
			waitFor(t, "the idle stream's upload to be aborted", func() bool { return e.uploadState(t, vid) == "aborted" })
			_, err := s.CloseAndReceive()
			wantCode(t, err, connect.CodeDeadlineExceeded)
			t.Logf("idle stream: %v", err)
			if n := e.pendingMultipart(t); n != 0 {
				t.Errorf("%d S3 multipart uploads left open", n)
			}
			// The only slot is free again.
			u, err := send(context.Background(), client, &uploadv1.UploadStreamHeader{
				VideoId: vid, SizeBytes: uint64(len(file)), Sha256: hexSum(file),
			}, file, len(file))
			if err != nil || u.State != uploadv1.State_STATE_COMPLETED {
				t.Fatalf("next stream: %v %v", u, err)
			}
		})
	}
}

// A stream that opens and never sends its header is answered
// DeadlineExceeded after the header timeout. The client here is raw gRPC
// over HTTP/2 whose request body never yields a byte: the answer is the
// server's, not the client's giving up.
func TestStreamWithoutHeaderTimesOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *upload.Config) { c.StreamHeaderTimeout = time.Second })
	body, silent := io.Pipe()
	defer silent.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url+uploadv1connect.UploadServiceUploadStreamProcedure, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/grpc")
	req.Header.Set("TE", "trailers")
	req.Header.Set("Authorization", "Bearer "+alice)
	res, err := e.http.Do(req)
	if err != nil {
		t.Fatalf("no answer from the server: %v", err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	status := res.Header.Get("Grpc-Status") + res.Trailer.Get("Grpc-Status")
	msg := res.Header.Get("Grpc-Message") + res.Trailer.Get("Grpc-Message")
	if status != "4" { // DEADLINE_EXCEEDED
		t.Fatalf("grpc-status %q (%s), want 4 (deadline exceeded)", status, msg)
	}
	t.Logf("header timeout: %s", msg)
}

// One wallet cannot take every stream slot: past its own cap it is told
// so, while another wallet's stream goes through.
func TestStreamSlotsPerWallet(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *upload.Config) { c.MaxStreamsPerWallet = 1 })
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
	waitFor(t, "the first stream's upload", func() bool { return e.uploadState(t, first) != "" })
	hdr := func(who string) *uploadv1.UploadStreamHeader {
		return &uploadv1.UploadStreamHeader{VideoId: e.newVideo(t, who), SizeBytes: uint64(len(file)), Sha256: hexSum(file)}
	}
	_, err := send(ctx, e.uploads(alice), hdr(alice), file, len(file))
	wantCode(t, err, connect.CodeResourceExhausted)
	t.Logf("second stream of one wallet: %v", err)
	if u, err := send(ctx, e.uploads(bob), hdr(bob), file, len(file)); err != nil || u.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("another wallet's stream: %v %v", u, err)
	}
	if err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Chunk{Chunk: file}}); err != nil {
		t.Fatal(err)
	}
	if res, err := s.CloseAndReceive(); err != nil || res.Msg.Upload.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("first stream: %v %v", res, err)
	}
}

// A stream that stored parts before going quiet keeps them: it ends
// DeadlineExceeded, frees its slot, and the upload stays open for a
// resume from committed_bytes.
func TestIdleStreamKeepsStoredParts(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *upload.Config) {
		c.MaxStreams, c.PartSize, c.StreamIdleTimeout = 1, upload.MinPartSize, time.Second
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	file := bigClip(t, 12*mib)
	vid := e.newVideo(t, alice)
	s := e.uploads(alice).UploadStream(ctx)
	hdr := &uploadv1.UploadStreamHeader{VideoId: vid, SizeBytes: uint64(len(file)), Sha256: hexSum(file)}
	for _, m := range []*uploadv1.UploadStreamRequest{
		{Msg: &uploadv1.UploadStreamRequest_Header{Header: hdr}},
		{Msg: &uploadv1.UploadStreamRequest_Chunk{Chunk: file[:4*mib]}},
		{Msg: &uploadv1.UploadStreamRequest_Chunk{Chunk: file[4*mib : 6*mib]}},
	} {
		if err := s.Send(m); err != nil {
			t.Fatal(err)
		}
	}
	// The only slot frees once the quiet stream is ended: until then
	// another wallet's stream is told to come back.
	tiny := tinyClip(t)
	waitFor(t, "the quiet stream to free its slot", func() bool {
		_, err := send(ctx, e.uploads(bob), &uploadv1.UploadStreamHeader{
			VideoId: e.newVideo(t, bob), SizeBytes: uint64(len(tiny)), Sha256: hexSum(tiny),
		}, tiny, len(tiny))
		if err != nil && connect.CodeOf(err) != connect.CodeResourceExhausted {
			t.Fatal(err)
		}
		return err == nil
	})
	_, err := s.CloseAndReceive()
	wantCode(t, err, connect.CodeDeadlineExceeded)
	t.Logf("quiet stream with a stored part: %v", err)
	u, err := e.uploads(alice).GetUpload(ctx, connect.NewRequest(&uploadv1.GetUploadRequest{UploadId: e.latestUpload(t, vid)}))
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Msg.Upload; got.State != uploadv1.State_STATE_OPEN || got.CommittedBytes != upload.MinPartSize {
		t.Fatalf("after the quiet stream: state %v, committed %d; want open with one part", got.State, got.CommittedBytes)
	}
	done, err := send(ctx, e.uploads(alice), &uploadv1.UploadStreamHeader{UploadId: u.Msg.Upload.Id, Offset: upload.MinPartSize}, file, len(file))
	if err != nil || done.State != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("resume: %v %v", done, err)
	}
}

// latestUpload is the id of video's newest upload.
func (e *env) latestUpload(t *testing.T, videoID string) string {
	t.Helper()
	var id string
	if err := e.pool.QueryRow(context.Background(),
		"SELECT id::text FROM uploads WHERE video_id = $1 ORDER BY created_at DESC LIMIT 1", videoID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
