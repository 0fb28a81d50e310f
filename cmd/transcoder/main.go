// Command transcoder is the StreamGate transcode worker. It needs only
// the server's URL and a worker token: it claims jobs over
// TranscodeService and reads and writes media through presigned URLs.
//
//	transcoder --server-url https://api.example.com --worker-token $TOKEN --concurrency 2
//
// Every flag is also an environment variable: --worker-token is
// STREAMGATE_TRANSCODER_WORKER_TOKEN. SIGINT/SIGTERM stop claiming and
// let running jobs finish for --drain-timeout, then hand them back.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/peterbourgon/ff/v3"

	"github.com/streamgate/streamgate/transcoder"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "transcoder:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	cfg, err := parseConfig(args)
	if err != nil {
		return err
	}
	w, err := transcoder.New(cfg)
	if err != nil {
		return err
	}
	cfg.Log.Info("transcoder started", "server", cfg.ServerURL, "worker_id", cfg.WorkerID, "concurrency", cfg.Concurrency)
	return w.Run(ctx)
}

func parseConfig(args []string) (transcoder.Config, error) {
	fs := flag.NewFlagSet("transcoder", flag.ContinueOnError)
	host, _ := os.Hostname()
	var c transcoder.Config
	p := transcoder.DefaultProfile()
	ladder := fs.String("ladder", "1080p:1080:5000,720p:720:2800,480p:480:1400,360p:360:800", "renditions as name:height:kbps, comma-separated; rungs above the source height are skipped")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	fs.StringVar(&c.ServerURL, "server-url", "http://127.0.0.1:8080", "StreamGate server base URL")
	fs.StringVar(&c.Token, "worker-token", "", "worker token (one of the server's --worker-tokens)")
	fs.StringVar(&c.WorkerID, "worker-id", fmt.Sprintf("%s-%d", host, os.Getpid()), "name of this worker in the server's records")
	fs.IntVar(&c.Concurrency, "concurrency", 1, "jobs run at once")
	fs.StringVar(&c.WorkDir, "work-dir", filepath.Join(os.TempDir(), "streamgate-transcoder"), "folder for each job's temporary files")
	fs.StringVar(&c.FFmpeg, "ffmpeg", "ffmpeg", "ffmpeg binary")
	fs.StringVar(&c.FFprobe, "ffprobe", "ffprobe", "ffprobe binary")
	fs.DurationVar(&c.MaxWall, "max-encode-time", 2*time.Hour, "wall-clock limit of one ffmpeg run")
	fs.DurationVar(&c.ClaimWait, "claim-wait", 30*time.Second, "how long one claim waits for work (at most 1m)")
	fs.DurationVar(&c.DrainTimeout, "drain-timeout", 10*time.Minute, "on stop, how long running jobs may finish before they are handed back")
	fs.StringVar(&p.Preset, "preset", p.Preset, "libx264 preset")
	fs.IntVar(&p.AudioKbps, "audio-kbps", p.AudioKbps, "AAC bitrate per rendition")
	fs.IntVar(&p.SegmentSeconds, "segment-seconds", p.SegmentSeconds, "HLS segment duration")
	fs.IntVar(&p.KeyframeSeconds, "keyframe-seconds", p.KeyframeSeconds, "fixed GOP length; segment-seconds must be a multiple")
	if err := ff.Parse(fs, args, ff.WithEnvVarPrefix("STREAMGATE_TRANSCODER")); err != nil {
		return c, err
	}
	rungs, err := transcoder.ParseLadder(*ladder)
	if err != nil {
		return c, fmt.Errorf("--ladder: %w", err)
	}
	p.Rungs = rungs
	c.Profile = p
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return c, fmt.Errorf("--log-level: %w", err)
	}
	c.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	var errs []error
	if c.Token == "" {
		errs = append(errs, errors.New("--worker-token is required"))
	}
	if !strings.HasPrefix(c.ServerURL, "http://") && !strings.HasPrefix(c.ServerURL, "https://") {
		errs = append(errs, errors.New("--server-url must be http:// or https://"))
	}
	if c.ClaimWait > time.Minute {
		errs = append(errs, errors.New("--claim-wait is at most 1m"))
	}
	if err := p.Validate(); err != nil {
		errs = append(errs, err)
	}
	return c, errors.Join(errs...)
}
