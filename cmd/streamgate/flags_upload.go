package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/server/upload"
)

// uploadFlags registers the upload service's flags.
func uploadFlags(fs *flag.FlagSet, c *upload.Config) {
	d := media.DefaultLimits()
	fs.Int64Var(&c.MaxSizeBytes, "upload-max-bytes", 8<<30, "largest original accepted, in bytes")
	fs.Int64Var(&c.PartSize, "upload-part-bytes", 16<<20, "preferred part size in bytes (at least 5 MiB; grows for files past 10,000 parts)")
	fs.DurationVar(&c.PresignTTL, "upload-presign-ttl", time.Hour, "lifetime of presigned part URLs")
	fs.DurationVar(&c.Expiry, "upload-expiry", 24*time.Hour, "how long an unfinished upload lives before it is aborted")
	fs.DurationVar(&c.SweepInterval, "upload-sweep-interval", time.Minute, "how often abandoned uploads are looked for")
	fs.DurationVar(&c.VerifyStaleAfter, "upload-verify-stale", time.Hour, "when an interrupted verification may be retried")
	fs.IntVar(&c.MaxStreams, "upload-max-streams", 16, "most UploadStream calls served at once (each buffers up to 4 parts)")
	fs.StringVar(&c.TempDir, "upload-temp-dir", "", "directory for the copy that is hashed and probed (default: the OS's)")
	fs.Func("transcode-max-attempts", "max_attempts of the transcode job a completed upload enqueues (default 5)", func(v string) error {
		var n int32
		if _, err := fmt.Sscan(v, &n); err != nil || n < 1 {
			return errors.New("want a positive integer")
		}
		c.TranscodeMaxAttempts = n
		return nil
	})
	fs.StringVar(&c.FFprobe, "ffprobe", "ffprobe", "ffprobe binary")
	fs.DurationVar(&c.ProbeTimeout, "probe-timeout", time.Minute, "longest ffprobe run")
	fs.IntVar(&c.Limits.MaxWidth, "probe-max-width", d.MaxWidth, "widest accepted video")
	fs.IntVar(&c.Limits.MaxHeight, "probe-max-height", d.MaxHeight, "tallest accepted video")
	fs.IntVar(&c.Limits.MaxStreams, "probe-max-streams", d.MaxStreams, "most streams in an accepted file")
	fs.DurationVar(&c.Limits.MaxDuration, "probe-max-duration", d.MaxDuration, "longest accepted video")
	fs.Func("probe-formats", "comma-separated accepted containers (ffprobe format names, some of: "+strings.Join(media.Containers(), ",")+")", func(v string) error {
		c.Limits.Formats = splitList(v)
		return nil
	})
	fs.Func("probe-video-codecs", "comma-separated accepted video codecs (ffprobe names)", func(v string) error {
		c.Limits.VideoCodecs = splitList(v)
		return nil
	})
	fs.Func("probe-audio-codecs", "comma-separated accepted audio codecs (ffprobe names)", func(v string) error {
		c.Limits.AudioCodecs = splitList(v)
		return nil
	})
}

// validateUpload checks the upload service's settings.
func validateUpload(c *upload.Config) error {
	var errs []error
	if c.PartSize < upload.MinPartSize || c.PartSize > 5<<30 {
		errs = append(errs, fmt.Errorf("--upload-part-bytes %d: want 5 MiB to 5 GiB", c.PartSize))
	}
	if c.MaxSizeBytes < 1 || c.MaxSizeBytes > 5<<40 {
		errs = append(errs, fmt.Errorf("--upload-max-bytes %d: want 1 byte to 5 TiB", c.MaxSizeBytes))
	}
	if c.PresignTTL <= 0 || c.PresignTTL > 7*24*time.Hour {
		errs = append(errs, errors.New("--upload-presign-ttl: want up to 7 days (S3's limit)"))
	}
	if c.MaxStreams < 1 {
		errs = append(errs, fmt.Errorf("--upload-max-streams %d: want at least 1", c.MaxStreams))
	}
	if c.Expiry <= 0 || c.SweepInterval <= 0 || c.VerifyStaleAfter <= 0 || c.ProbeTimeout <= 0 {
		errs = append(errs, errors.New("--upload-expiry, --upload-sweep-interval, --upload-verify-stale and --probe-timeout must be positive"))
	}
	// A container outside media.Containers would pass no probe and no
	// worker: refuse it here rather than fail every upload.
	if err := c.Limits.WithDefaults().Validate(); err != nil {
		errs = append(errs, fmt.Errorf("--probe-formats, --probe-*-codecs, --probe-max-*: %w", err))
	}
	return errors.Join(errs...)
}
