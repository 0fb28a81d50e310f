package server_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/gen/streamgate/upload/v1/uploadv1connect"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/internal/teststack"
	streamgate "github.com/streamgate/streamgate/sdk/go"
	"github.com/streamgate/streamgate/server"
)

// The limits hold through the whole server's handler (CORS, request log,
// sign-in), not only the services' own: an UploadStream by a signed-in
// wallet that never sends its header is answered deadline_exceeded, and
// WatchVideo streams past the per-address cap are refused.
func TestLimitsThroughTheWholeServer(t *testing.T) {
	t.Parallel()
	s := teststack.Start(t, teststack.Options{NoWorker: true, Configure: func(c *server.Config) {
		c.Svc.Upload.StreamHeaderTimeout = time.Second
		c.Svc.Video.WatchMaxPerIP = 1
	}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	creator := streamgate.New(s.URL)
	if _, err := creator.SignIn(ctx, streamgate.NewKeySigner(s.Creator), s.ChainID); err != nil {
		t.Fatal(err)
	}

	body, silent := io.Pipe()
	defer silent.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+uploadv1connect.UploadServiceUploadStreamProcedure, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/grpc")
	req.Header.Set("TE", "trailers")
	req.Header.Set("Authorization", "Bearer "+creator.Tokens().Access)
	res, err := testenv.H2CClient().Do(req)
	if err != nil {
		t.Fatalf("no answer to a stream without its header: %v", err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if status := res.Header.Get("Grpc-Status") + res.Trailer.Get("Grpc-Status"); status != "4" {
		t.Fatalf("grpc-status %q, want 4 (deadline exceeded)", status)
	}

	v, err := creator.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "watched", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	if err != nil {
		t.Fatal(err)
	}
	anon := videov1connect.NewVideoServiceClient(testenv.H2CClient(), s.URL)
	watch := connect.NewRequest(&videov1.WatchVideoRequest{Id: v.Msg.Video.Id})
	first, err := anon.WatchVideo(ctx, watch)
	if err != nil || !first.Receive() {
		t.Fatalf("first watch: %v %v", err, first.Err())
	}
	defer first.Close()
	second, err := anon.WatchVideo(ctx, watch)
	if err == nil {
		for second.Receive() {
		}
		err = second.Err()
	}
	if connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Fatalf("second watch from one address: %v, want resource_exhausted", err)
	}
}
