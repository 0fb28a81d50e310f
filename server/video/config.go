package video

import "time"

// Config is the service's own settings, filled in by cmd/streamgate.
type Config struct {
	// SweepInterval is how often deleted videos' objects are removed.
	SweepInterval time.Duration
	// SweepMaxBackoff caps the wait between attempts on one prefix.
	SweepMaxBackoff time.Duration
	// ListenRetry is the wait before the change listener reconnects.
	ListenRetry time.Duration
}

// WithDefaults fills every zero field.
func (c Config) WithDefaults() Config {
	if c.SweepInterval == 0 {
		c.SweepInterval = 30 * time.Second
	}
	if c.SweepMaxBackoff == 0 {
		c.SweepMaxBackoff = time.Hour
	}
	if c.ListenRetry == 0 {
		c.ListenRetry = time.Second
	}
	return c
}
