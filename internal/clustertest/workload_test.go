package clustertest

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/contracts/devnet"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/internal/teststack"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// transient tells the errors a client retries while servers, workers and
// PostgreSQL are killed: what a proxy in front of a dead backend answers
// and a server whose database is down (unavailable), a response cut
// mid-body (unknown), a deadline, and a server at its cap of concurrent
// completions, which says to retry later (resource_exhausted).
func transient(err error) bool {
	switch connect.CodeOf(err) {
	case connect.CodeUnavailable, connect.CodeUnknown, connect.CodeDeadlineExceeded, connect.CodeResourceExhausted:
		return true
	}
	return false
}

// retry calls f until it succeeds, or fails the test on an error that is
// not transient or after three minutes.
func retry[T any](t *testing.T, e *errs, what string, f func(ctx context.Context) (T, error)) T {
	deadline := time.Now().Add(3 * time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		v, err := f(ctx)
		cancel()
		if err == nil {
			return v
		}
		if !transient(err) || time.Now().After(deadline) {
			t.Errorf("%s: %v", what, err)
			var zero T
			return zero
		}
		e.add(what + ":" + connect.CodeOf(err).String())
		time.Sleep(200 * time.Millisecond)
	}
}

// TestCluster is the cluster proof (see the package doc and the README's
// "Proven together").
func TestCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("the cluster test builds and runs a dozen processes")
	}
	c := startCluster(t)
	var e errs
	tiny, noise, long := teststack.TinyMP4(t), teststack.NoiseMP4(t), longMP4(t)

	creators := []*ecdsa.PrivateKey{devnet.Key("cluster-creator-0"), devnet.Key("cluster-creator-1"), devnet.Key("cluster-creator-2")}
	holders := []*ecdsa.PrivateKey{devnet.Key("cluster-holder-0"), devnet.Key("cluster-holder-1"), devnet.Key("cluster-holder-2"), devnet.Key("cluster-holder-3")}
	strangers := []*ecdsa.PrivateKey{devnet.Key("cluster-stranger-0"), devnet.Key("cluster-stranger-1")}
	c.mint(holders)

	// Creators: each signs in, makes two videos (one uploaded through
	// presigned part PUTs, one through a slow gRPC UploadStream), and
	// follows both with WatchVideo until ready. Creator 0 also uploads a
	// longer clip, so a worker is surely caught mid-encode.
	var streamsMid, watching atomic.Int64
	var wg sync.WaitGroup
	videos := make(chan string, 16)
	uploadsDone := make(chan struct{})
	var uploading sync.WaitGroup
	for i, key := range creators {
		uploading.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			cc := c.signIn(&e, key, true)
			g := c.grpcClient()
			g.SetTokens(cc.Tokens())
			var mine []string
			v1 := c.createVideo(&e, cc, fmt.Sprintf("presigned %d", i))
			c.uploadPresigned(&e, cc, v1, tiny)
			mine = append(mine, v1)
			if i == 0 {
				vl := c.createVideo(&e, cc, "long")
				c.uploadPresigned(&e, cc, vl, long)
				mine = append(mine, vl)
			}
			v2 := c.createVideo(&e, cc, fmt.Sprintf("streamed %d", i))
			mine = append(mine, v2)
			var ready sync.WaitGroup
			for _, id := range mine {
				ready.Add(1)
				go func() {
					defer ready.Done()
					c.waitReady(&e, cc, id, &watching)
				}()
			}
			c.uploadStream(&e, cc, g, v2, noise, &streamsMid)
			uploading.Done()
			ready.Wait()
			for _, id := range mine {
				videos <- id
			}
		}()
	}
	go func() {
		uploading.Wait()
		close(uploadsDone)
	}()

	// A worker is SIGKILLed while its ffmpeg runs, and started again.
	encodeKilled := make(chan int, 1)
	go func() {
		deadline := time.Now().Add(4 * time.Minute)
		for time.Now().Before(deadline) {
			for i, w := range c.workers {
				if child := ffmpegChild(w.pid()); child != 0 {
					w.kill()
					time.Sleep(time.Second)
					w.start(t)
					encodeKilled <- i
					return
				}
			}
			time.Sleep(15 * time.Millisecond)
		}
		close(encodeKilled)
	}()

	// Servers are SIGKILLed mid-UploadStream (api) and mid-WatchVideo
	// (all, which also serves uploads and watches), each started again.
	waitFor(t, "two upload streams past their first part", func() bool { return streamsMid.Load() >= 2 })
	c.killServer("api")
	waitFor(t, "three WatchVideo streams open", func() bool { return watching.Load() >= 3 })
	c.killServer("all")

	// PostgreSQL restarts once the uploads are in (their jobs queued or
	// running), under every server, worker and watcher.
	<-uploadsDone
	c.pg.restart(t)
	t.Log("restarted PostgreSQL")

	wg.Wait()
	close(videos)
	var all []string
	for id := range videos {
		all = append(all, id)
	}
	if i, ok := <-encodeKilled; ok {
		t.Logf("SIGKILLed worker %d mid-encode", i)
	} else {
		t.Error("no worker was ever seen running ffmpeg: the mid-encode kill did not happen")
	}
	if e.get("stream-broken") == 0 {
		t.Error("no UploadStream broke: the kills did not land mid-UploadStream")
	}
	if e.get("watch-broken") == 0 {
		t.Error("no WatchVideo stream broke: the kills did not land mid-WatchVideo")
	}
	if t.Failed() {
		t.FailNow()
	}

	c.viewers(&e, creators, holders, strangers, all)
	c.crossReplica(&e, holders[0], all[0])
	c.checkState(all)
	t.Logf("retried transient errors: %s", &e)
	c.throughput(&e, creators[1], tiny)
	c.checkClaimLog()
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 3 minutes for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (c *cluster) signIn(e *errs, key *ecdsa.PrivateKey, connectProtocol bool) *streamgate.Client {
	cl := c.connectClient()
	if !connectProtocol {
		cl = c.grpcClient()
	}
	retry(c.t, e, "sign-in", func(ctx context.Context) (string, error) {
		return cl.SignIn(ctx, streamgate.NewKeySigner(key), c.chainID)
	})
	return cl
}

