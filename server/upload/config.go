package upload

import (
	"errors"
	"fmt"
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
	// holds up to three parts being stored (at most 20 MiB of each) in
	// memory.
	MaxStreams int
	// MaxStreamsPerWallet caps the UploadStream calls one wallet runs at
	// once on this process.
	MaxStreamsPerWallet int
	// StreamHeaderTimeout is how long an UploadStream call may take to
	// send its header; StreamIdleTimeout how long each later message may
	// take. Past either the stream ends (DeadlineExceeded) and frees its
	// slot.
	StreamHeaderTimeout time.Duration
	StreamIdleTimeout   time.Duration
	// MaxCompletions caps the completions (each reads the whole file back
	// and probes it) this process runs at once, and likewise the probes
	// started before their copy is complete (see probeFile).
	MaxCompletions int
	// TempDir holds the copy that is hashed and probed; empty is the OS's.
	TempDir string
	// FFprobe is the ffprobe binary; ProbeTimeout bounds one probe.
	FFprobe      string
	ProbeTimeout time.Duration
	// Limits bound what media is accepted.
	Limits media.Limits
}

// MinPartSize is S3's smallest part (all but the last).
const MinPartSize = 5 << 20

// maxPartSize is S3's largest part.
const maxPartSize = 5 << 30

// maxParts is S3's limit of parts per upload.
const maxParts = 10000

// DefaultConfig is the settings cmd/streamgate starts from (its flags'
// defaults).
func DefaultConfig() Config {
	return Config{
		MaxSizeBytes:        8 << 30,
		PartSize:            16 << 20,
		PresignTTL:          time.Hour,
		Expiry:              24 * time.Hour,
		SweepInterval:       time.Minute,
		VerifyStaleAfter:    time.Hour,
		MaxStreams:          16,
		MaxStreamsPerWallet: 4,
		StreamHeaderTimeout: 10 * time.Second,
		StreamIdleTimeout:   30 * time.Second,
		MaxCompletions:      4,
		FFprobe:             "ffprobe",
		ProbeTimeout:        time.Minute,
		Limits:              media.DefaultLimits(),
	}
}

// Validate reports every bad setting at once, each named by its flag.
func (c Config) Validate() error {
	var errs []error
	if c.PartSize < MinPartSize || c.PartSize > maxPartSize {
		errs = append(errs, fmt.Errorf("--upload-part-bytes %d: want 5 MiB to 5 GiB", c.PartSize))
	}
	if c.MaxSizeBytes < 1 || c.MaxSizeBytes > 5<<40 {
		errs = append(errs, fmt.Errorf("--upload-max-bytes %d: want 1 byte to 5 TiB", c.MaxSizeBytes))
	}
	if c.PresignTTL <= 0 || c.PresignTTL > 7*24*time.Hour {
		errs = append(errs, fmt.Errorf("--upload-presign-ttl %s: want up to 7 days (S3's limit)", c.PresignTTL))
	}
	if c.MaxStreams < 1 {
		errs = append(errs, fmt.Errorf("--upload-max-streams %d: want at least 1", c.MaxStreams))
	}
	if c.MaxCompletions < 1 {
		errs = append(errs, fmt.Errorf("--upload-max-completions %d: want at least 1", c.MaxCompletions))
	}
	if c.MaxStreamsPerWallet < 1 {
		errs = append(errs, fmt.Errorf("--upload-max-streams-per-wallet %d: want at least 1", c.MaxStreamsPerWallet))
	}
	if c.StreamHeaderTimeout <= 0 || c.StreamIdleTimeout <= 0 {
		errs = append(errs, errors.New("--upload-stream-header-timeout and --upload-stream-idle-timeout must be positive"))
	}
	if c.Expiry <= 0 || c.SweepInterval <= 0 || c.VerifyStaleAfter <= 0 || c.ProbeTimeout <= 0 {
		errs = append(errs, errors.New("--upload-expiry, --upload-sweep-interval, --upload-verify-stale and --probe-timeout must be positive"))
	}
	if c.FFprobe == "" {
		errs = append(errs, errors.New("--ffprobe is empty"))
	}
	limitsOK := true
	for _, l := range []struct {
		flag string
		ok   bool
	}{{"--probe-max-width", c.Limits.MaxWidth > 0}, {"--probe-max-height", c.Limits.MaxHeight > 0},
		{"--probe-max-streams", c.Limits.MaxStreams > 0}, {"--probe-max-duration", c.Limits.MaxDuration > 0}} {
		if !l.ok {
			errs = append(errs, fmt.Errorf("%s must be positive", l.flag))
			limitsOK = false
		}
	}
	// A container outside media.Containers would pass no probe and no
	// worker: refuse it here rather than fail every upload.
	if err := c.Limits.WithDefaults().Validate(); err != nil && limitsOK {
		errs = append(errs, fmt.Errorf("--probe-formats, --probe-*-codecs, --probe-max-*: %w", err))
	}
	return errors.Join(errs...)
}
