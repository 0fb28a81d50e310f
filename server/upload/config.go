package upload

import (
	"time"

	"github.com/streamgate/streamgate/media"
)

// Config is the service's own settings, filled in by cmd/streamgate.
type Config struct {
	// MaxSizeBytes is the largest file accepted.
	MaxSizeBytes int64
	// PartSize is the preferred part size; it grows for files that would
	// need more than 10,000 parts. S3 wants at least 5 MiB.
	PartSize int64
	// PresignTTL is how long a presigned part URL stays valid.
	PresignTTL time.Duration
	// Expiry is how long an upload may stay unfinished before the sweeper
	// aborts it.
	Expiry time.Duration
	// SweepInterval is how often abandoned uploads are looked for.
	SweepInterval time.Duration
	// VerifyStaleAfter is when a verification that stopped making progress
	// (its server died) may be taken over by another CompleteUpload.
	VerifyStaleAfter time.Duration
	// MaxStreams caps concurrent UploadStream calls per process; each
	// holds up to four parts in memory.
	MaxStreams int
	// TempDir holds the copy that is hashed and probed; empty is the OS's.
	TempDir string
	// TranscodeMaxAttempts is the max_attempts of the enqueued job.
	TranscodeMaxAttempts int32
	// FFprobe is the ffprobe binary; ProbeTimeout bounds one probe.
	FFprobe      string
	ProbeTimeout time.Duration
	// Limits bound what media is accepted.
	Limits media.Limits
}

// MinPartSize is S3's smallest part (all but the last).
const MinPartSize = 5 << 20

// maxParts is S3's limit of parts per upload.
const maxParts = 10000

// WithDefaults fills every zero field.
func (c Config) WithDefaults() Config {
	if c.MaxSizeBytes == 0 {
		c.MaxSizeBytes = 8 << 30
	}
	if c.PartSize == 0 {
		c.PartSize = 16 << 20
	}
	if c.PresignTTL == 0 {
		c.PresignTTL = time.Hour
	}
	if c.Expiry == 0 {
		c.Expiry = 24 * time.Hour
	}
	if c.SweepInterval == 0 {
		c.SweepInterval = time.Minute
	}
	if c.VerifyStaleAfter == 0 {
		c.VerifyStaleAfter = time.Hour
	}
	if c.MaxStreams == 0 {
		c.MaxStreams = 16
	}
	if c.TranscodeMaxAttempts == 0 {
		c.TranscodeMaxAttempts = 5
	}
	if c.ProbeTimeout == 0 {
		c.ProbeTimeout = time.Minute
	}
	c.Limits = c.Limits.WithDefaults()
	return c
}
