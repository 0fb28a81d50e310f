package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/objectgc"
)

// objectGCFlags registers the object collector's flags (it runs with any
// of the video, upload and transcode services).
func objectGCFlags(fs *flag.FlagSet, c *objectgc.Config) {
	d := objectgc.DefaultConfig()
	fs.DurationVar(&c.Interval, "object-sweep-interval", d.Interval, "how often abandoned objects (deleted videos, aborted uploads, dead transcode attempts) are removed from storage")
	fs.DurationVar(&c.MaxBackoff, "object-sweep-max-backoff", d.MaxBackoff, "longest wait between retries of a failed object removal")
}
