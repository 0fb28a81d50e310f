// Command viewerload is the viewer load test: it plays HLS like real
// viewers (internal/loadgen) against StreamGate's /play and against a
// static server (nginx) holding the same files, stepping the number of
// concurrent sessions up, and prints how many each sustains.
//
//	viewerload publish --api URL [--seconds 12]       sign in as the dev chain's creator, publish a sample, print its id
//	viewerload mirror --api URL [--playback URL] --video ID --out DIR copy the video's HLS tree (as played) into DIR
//	viewerload run --api URL --playback URL --video ID --static URL [--levels 10,20,40] ...
//
// Wallet keys come from .stack/env (STREAMGATE_DEMO_*). scripts/bench-viewers.sh
// (`make bench-viewers`) sets the servers up and runs all three.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"connectrpc.com/connect"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/internal/loadgen"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: viewerload publish|mirror|run [flags]")
		os.Exit(2)
	}
	cmds := map[string]func(context.Context, []string) error{"publish": publish, "mirror": mirror, "run": run}
	cmd, ok := cmds[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "viewerload: unknown command %q (publish, mirror, run)\n", os.Args[1])
		os.Exit(2)
	}
	if err := cmd(context.Background(), os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "viewerload:", err)
		os.Exit(1)
	}
}

// signIn signs in with the hex key in the environment variable keyVar.
func signIn(ctx context.Context, api, keyVar string, hc *http.Client) (*streamgate.Client, error) {
	key, id := os.Getenv(keyVar), os.Getenv("STREAMGATE_DEMO_CHAIN_ID")
	if key == "" || id == "" {
		return nil, fmt.Errorf("%s or STREAMGATE_DEMO_CHAIN_ID unset: source .stack/env", keyVar)
	}
	chain, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return nil, err
	}
	signer, err := streamgate.KeySignerFromHex(key)
	if err != nil {
		return nil, err
	}
	c := streamgate.New(api, streamgate.WithHTTPClient(hc))
	if _, err := c.SignIn(ctx, signer, chain); err != nil {
		return nil, fmt.Errorf("sign in at %s: %w", api, err)
	}
	return c, nil
}

// viewer signs the demo viewer in at api and returns a client of play
// (api when empty) holding the session: replicas share signing keys.
func viewer(ctx context.Context, api, play string, hc *http.Client) (*streamgate.Client, error) {
	c, err := signIn(ctx, api, "STREAMGATE_DEMO_VIEWER_KEY", hc)
	if err != nil || play == "" || play == api {
		return c, err
	}
	v := streamgate.New(play, streamgate.WithHTTPClient(hc))
	v.SetTokens(c.Tokens())
	return v, nil
}

func publish(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("publish", flag.ExitOnError)
	api := fs.String("api", "http://127.0.0.1:8080", "StreamGate hosting auth, video and upload")
	seconds := fs.Int("seconds", 12, "length of the generated 1280x720 sample")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up waiting for the transcoder after this long")
	_ = fs.Parse(args)
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	c, err := signIn(ctx, *api, "STREAMGATE_DEMO_DEPLOYER_KEY", http.DefaultClient)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "viewerload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sample, d := filepath.Join(dir, "sample.mp4"), strconv.Itoa(*seconds)
	out, err := exec.CommandContext(ctx, "ffmpeg", "-nostdin", "-v", "error", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration="+d,
		"-f", "lavfi", "-i", "sine=frequency=440:duration="+d,
		"-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", sample).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ffmpeg sample: %w: %s", err, out)
	}
	res, err := c.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "viewerload sample", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	if err != nil {
		return fmt.Errorf("create video: %w", err)
	}
	id := res.Msg.GetVideo().GetId()
	if _, err := c.UploadFile(ctx, id, sample, streamgate.UploadOptions{}); err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	if _, err := c.WaitReady(ctx, id, nil); err != nil {
		return fmt.Errorf("wait until ready (is a transcoder running?): %w", err)
	}
	fmt.Println(id)
	return nil
}

func mirror(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("mirror", flag.ExitOnError)
	api := fs.String("api", "http://127.0.0.1:8080", "StreamGate where the viewer signs in")
	play := fs.String("playback", "", "StreamGate hosting the playback role (default --api)")
	video := fs.String("video", "", "video id")
	out := fs.String("out", "", "directory to write master.m3u8, {rung}/... and key into")
	_ = fs.Parse(args)
	if *video == "" || *out == "" {
		return errors.New("mirror: --video and --out are required")
	}
	c, err := viewer(ctx, *api, *play, http.DefaultClient)
	if err != nil {
		return err
	}
	g, err := c.Authorize(ctx, *video)
	if err != nil {
		return fmt.Errorf("authorize: %w", err)
	}
	files, size, err := loadgen.Mirror(ctx, http.DefaultClient, g.GetPlaybackUrl(), *out)
	if err != nil {
		return err
	}
	fmt.Printf("mirrored %d files, %d bytes into %s\n", files, size, *out)
	return nil
}
