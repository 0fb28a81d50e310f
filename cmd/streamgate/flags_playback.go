package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/playback"
)

// playbackFlags registers the playback service's flags; their defaults
// are c's.
func playbackFlags(fs *flag.FlagSet, c *playback.Config) {
	fs.DurationVar(&c.TokenTTL, "playback-token-ttl", c.TokenTTL, "how long a playback token (and its URL) is valid")
	fs.DurationVar(&c.RenewBefore, "playback-renew-before", c.RenewBefore, "how long before expiry players are told to renew (unset: a third of --playback-token-ttl)")
	fs.BoolVar(&c.SegmentRedirect, "playback-segment-redirect", c.SegmentRedirect, "redirect segment requests to presigned S3 URLs instead of streaming them")
	fs.DurationVar(&c.PresignTTL, "playback-presign-ttl", c.PresignTTL, "lifetime of a presigned segment URL")
	fs.DurationVar(&c.SegmentMaxAge, "playback-segment-max-age", c.SegmentMaxAge, "Cache-Control max-age of HLS segments")
	fs.Int64Var(&c.ObjectCacheBytes, "playback-object-cache-bytes", c.ObjectCacheBytes, "memory for caching published playlists and segments (0 disables)")
	fs.DurationVar(&c.ObjectCacheTTL, "playback-object-cache-ttl", c.ObjectCacheTTL, "how long a cached playlist or segment is reused")
	fs.StringVar(&c.SpoolDir, "playback-spool-dir", c.SpoolDir, "directory for spooling ready videos' segments as files, sent with sendfile (empty: no spool)")
	fs.Int64Var(&c.SpoolBytes, "playback-spool-bytes", c.SpoolBytes, "disk for the segment spool (0 disables it)")
	fs.DurationVar(&c.VideoCacheTTL, "playback-video-cache-ttl", c.VideoCacheTTL, "how long /play reuses a video's row before reading it again")
}
