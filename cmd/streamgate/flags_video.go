package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/video"
)

// videoFlags registers the catalog's flags; their defaults are c's. The
// client address WatchVideo counts by follows --auth-client-ip-header.
func videoFlags(fs *flag.FlagSet, c *video.Config) {
	fs.IntVar(&c.WatchMaxPerIP, "video-watch-max-per-ip", c.WatchMaxPerIP, "most WatchVideo streams one client address holds open on this process")
	fs.IntVar(&c.WatchMaxPerVideo, "video-watch-max-per-video", c.WatchMaxPerVideo, "most WatchVideo streams of one video on this process")
}
