package streamgate_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
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

// A file written to while it is sent is refused (FailedPrecondition)
// before its upload completes, and the upload made for it is aborted, so
// the video takes the file again. Resuming an upload that declared its
// parts' checksum when it was created, with a file that no longer has
// those bytes, is refused too (the upload stays, for the right file).
func TestUploadOfAChangingFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, videoID := creatorWithVideo(t, "changing")
	data, err := os.ReadFile(teststack.NoiseMP4(t))
	if err != nil {
		t.Fatal(err)
	}
	const partSize = 5 << 20
	if len(data) <= 2*partSize {
		t.Fatalf("clip of %d bytes is under three parts", len(data))
	}
	path := filepath.Join(t.TempDir(), "clip.mp4")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var (
		id    string
		write sync.Once
	)
	opts := streamgate.UploadOptions{ContentType: "video/mp4", PartSize: partSize, Parallel: 1,
		OnCreate: func(uploadID string) { id = uploadID },
		// Once the first part is stored, the last one is written over
		// (with the same bytes: its modification time is what moves).
		Progress: func(stored, _ int64) {
			write.Do(func() {
				f, err := os.OpenFile(path, os.O_WRONLY, 0)
				if err == nil {
					_, err = f.WriteAt(data[len(data)-1:], int64(len(data)-1))
					err = errors.Join(err, f.Close())
				}
				if err != nil {
					t.Error(err)
				}
			})
		}}
	_, err = c.UploadFile(ctx, videoID, path, opts)
	if connect.CodeOf(err) != connect.CodeFailedPrecondition || !strings.Contains(err.Error(), "changed while it was sent") {
		t.Fatalf("a file written while it is sent: %v, want failed_precondition", err)
	}
	got, err := c.Uploads.GetUpload(ctx, connect.NewRequest(&uploadv1.GetUploadRequest{UploadId: id}))
	if err != nil || got.Msg.GetUpload().GetState() != uploadv1.State_STATE_ABORTED {
		t.Fatalf("the changed file's upload: %v %v, want aborted", got, err)
	}

	// An upload that declared the parts' checksum of the file as it was.
	digests := []byte{}
	for off := 0; off < len(data); off += partSize {
		d := sha256.Sum256(data[off:min(off+partSize, len(data))])
		digests = append(digests, d[:]...)
	}
	all := sha256.Sum256(digests)
	created, err := c.Uploads.CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{
		VideoId: videoID, SizeBytes: uint64(len(data)), PartsSha256: hex.EncodeToString(all[:]), PartSize: partSize,
	}))
	if err != nil {
		t.Fatal(err)
	}
	resume := streamgate.UploadOptions{ContentType: "video/mp4", UploadID: created.Msg.GetUpload().GetId()}
	_, err = c.Upload(ctx, videoID, changingFile{data, partSize}, int64(len(data)), resume)
	if connect.CodeOf(err) != connect.CodeFailedPrecondition || !strings.Contains(err.Error(), "changed") {
		t.Fatalf("changing file: %v, want failed_precondition", err)
	}
	up, err := c.Upload(ctx, videoID, bytes.NewReader(data), int64(len(data)), resume)
	if err != nil || up.GetState() != uploadv1.State_STATE_COMPLETED || up.GetPartsSha256() != hex.EncodeToString(all[:]) {
		t.Fatalf("the file as declared: %v %v", up, err)
	}
}

// A part size the object store does not take is refused before anything
// is sent.
func TestUploadPartSizeBounds(t *testing.T) {
	t.Parallel()
	c, videoID := creatorWithVideo(t, "parts")
	opts := streamgate.UploadOptions{PartSize: 4 << 20}
	if _, err := c.Upload(context.Background(), videoID, bytes.NewReader(make([]byte, 1<<20)), 1<<20, opts); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Fatalf("4 MiB parts: %v, want invalid_argument", err)
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
