package streamgate_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/internal/teststack"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

func TestSignInOverEveryProtocol(t *testing.T) {
	t.Parallel()
	s := teststack.Start(t, teststack.Options{NoWorker: true})
	for name, p := range map[string]streamgate.Protocol{
		"connect": streamgate.ProtocolConnect, "grpc": streamgate.ProtocolGRPC, "grpc-web": streamgate.ProtocolGRPCWeb,
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			c := streamgate.New(s.URL, streamgate.WithProtocol(p))
			signer := streamgate.NewKeySigner(s.Creator)
			addr, err := c.SignIn(ctx, signer, s.ChainID)
			if err != nil {
				t.Fatal(err)
			}
			if addr != signer.Address() {
				t.Fatalf("signed in as %s, want %s", addr, signer.Address())
			}
			who, err := c.Auth.WhoAmI(ctx, connect.NewRequest(&authv1.WhoAmIRequest{}))
			if err != nil || who.Msg.GetAddress() != addr {
				t.Fatalf("whoami: %v %v", who, err)
			}
		})
	}
}

func TestTokensRefreshThemselves(t *testing.T) {
	t.Parallel()
	s := teststack.Start(t, teststack.Options{NoWorker: true})
	ctx := context.Background()
	c := streamgate.New(s.URL)
	if _, err := c.SignIn(ctx, streamgate.NewKeySigner(s.Creator), s.ChainID); err != nil {
		t.Fatal(err)
	}
	// Pretend the access token is about to expire: the next call must
	// rotate the pair first and still succeed.
	old := c.Tokens()
	stale := old
	stale.AccessExpiry = time.Now()
	c.SetTokens(stale)
	if _, err := c.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "after refresh", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	})); err != nil {
		t.Fatal(err)
	}
	if c.Tokens().Refresh == old.Refresh {
		t.Fatal("refresh token was not rotated")
	}
	// The old refresh token is spent: presenting it again is reuse, which
	// revokes the session, so the client is signed out.
	reuse := streamgate.New(s.URL)
	reuse.SetTokens(stale)
	_, err := reuse.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "replayed", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	if connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("reused refresh token: got %v, want unauthenticated", err)
	}
	_, err = c.Auth.WhoAmI(ctx, connect.NewRequest(&authv1.WhoAmIRequest{}))
	if connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("after reuse the session must be revoked, got %v", err)
	}
}

// TestUploadResumeWatchAuthorize is the creator's and viewer's whole path
// through the SDK, with an upload interrupted after its first part.
func TestUploadResumeWatchAuthorize(t *testing.T) {
	t.Parallel()
	s := teststack.Start(t, teststack.Options{})
	ctx := context.Background()
	creator := streamgate.New(s.URL)
	if _, err := creator.SignIn(ctx, streamgate.NewKeySigner(s.Creator), s.ChainID); err != nil {
		t.Fatal(err)
	}
	v, err := creator.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "noise", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	if err != nil {
		t.Fatal(err)
	}
	videoID := v.Msg.GetVideo().GetId()
	path := teststack.NoiseMP4(t)

	uploadID := interruptedUpload(t, creator, videoID, path)

	// Resume from a second client, as from another device.
	other := streamgate.New(s.URL)
	other.SetTokens(creator.Tokens())
	var first atomic.Int64
	first.Store(-1)
	up, err := other.UploadFile(ctx, videoID, path, streamgate.UploadOptions{
		UploadID: uploadID, Parallel: 1,
		Progress: func(stored, _ int64) { first.CompareAndSwap(-1, stored) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if up.GetState() != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("upload state %s", up.GetState())
	}
	if first.Load() < int64(up.GetPartSize()) {
		t.Fatalf("resume re-sent the first part: first progress %d", first.Load())
	}

	ready, err := other.WaitReady(ctx, videoID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ready.GetRenditions()) == 0 {
		t.Fatal("ready video without renditions")
	}

	rule := &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
		ChainId: s.ChainID, Contract: s.NFT.Hex(), Standard: gatev1.Standard_STANDARD_ERC721,
	}}}
	if _, err := creator.Gate.SetAccessRule(ctx, connect.NewRequest(&gatev1.SetAccessRuleRequest{VideoId: videoID, Rule: rule})); err != nil {
		t.Fatal(err)
	}

	holder := streamgate.New(s.URL)
	if _, err := holder.SignIn(ctx, streamgate.NewKeySigner(s.Holder), s.ChainID); err != nil {
		t.Fatal(err)
	}
	grant, err := holder.Authorize(ctx, videoID)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(grant.GetPlaybackUrl())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(body[:7]) != "#EXTM3U" {
		t.Fatalf("master playlist: %d %q", res.StatusCode, body)
	}
	renewed, err := holder.Renew(ctx, grant.GetToken())
	if err != nil || renewed.GetToken() == "" {
		t.Fatalf("renew: %v", err)
	}

	stranger := streamgate.New(s.URL)
	if _, err := stranger.SignIn(ctx, streamgate.NewKeySigner(s.Stranger), s.ChainID); err != nil {
		t.Fatal(err)
	}
	if _, err := stranger.Authorize(ctx, videoID); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("stranger: got %v, want permission_denied", err)
	}
}

