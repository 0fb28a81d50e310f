// Command demo runs StreamGate's whole story against a running server (the
// one `make run` starts, with its transcoder worker and dev chain) and
// prints each step: a creator wallet signs in, uploads a generated sample
// video, waits until it is ready, and gates it on the dev chain's demo NFT;
// a holder signs in, is authorized, and ffmpeg plays the HLS URL to the
// end; a wallet without the NFT is denied, with the reason. A local
// receiver checks the signature of every webhook the creator gets.
//
// The wallets and the collection come from .stack/env (the dev chain's
// STREAMGATE_DEMO_* variables). It exits non-zero when any step fails.
//
//	demo [--server http://127.0.0.1:8080] [--timeout 5m]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

func main() {
	server := flag.String("server", "http://127.0.0.1:8080", "StreamGate base URL")
	timeout := flag.Duration("timeout", 5*time.Minute, "give up after this long")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := run(ctx, *server); err != nil {
		fmt.Fprintln(os.Stderr, "demo FAILED:", err)
		os.Exit(1)
	}
	fmt.Println("demo OK: the holder played the whole video, the non-holder was refused, the pass moved and access followed it")
}

// env is the dev chain's demo setup.
type env struct {
	chainID                            uint64
	collection                         string
	creatorKey, holderKey, strangerKey string
}

func readEnv() (env, error) {
	var e env
	var missing []string
	get := func(name string) string {
		v := os.Getenv(name)
		if v == "" {
			missing = append(missing, name)
		}
		return v
	}
	id := get("STREAMGATE_DEMO_CHAIN_ID")
	e.collection = get("STREAMGATE_DEMO_COLLECTION")
	e.creatorKey = get("STREAMGATE_DEMO_DEPLOYER_KEY")
	e.holderKey = get("STREAMGATE_DEMO_HOLDER_KEY")
	e.strangerKey = get("STREAMGATE_DEMO_VIEWER_KEY")
	if len(missing) > 0 {
		return e, fmt.Errorf("%s unset: run `make run` (which starts the dev chain) and `source .stack/env`", strings.Join(missing, ", "))
	}
	var err error
	e.chainID, err = strconv.ParseUint(id, 10, 64)
	return e, err
}

func step(format string, args ...any) { fmt.Printf("==> "+format+"\n", args...) }
func info(format string, args ...any) { fmt.Printf("    "+format+"\n", args...) }

func run(ctx context.Context, server string) error {
	e, err := readEnv()
	if err != nil {
		return err
	}
	step("creator signs in with SIWE")
	creator, addr, err := signIn(ctx, server, e.creatorKey, e.chainID)
	if err != nil {
		return fmt.Errorf("creator sign-in: %w", err)
	}
	info("signed in as %s", addr)
	hooks, err := startHooks(ctx, creator)
	if err != nil {
		return err
	}
	videoID, err := publish(ctx, creator)
	if err != nil {
		return err
	}
	step("creator gates the video on the demo NFT %s (chain %d)", e.collection, e.chainID)
	_, err = creator.Gate.SetAccessRule(ctx, connect.NewRequest(&gatev1.SetAccessRuleRequest{
		VideoId: videoID,
		Rule: &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
			ChainId: e.chainID, Contract: e.collection, Standard: gatev1.Standard_STANDARD_ERC721,
		}}},
	}))
	if err != nil {
		return fmt.Errorf("set access rule: %w", err)
	}
	info("rule set: hold any token of the collection")
	grant, err := holderPlays(ctx, server, e, videoID)
	if err != nil {
		return err
	}
	stranger, err := strangerDenied(ctx, server, e, videoID)
	if err != nil {
		return err
	}
	if err := passMoves(ctx, server, e, videoID, grant, stranger); err != nil {
		return err
	}
	return hooks.expect(ctx, "video.created", "video.upload.completed", "video.ready", "gate.rule.changed", "access.revoked")
}

