package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/video"
)

// videoFlags registers the video service's flags; their defaults are c's.
func videoFlags(fs *flag.FlagSet, c *video.Config) {
	fs.DurationVar(&c.SweepInterval, "video-sweep-interval", c.SweepInterval, "how often deleted videos' objects are removed from storage")
	fs.DurationVar(&c.SweepMaxBackoff, "video-sweep-max-backoff", c.SweepMaxBackoff, "longest wait between retries of a failed object removal")
	fs.DurationVar(&c.ListenRetry, "video-listen-retry", c.ListenRetry, "wait before the status-change listener reconnects to PostgreSQL")
}
