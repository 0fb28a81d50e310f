package main

import (
	"errors"
	"flag"
	"time"

	"github.com/streamgate/streamgate/server/video"
)

// videoFlags registers the video service's flags.
func videoFlags(fs *flag.FlagSet, c *video.Config) {
	fs.DurationVar(&c.SweepInterval, "video-sweep-interval", 30*time.Second, "how often deleted videos' objects are removed from storage")
	fs.DurationVar(&c.SweepMaxBackoff, "video-sweep-max-backoff", time.Hour, "longest wait between retries of a failed object removal")
	fs.DurationVar(&c.ListenRetry, "video-listen-retry", time.Second, "wait before the status-change listener reconnects to PostgreSQL")
}

// validateVideo checks the video service's settings.
func validateVideo(c *video.Config) error {
	if c.SweepInterval <= 0 || c.SweepMaxBackoff <= 0 || c.ListenRetry <= 0 {
		return errors.New("--video-sweep-interval, --video-sweep-max-backoff and --video-listen-retry must be positive")
	}
	return nil
}
