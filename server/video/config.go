package video

import (
	"errors"
	"time"
)

// Config is the service's own settings, filled in by cmd/streamgate.
type Config struct {
	// SweepInterval is how often deleted videos' objects are removed.
	SweepInterval time.Duration
	// SweepMaxBackoff caps the wait between attempts on one prefix.
	SweepMaxBackoff time.Duration
	// ListenRetry is the wait before the change listener reconnects.
	ListenRetry time.Duration
}

// DefaultConfig is the settings cmd/streamgate starts from (its flags'
// defaults).
func DefaultConfig() Config {
	return Config{SweepInterval: 30 * time.Second, SweepMaxBackoff: time.Hour, ListenRetry: time.Second}
}

// Validate reports bad settings, each named by its flag.
func (c Config) Validate() error {
	if c.SweepInterval <= 0 || c.SweepMaxBackoff <= 0 || c.ListenRetry <= 0 {
		return errors.New("--video-sweep-interval, --video-sweep-max-backoff and --video-listen-retry must be positive")
	}
	return nil
}
