package playback

import (
	"errors"
	"fmt"
	"time"
)

// Config is the service's own settings, filled in by cmd/streamgate.
type Config struct {
	// TokenTTL is how long a playback token is valid.
	TokenTTL time.Duration
	// RenewBefore is how long before expiry a player is told to renew.
	RenewBefore time.Duration
	// SegmentRedirect answers segment requests with a redirect to a
	// presigned S3 URL instead of streaming them through the server.
	SegmentRedirect bool
	// PresignTTL is how long such a presigned URL lives.
	PresignTTL time.Duration
	// SegmentMaxAge is the Cache-Control max-age of segments.
	SegmentMaxAge time.Duration
	// VideoCacheTTL is how long a video's playback row is reused between
	// /play requests; zero reads the database on every request.
	VideoCacheTTL time.Duration
	// ObjectCacheBytes bounds the in-memory cache of playlists and
	// segments (immutable once published); zero disables it.
	ObjectCacheBytes int64
	// ObjectCacheTTL is how long a cached object is reused, in memory or
	// in the spool.
	ObjectCacheTTL time.Duration
	// SpoolDir is where the segments of ready videos are kept as files,
	// sent with sendfile; each process uses a directory of its own below
	// it. Empty: no spool.
	SpoolDir string
	// SpoolBytes bounds the spool's files; zero disables the spool.
	SpoolBytes int64
	// KeyGate asks the gate again at every key fetch of a wallet's token
	// (revocation.go). It has no flag: the server sets it when the chain
	// watcher runs, which keeps the gate's answers current.
	KeyGate bool
}

// DefaultConfig is the settings cmd/streamgate starts from (its flags'
// defaults). Players renew a third of the token's life before it ends.
func DefaultConfig() Config {
	const tokenTTL = 10 * time.Minute
	return Config{
		TokenTTL:         tokenTTL,
		RenewBefore:      tokenTTL / 3,
		PresignTTL:       time.Minute,
		SegmentMaxAge:    24 * time.Hour,
		VideoCacheTTL:    2 * time.Second,
		ObjectCacheBytes: 256 << 20,
		ObjectCacheTTL:   10 * time.Minute,
		SpoolBytes:       1 << 30,
	}
}

// Validate reports every bad setting at once, each named by its flag.
func (c Config) Validate() error {
	var errs []error
	if c.TokenTTL < 30*time.Second || c.TokenTTL > 24*time.Hour {
		errs = append(errs, fmt.Errorf("--playback-token-ttl %s: want between 30s and 24h", c.TokenTTL))
	}
	if c.RenewBefore <= 0 || c.RenewBefore >= c.TokenTTL {
		errs = append(errs, fmt.Errorf("--playback-renew-before %s: want above 0 and below the token TTL %s", c.RenewBefore, c.TokenTTL))
	}
	if c.PresignTTL < time.Second || c.PresignTTL > time.Hour {
		errs = append(errs, fmt.Errorf("--playback-presign-ttl %s: want between 1s and 1h", c.PresignTTL))
	}
	if c.SegmentMaxAge < 0 {
		errs = append(errs, errors.New("--playback-segment-max-age must not be negative"))
	}
	if c.VideoCacheTTL < 0 || c.VideoCacheTTL > time.Minute {
		errs = append(errs, fmt.Errorf("--playback-video-cache-ttl %s: want between 0 and 1m", c.VideoCacheTTL))
	}
	if c.ObjectCacheBytes < 0 || c.ObjectCacheTTL < 0 {
		errs = append(errs, errors.New("--playback-object-cache-bytes and --playback-object-cache-ttl must not be negative"))
	}
	if c.SpoolBytes < 0 {
		errs = append(errs, errors.New("--playback-spool-bytes must not be negative"))
	}
	return errors.Join(errs...)
}