func (c *cluster) createVideo(e *errs, cl *streamgate.Client, title string) string {
	return retry(c.t, e, "create", func(ctx context.Context) (string, error) {
		v, err := cl.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
			Title: title, Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
		}))
		if err != nil {
			return "", err
		}
		return v.Msg.GetVideo().GetId(), nil
	})
}

// uploadPresigned uploads through presigned part PUTs, resuming the same
// upload after a failure.
func (c *cluster) uploadPresigned(e *errs, cl *streamgate.Client, videoID, path string) {
	var id string
	retry(c.t, e, "upload", func(ctx context.Context) (*uploadv1.Upload, error) {
		up, err := cl.UploadFile(ctx, videoID, path, streamgate.UploadOptions{UploadID: id, OnCreate: func(u string) { id = u }})
		if connect.CodeOf(err) == connect.CodeFailedPrecondition && id != "" && c.settle(e, cl, id) {
			return nil, nil
		}
		return up, err
	})
}

// settle finishes an upload left verifying by a completion whose server
// died: CompleteUpload takes it over once --upload-verify-stale has
// passed (until then it answers failed_precondition). It returns false
// when the upload is open, for the caller to resume.
func (c *cluster) settle(e *errs, cl *streamgate.Client, id string) bool {
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		cur := retry(c.t, e, "get-upload", func(ctx context.Context) (*uploadv1.Upload, error) {
			r, err := cl.Uploads.GetUpload(ctx, connect.NewRequest(&uploadv1.GetUploadRequest{UploadId: id}))
			if err != nil {
				return nil, err
			}
			return r.Msg.GetUpload(), nil
		})
		switch cur.GetState() {
		case uploadv1.State_STATE_COMPLETED:
			return true
		case uploadv1.State_STATE_VERIFYING:
		default:
			return false
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, err := cl.Uploads.CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: id}))
		cancel()
		if err == nil {
			e.add("verify-taken-over")
			return true
		}
		if !transient(err) && connect.CodeOf(err) != connect.CodeFailedPrecondition {
			c.t.Errorf("complete stranded upload %s: %v", id, err)
			return true
		}
		time.Sleep(time.Second)
	}
	c.t.Errorf("upload %s still verifying after 3 minutes", id)
	return true
}

