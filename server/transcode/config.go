package transcode

import (
	"errors"
	"fmt"
	"time"

	"github.com/streamgate/streamgate/server/hlskey"
)

// Config is the service's own settings, filled in by cmd/streamgate.
type Config struct {
	// WorkerTokens are the bearer tokens workers may present.
	WorkerTokens []string
	// MaxAttempts is the max_attempts of every enqueued job (Queue), the
	// attempts a job gets before it is dead.
	MaxAttempts int
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
	// Keys holds the master key that seals HLS content keys. It has no
	// flag of its own: the server sets it from its shared
	// Config.ContentKeys.
	Keys hlskey.Config
}

// DefaultConfig is the settings cmd/streamgate starts from (its flags'
// defaults). Keys is the development key until the server sets its own.
func DefaultConfig() Config {
	return Config{
		MaxAttempts:    5,
		Lease:          30 * time.Second,
		BackoffBase:    10 * time.Second,
		BackoffMax:     10 * time.Minute,
		RescueInterval: 5 * time.Second,
		PollInterval:   2 * time.Second,
		URLExpiry:      time.Hour,
		Keys:           hlskey.DefaultConfig(),
	}
}

// Validate reports every bad setting at once, each named by its flag.
func (c Config) Validate() error {
	var errs []error
	for _, t := range c.WorkerTokens {
		if len(t) < 16 {
			errs = append(errs, errors.New("--worker-tokens: every token must be at least 16 characters"))
			break
		}
	}
	if c.MaxAttempts < 1 {
		errs = append(errs, fmt.Errorf("--transcode-max-attempts %d: want at least 1", c.MaxAttempts))
	}
	for _, d := range []struct {
		flag string
		v    time.Duration
	}{{"--transcode-lease", c.Lease}, {"--transcode-backoff", c.BackoffBase}, {"--transcode-backoff-max", c.BackoffMax},
		{"--transcode-rescue-interval", c.RescueInterval}, {"--transcode-poll-interval", c.PollInterval}, {"--transcode-url-expiry", c.URLExpiry}} {
		if d.v <= 0 {
			errs = append(errs, fmt.Errorf("%s must be positive", d.flag))
		}
	}
	if err := c.Keys.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
