// Command transcoder is the StreamGate transcode worker. It needs only
// the server's URL and a worker token: it claims jobs over
// TranscodeService and reads and writes media through presigned URLs.
//
//	transcoder --server-url https://api.example.com --worker-token $TOKEN --concurrency 2
//
// Every flag is also an environment variable: --worker-token is
// STREAMGATE_TRANSCODER_WORKER_TOKEN. Tracing is configured by the
// standard OTEL_* variables (README, Deploying: Tracing). SIGINT/SIGTERM stop claiming and
// let running jobs finish for --drain-timeout, then hand them back.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/peterbourgon/ff/v3"

	"github.com/streamgate/streamgate/internal/tracing"
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
	tc, err := tracing.FromEnv(os.Getenv, "streamgate-transcoder")
	if err != nil {
		return err
	}
	if cfg.Tracing, err = tracing.New(ctx, tc); err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = cfg.Tracing.Shutdown(sctx)
	}()
	if cfg.Tracing.Enabled() {
		cfg.Log = slog.New(tracing.LogHandler(cfg.Log.Handler()))
	}
	w, err := transcoder.New(cfg)
	if err != nil {
		return err
	}
	cfg.Log.Info("transcoder started", "server", cfg.ServerURL, "worker_id", cfg.WorkerID, "concurrency", cfg.Concurrency)
	return w.Run(ctx)
}

// parseConfig starts from transcoder.DefaultConfig, reads flags, then
// STREAMGATE_TRANSCODER_* variables, then validates.
func parseConfig(args []string) (transcoder.Config, error) {
	fs := flag.NewFlagSet("transcoder", flag.ContinueOnError)
	c := transcoder.DefaultConfig()
	d := transcoder.DefaultConfig()
	p := &c.Profile
	fs.Func("ladder", "renditions as name:height:kbps, comma-separated; rungs above the source height are skipped (default "+transcoder.FormatLadder(d.Profile.Rungs)+")", func(s string) error {
		rungs, err := transcoder.ParseLadder(s)
		if err != nil {
			return fmt.Errorf("--ladder: %w", err)
		}
		p.Rungs = rungs
		return nil
	})
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	fs.StringVar(&c.ServerURL, "server-url", d.ServerURL, "StreamGate server base URL")
	fs.StringVar(&c.Token, "worker-token", d.Token, "worker token (one of the server's --worker-tokens)")
	fs.StringVar(&c.WorkerID, "worker-id", d.WorkerID, "name of this worker in the server's records")
	fs.IntVar(&c.Concurrency, "concurrency", d.Concurrency, "jobs run at once")
	fs.StringVar(&c.WorkDir, "work-dir", d.WorkDir, "folder for each job's temporary files")
	fs.StringVar(&c.FFmpeg, "ffmpeg", d.FFmpeg, "ffmpeg binary")
	fs.StringVar(&c.FFprobe, "ffprobe", d.FFprobe, "ffprobe binary")
	fs.DurationVar(&c.MaxWall, "max-encode-time", d.MaxWall, "wall-clock limit of one ffmpeg run")
	fs.DurationVar(&c.ClaimWait, "claim-wait", d.ClaimWait, "how long one claim waits for work (at most 1m)")
	fs.DurationVar(&c.DrainTimeout, "drain-timeout", d.DrainTimeout, "on stop, how long running jobs may finish before they are handed back")
	fs.IntVar(&c.EarlySegments, "early-segments", d.EarlySegments, "segments every rendition needs before the ladder is published while encoding (0: only when done)")
	fs.DurationVar(&c.EarlyPoll, "early-poll", d.EarlyPoll, "how often finished segments are looked for while encoding")
	fs.StringVar(&p.Preset, "preset", d.Profile.Preset, "libx264 preset")
	fs.IntVar(&p.AudioKbps, "audio-kbps", d.Profile.AudioKbps, "AAC bitrate per rendition")
	fs.IntVar(&p.AudioOnlyKbps, "audio-only-kbps", d.Profile.AudioOnlyKbps, "AAC bitrate of the audio-only rendition beside the video ones; 0 leaves it out")
	fs.IntVar(&p.SegmentSeconds, "segment-seconds", d.Profile.SegmentSeconds, "HLS segment duration")
	fs.IntVar(&p.KeyframeSeconds, "keyframe-seconds", d.Profile.KeyframeSeconds, "fixed GOP length; segment-seconds must be a multiple")
	if err := ff.Parse(fs, args, ff.WithEnvVarPrefix("STREAMGATE_TRANSCODER")); err != nil {
		return c, err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return c, fmt.Errorf("--log-level: %w", err)
	}
	c.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	return c, c.Validate()
}