// interruptedUpload starts an upload and cancels it once its first part
// is stored, returning the upload id to resume.
func interruptedUpload(t *testing.T, c *streamgate.Client, videoID, path string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var id string
	_, err := c.UploadFile(ctx, videoID, path, streamgate.UploadOptions{
		Parallel: 1, PartSize: 5 << 20, // several parts, so that one is stored before the rest
		OnCreate: func(uploadID string) { id = uploadID },
		Progress: func(stored, total int64) {
			if stored < total {
				cancel()
			}
		},
	})
	if !errors.Is(err, context.Canceled) && connect.CodeOf(err) != connect.CodeCanceled {
		t.Fatalf("interrupted upload: got %v, want canceled", err)
	}
	if id == "" {
		t.Fatal("no upload id reported")
	}
	return id
}

// creatorWithVideo starts a stack without a transcoder worker, signs its
// creator in and creates a public video titled title.
func creatorWithVideo(t *testing.T, title string) (*streamgate.Client, string) {
	t.Helper()
	s := teststack.Start(t, teststack.Options{NoWorker: true})
	ctx := context.Background()
	c := streamgate.New(s.URL)
	if _, err := c.SignIn(ctx, streamgate.NewKeySigner(s.Creator), s.ChainID); err != nil {
		t.Fatal(err)
	}
	v, err := c.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: title, Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	if err != nil {
		t.Fatal(err)
	}
	return c, v.Msg.GetVideo().GetId()
}

// changingFile is a file whose second part reads differently once it is
// read whole (as the upload sends it), after it was hashed.
type changingFile struct {
	data     []byte
	partSize int
}

func (f changingFile) ReadAt(p []byte, off int64) (int, error) {
	n := copy(p, f.data[off:])
	if len(p) == f.partSize && off == int64(f.partSize) {
		p[0] ^= 0xff
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// A file that changes between its hashing and its upload is refused
// (FailedPrecondition) without retries, and the upload made for it is
// aborted, so the video takes the file again.
func TestUploadOfAChangingFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, videoID := creatorWithVideo(t, "changing")
	data, err := os.ReadFile(teststack.NoiseMP4(t))
	if err != nil {
		t.Fatal(err)
	}
	const partSize = 5 << 20
	if len(data) <= partSize {
		t.Fatalf("clip of %d bytes is one part", len(data))
	}
	opts := streamgate.UploadOptions{ContentType: "video/mp4", PartSize: partSize}
	_, err = c.Upload(ctx, videoID, changingFile{data, partSize}, int64(len(data)), opts)
	if connect.CodeOf(err) != connect.CodeFailedPrecondition || !strings.Contains(err.Error(), "changed") {
		t.Fatalf("changing file: %v, want failed_precondition", err)
	}
	opts.PartSize = 4 << 20
	if _, err := c.Upload(ctx, videoID, bytes.NewReader(data), int64(len(data)), opts); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Fatalf("4 MiB parts: %v, want invalid_argument", err)
	}
	opts.PartSize = partSize
	up, err := c.Upload(ctx, videoID, bytes.NewReader(data), int64(len(data)), opts)
	if err != nil || up.GetState() != uploadv1.State_STATE_COMPLETED {
		t.Fatalf("the file again: %v %v", up, err)
	}
}

func TestWaitReadyReportsFailure(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, videoID := creatorWithVideo(t, "not a video")
	f, err := os.CreateTemp(t.TempDir(), "*.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("this is plain text, not a video\n")
	f.Close()
	if _, err := c.UploadFile(ctx, videoID, f.Name(), streamgate.UploadOptions{ContentType: "video/mp4"}); err != nil {
		t.Logf("upload answered %v", err)
	}
	_, err = c.WaitReady(ctx, videoID, nil)
	if !errors.Is(err, streamgate.ErrVideoFailed) {
		t.Fatalf("got %v, want ErrVideoFailed with a reason", err)
	}
}