// uploadStream uploads over gRPC UploadStream in 256 KiB chunks with a
// pause between them, so a stream lasts seconds; a broken stream resumes
// at the offset GetUpload reports.
func (c *cluster) uploadStream(e *errs, cl, g *streamgate.Client, videoID, path string, mid *atomic.Int64) {
	data, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	up := retry(c.t, e, "create-upload", func(ctx context.Context) (*uploadv1.Upload, error) {
		r, err := cl.Uploads.CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{
			VideoId: videoID, SizeBytes: uint64(len(data)), Sha256: hex.EncodeToString(sum[:]), ContentType: "video/mp4",
		}))
		if err != nil {
			return nil, err
		}
		return r.Msg.GetUpload(), nil
	})
	counted := false
	for attempt := 0; ; attempt++ {
		if attempt > 20 {
			c.t.Errorf("upload %s: 20 streams did not finish it", up.GetId())
			return
		}
		cur := retry(c.t, e, "get-upload", func(ctx context.Context) (*uploadv1.Upload, error) {
			r, err := cl.Uploads.GetUpload(ctx, connect.NewRequest(&uploadv1.GetUploadRequest{UploadId: up.GetId()}))
			if err != nil {
				return nil, err
			}
			return r.Msg.GetUpload(), nil
		})
		if cur.GetState() == uploadv1.State_STATE_VERIFYING && c.settle(e, cl, up.GetId()) {
			return
		}
		if cur.GetState() == uploadv1.State_STATE_COMPLETED {
			return
		}
		off := cur.GetCommittedBytes()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		s := g.Uploads.UploadStream(ctx)
		err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Header{Header: &uploadv1.UploadStreamHeader{
			UploadId: up.GetId(), Offset: off,
		}}})
		for pos := off; err == nil && pos < uint64(len(data)); pos += 256 << 10 {
			end := min(pos+256<<10, uint64(len(data)))
			err = s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Chunk{Chunk: data[pos:end]}})
			if !counted && end-off > uint64(cur.GetPartSize()) {
				counted = true
				mid.Add(1)
			}
			time.Sleep(40 * time.Millisecond)
		}
		var res *connect.Response[uploadv1.UploadStreamResponse]
		if err == nil || errors.Is(err, io.EOF) {
			res, err = s.CloseAndReceive()
		} else {
			_, _ = s.CloseAndReceive()
		}
		cancel()
		if err == nil && res.Msg.GetUpload().GetState() == uploadv1.State_STATE_COMPLETED {
			return
		}
		// A stream cut under a kill ends as the proxy's 502 (unavailable)
		// or, cut mid-frame, as an internal HTTP/2 stream error.
		// A stream that finds its upload verifying (a completion cut by a
		// kill) is settled at the top of the loop.
		if err != nil && !transient(err) && connect.CodeOf(err) != connect.CodeInternal && connect.CodeOf(err) != connect.CodeFailedPrecondition {
			c.t.Errorf("upload stream %s: %v", up.GetId(), err)
			return
		}
		e.add("stream-broken")
		c.t.Logf("upload stream %s broke at attempt %d (%v); resuming", up.GetId(), attempt, err)
		time.Sleep(300 * time.Millisecond)
	}
}

// waitReady follows WatchVideo until the video is ready, reopening the
// stream when a server dies under it.
func (c *cluster) waitReady(e *errs, cl *streamgate.Client, videoID string, open *atomic.Int64) {
	deadline := time.Now().Add(4 * time.Minute)
	first := true
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		_, err := cl.WaitReady(ctx, videoID, func(*videov1.Video) {
			if first {
				first = false
				open.Add(1)
			}
		})
		cancel()
		if err == nil {
			return
		}
		if errors.Is(err, streamgate.ErrVideoFailed) {
			c.t.Errorf("video %s failed: %v", videoID, err)
			return
		}
		if !transient(err) && connect.CodeOf(err) != connect.CodeInternal {
			c.t.Errorf("watching %s: %v", videoID, err)
			return
		}
		e.add("watch-broken")
		time.Sleep(300 * time.Millisecond)
	}
	c.t.Errorf("video %s not ready after 4 minutes", videoID)
}

func nftRule(c *cluster, min string) *gatev1.Rule {
	return &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
		ChainId: c.chainID, Contract: c.nft.Hex(), Standard: gatev1.Standard_STANDARD_ERC721, MinAmount: min,
	}}}
}

func (c *cluster) setRule(e *errs, cl *streamgate.Client, videoID string, rule *gatev1.Rule) {
	retry(c.t, e, "set-rule", func(ctx context.Context) (*connect.Response[gatev1.SetAccessRuleResponse], error) {
		return cl.Gate.SetAccessRule(ctx, connect.NewRequest(&gatev1.SetAccessRuleRequest{VideoId: videoID, Rule: rule}))
	})
}

// get fetches a URL and wants a 200 with a body.
func get(u string) ([]byte, error) {
	res, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s: %.200s", redactURL(u), res.Status, b)
	}
	return b, err
}

func redactURL(u string) string {
	if i := strings.Index(u, "/play/"); i >= 0 {
		rest := u[i+len("/play/"):]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			return u[:i] + "/play/REDACTED" + rest[j:]
		}
	}
	return u
}
