package transcode

import (
	"time"

	"github.com/streamgate/streamgate/server/hlskey"
)

// Config is the service's own settings, filled in by cmd/streamgate.
type Config struct {
	// WorkerTokens are the bearer tokens workers may present.
	WorkerTokens []string
	// Lease is how long a claim or heartbeat holds a job.
	Lease time.Duration
	// BackoffBase and BackoffMax shape the delay before a failed attempt
	// is retried: BackoffBase * 2^(attempt-1), capped at BackoffMax,
	// times a random factor in [0.5, 1).
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// RescueInterval is how often expired leases are looked for.
	RescueInterval time.Duration
	// PollInterval bounds how long a waiting ClaimJob sleeps between
	// looks at the queue when no notification arrives (backoff expiry
	// sends none).
	PollInterval time.Duration
	// URLExpiry is how long presigned source and output URLs stay valid.
	URLExpiry time.Duration
	// Keys holds the master key that seals HLS content keys.
	Keys hlskey.Config
}

// WithDefaults fills unset durations.
func (c Config) WithDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Lease, 30*time.Second)
	def(&c.BackoffBase, 10*time.Second)
	def(&c.BackoffMax, 10*time.Minute)
	def(&c.RescueInterval, 5*time.Second)
	def(&c.PollInterval, 2*time.Second)
	def(&c.URLExpiry, time.Hour)
	return c
}
