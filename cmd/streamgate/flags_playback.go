package main

import (
	"flag"
	"time"

	"github.com/streamgate/streamgate/server/playback"
)

// playbackFlags registers the playback service's flags.
func playbackFlags(fs *flag.FlagSet, c *playback.Config) {
	fs.DurationVar(&c.TokenTTL, "playback-token-ttl", 10*time.Minute, "how long a playback token (and its URL) is valid")
	fs.DurationVar(&c.RenewBefore, "playback-renew-before", 0, "how long before expiry players are told to renew (default a third of the TTL)")
	fs.BoolVar(&c.SegmentRedirect, "playback-segment-redirect", false, "redirect segment requests to presigned S3 URLs instead of streaming them")
	fs.DurationVar(&c.PresignTTL, "playback-presign-ttl", time.Minute, "lifetime of a presigned segment URL")
	fs.DurationVar(&c.SegmentMaxAge, "playback-segment-max-age", 24*time.Hour, "Cache-Control max-age of HLS segments")
	fs.Int64Var(&c.ObjectCacheBytes, "playback-object-cache-bytes", 256<<20, "memory for caching published playlists and segments (0 disables)")
	fs.DurationVar(&c.ObjectCacheTTL, "playback-object-cache-ttl", 10*time.Minute, "how long a cached playlist or segment is reused")
	fs.DurationVar(&c.VideoCacheTTL, "playback-video-cache-ttl", 2*time.Second, "how long /play reuses a video's row before reading it again")
}

// validatePlayback checks the playback service's settings.
func validatePlayback(c *playback.Config) error {
	c.Defaults()
	return c.Validate()
}