func signIn(ctx context.Context, server, key string, chainID uint64) (*streamgate.Client, string, error) {
	signer, err := streamgate.KeySignerFromHex(key)
	if err != nil {
		return nil, "", err
	}
	c := streamgate.New(server)
	addr, err := c.SignIn(ctx, signer, chainID)
	return c, addr, err
}

// publish creates a video, uploads a generated sample and waits for it.
func publish(ctx context.Context, c *streamgate.Client) (string, error) {
	step("generating a 6 s sample video with ffmpeg")
	dir, err := os.MkdirTemp("", "streamgate-demo-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	sample := filepath.Join(dir, "sample.mp4")
	cmd := exec.CommandContext(ctx, "ffmpeg", "-nostdin", "-v", "error", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=6",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=6",
		"-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", sample)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("ffmpeg sample: %w: %s", err, out)
	}
	st, _ := os.Stat(sample)
	info("%s (%d bytes)", sample, st.Size())
	step("creator creates the video and uploads it")
	res, err := c.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "StreamGate demo " + time.Now().UTC().Format(time.RFC3339), Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	if err != nil {
		return "", fmt.Errorf("create video: %w", err)
	}
	id := res.Msg.GetVideo().GetId()
	info("video %s", id)
	if _, err := c.UploadFile(ctx, id, sample, streamgate.UploadOptions{}); err != nil {
		return "", fmt.Errorf("upload: %w", err)
	}
	info("uploaded")
	step("waiting for the transcoder (WatchVideo)")
	last := ""
	v, err := c.WaitReady(ctx, id, func(v *videov1.Video) {
		now := fmt.Sprintf("%s %3.0f%%", strings.TrimPrefix(v.GetStatus().String(), "STATUS_"), 100*v.GetProgress())
		if now != last {
			info("%s", now)
			last = now
		}
	})
	if err != nil {
		return "", fmt.Errorf("wait until ready (is a transcoder worker running? `make run` starts one): %w", err)
	}
	info("ready: %s long", v.GetDuration().AsDuration())
	return id, nil
}

func holderPlays(ctx context.Context, server string, e env, videoID string) (*playbackv1.Grant, error) {
	step("holder signs in and asks to watch")
	holder, addr, err := signIn(ctx, server, e.holderKey, e.chainID)
	if err != nil {
		return nil, fmt.Errorf("holder sign-in: %w", err)
	}
	info("signed in as %s", addr)
	grant, err := holder.Authorize(ctx, videoID)
	if err != nil {
		return nil, fmt.Errorf("holder authorize: %w", err)
	}
	info("authorized until %s", grant.GetExpireTime().AsTime().Format(time.RFC3339))
	info("playback URL %s", grant.GetPlaybackUrl())
	step("ffmpeg plays the HLS URL to the end (key included)")
	cmd := exec.CommandContext(ctx, "ffmpeg", "-nostdin", "-v", "error", "-xerror", "-stats",
		"-i", grant.GetPlaybackUrl(), "-f", "null", "-")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("ffmpeg playback: %w: %s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(string(out), "\r", "\n")), "\n")
	info("%s", strings.TrimSpace(lines[len(lines)-1]))
	return grant, nil
}

func strangerDenied(ctx context.Context, server string, e env, videoID string) (*streamgate.Client, error) {
	step("a wallet without the NFT signs in and asks to watch")
	stranger, addr, err := signIn(ctx, server, e.strangerKey, e.chainID)
	if err != nil {
		return nil, fmt.Errorf("non-holder sign-in: %w", err)
	}
	info("signed in as %s", addr)
	_, err = stranger.Authorize(ctx, videoID)
	if err == nil {
		return nil, errors.New("the non-holder was authorized")
	}
	if connect.CodeOf(err) != connect.CodePermissionDenied {
		return nil, fmt.Errorf("non-holder: want permission_denied, got %w", err)
	}
	var cerr *connect.Error
	if errors.As(err, &cerr) {
		info("denied (%s): %s", cerr.Code(), cerr.Message())
	}
	return stranger, nil
}
