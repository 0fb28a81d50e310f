package main

import (
	"flag"
	"strings"

	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/server/upload"
)

// uploadFlags registers the upload service's flags, with the probe's;
// their defaults are c's.
func uploadFlags(fs *flag.FlagSet, c *upload.Config) {
	fs.Int64Var(&c.MaxSizeBytes, "upload-max-bytes", c.MaxSizeBytes, "largest original accepted, in bytes")
	fs.Int64Var(&c.PartSize, "upload-part-bytes", c.PartSize, "preferred part size in bytes (at least 5 MiB; grows for files past 10,000 parts)")
	fs.DurationVar(&c.PresignTTL, "upload-presign-ttl", c.PresignTTL, "lifetime of presigned part URLs")
	fs.DurationVar(&c.Expiry, "upload-expiry", c.Expiry, "how long an unfinished upload lives before it is aborted")
	fs.DurationVar(&c.SweepInterval, "upload-sweep-interval", c.SweepInterval, "how often abandoned uploads are looked for")
	fs.DurationVar(&c.VerifyStaleAfter, "upload-verify-stale", c.VerifyStaleAfter, "when an interrupted verification may be retried, and a multipart upload a dead server never recorded is aborted")
	fs.IntVar(&c.MaxStreams, "upload-max-streams", c.MaxStreams, "most UploadStream calls served at once (each buffers up to 4 parts)")
	fs.IntVar(&c.MaxStreamsPerWallet, "upload-max-streams-per-wallet", c.MaxStreamsPerWallet, "most UploadStream calls one wallet runs at once")
	fs.DurationVar(&c.StreamHeaderTimeout, "upload-stream-header-timeout", c.StreamHeaderTimeout, "how long an UploadStream call may take to send its header")
	fs.DurationVar(&c.StreamIdleTimeout, "upload-stream-idle-timeout", c.StreamIdleTimeout, "how long an UploadStream call may take to send each next message before it is ended")
	fs.IntVar(&c.MaxCompletions, "upload-max-completions", c.MaxCompletions, "most upload completions (each reads the whole file back) run at once")
	fs.StringVar(&c.TempDir, "upload-temp-dir", c.TempDir, "directory for the copy that is hashed and probed (default: the OS's)")
	fs.StringVar(&c.FFprobe, "ffprobe", c.FFprobe, "ffprobe binary")
	fs.DurationVar(&c.ProbeTimeout, "probe-timeout", c.ProbeTimeout, "longest ffprobe run")
	fs.IntVar(&c.Limits.MaxWidth, "probe-max-width", c.Limits.MaxWidth, "widest accepted video")
	fs.IntVar(&c.Limits.MaxHeight, "probe-max-height", c.Limits.MaxHeight, "tallest accepted video")
	fs.IntVar(&c.Limits.MaxStreams, "probe-max-streams", c.Limits.MaxStreams, "most streams in an accepted file")
	fs.DurationVar(&c.Limits.MaxDuration, "probe-max-duration", c.Limits.MaxDuration, "longest accepted video")
	fs.Var(listFlag{&c.Limits.Formats}, "probe-formats", "comma-separated accepted containers (ffprobe format names, some of: "+strings.Join(media.Containers(), ",")+")")
	fs.Var(listFlag{&c.Limits.VideoCodecs}, "probe-video-codecs", "comma-separated accepted video codecs (ffprobe names)")
	fs.Var(listFlag{&c.Limits.AudioCodecs}, "probe-audio-codecs", "comma-separated accepted audio codecs (ffprobe names)")
}
