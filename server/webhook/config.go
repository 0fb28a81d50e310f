package webhook

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/streamgate/streamgate/server/hlskey"
)

// Config is the deliverer's and the service's settings.
type Config struct {
	// Workers caps deliveries in flight at once, over all endpoints; an
	// endpoint has one at most, so a slow one holds one worker.
	Workers int
	// PollInterval is how often the queue is read when no notification
	// woke the deliverer first.
	PollInterval time.Duration
	// ConnectTimeout bounds the TCP (and TLS) connection to an endpoint.
	ConnectTimeout time.Duration
	// ResponseTimeout bounds a whole attempt, connection to last byte read.
	ResponseTimeout time.Duration
	// MaxResponseBytes is how much of a response body is read (and kept
	// in last_error for a failure).
	MaxResponseBytes int64
	// BackoffBase is the wait after the first failed attempt; each later
	// one doubles it, up to BackoffMax.
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// RetryWindow is how long a delivery is retried before it is dead.
	RetryWindow time.Duration
	// SecretGrace is how long a rotated-out secret keeps signing.
	SecretGrace time.Duration
	// Retention is how long finished deliveries (and their events) stay
	// listed before they are removed.
	Retention time.Duration
	// AllowNetworks are address ranges endpoints may resolve to although
	// they are loopback, private, link-local or otherwise internal
	// (development: 127.0.0.0/8). Everything else internal is refused.
	AllowNetworks []netip.Prefix
	// Keys holds the master key that seals endpoints' signing secrets at
	// rest. It has no flag of its own: the server copies in its
	// Config.ContentKeys (--key-master).
	Keys hlskey.Config
}

// DefaultConfig returns the defaults: 16 workers, retries from 5 s
// doubling to an hour for a day, no internal address allowed.
func DefaultConfig() Config {
	return Config{
		Workers:          16,
		PollInterval:     2 * time.Second,
		ConnectTimeout:   5 * time.Second,
		ResponseTimeout:  15 * time.Second,
		MaxResponseBytes: 4 << 10,
		BackoffBase:      5 * time.Second,
		BackoffMax:       time.Hour,
		RetryWindow:      24 * time.Hour,
		SecretGrace:      24 * time.Hour,
		Retention:        30 * 24 * time.Hour,
		Keys:             hlskey.DefaultConfig(),
	}
}

// Validate reports every bad setting at once, each named by its flag.
func (c Config) Validate() error {
	var errs []error
	if c.Workers < 1 || c.Workers > 1024 {
		errs = append(errs, fmt.Errorf("--webhook-workers %d must be between 1 and 1024", c.Workers))
	}
	pos := []struct {
		flag string
		d    time.Duration
	}{
		{"--webhook-poll-interval", c.PollInterval},
		{"--webhook-connect-timeout", c.ConnectTimeout},
		{"--webhook-response-timeout", c.ResponseTimeout},
		{"--webhook-backoff-base", c.BackoffBase},
		{"--webhook-backoff-max", c.BackoffMax},
		{"--webhook-retry-window", c.RetryWindow},
		{"--webhook-secret-grace", c.SecretGrace},
		{"--webhook-retention", c.Retention},
	}
	for _, p := range pos {
		if p.d <= 0 {
			errs = append(errs, fmt.Errorf("%s must be positive", p.flag))
		}
	}
	if c.BackoffMax < c.BackoffBase {
		errs = append(errs, errors.New("--webhook-backoff-max must be at least --webhook-backoff-base"))
	}
	if c.Retention < c.RetryWindow {
		errs = append(errs, errors.New("--webhook-retention must be at least --webhook-retry-window"))
	}
	if c.ConnectTimeout > c.ResponseTimeout {
		errs = append(errs, errors.New("--webhook-connect-timeout must not exceed --webhook-response-timeout"))
	}
	if c.MaxResponseBytes < 0 || c.MaxResponseBytes > 1<<20 {
		errs = append(errs, fmt.Errorf("--webhook-max-response-bytes %d must be between 0 and 1 MiB", c.MaxResponseBytes))
	}
	for _, p := range c.AllowNetworks {
		if !p.IsValid() {
			errs = append(errs, errors.New("--webhook-allow-networks: an invalid range"))
		}
	}
	return errors.Join(errs...)
}

// lease is how long a claimed delivery is hidden from other deliverers:
// an attempt cannot outlast ResponseTimeout, so twice that is safe.
func (c Config) lease() time.Duration { return 2*c.ResponseTimeout + 10*time.Second }

// backoff is the wait after the attempt-th failed attempt (1-based).
func (c Config) backoff(attempt int32) time.Duration {
	d := c.BackoffBase << min(max(attempt-1, 0), 30)
	if d <= 0 || d > c.BackoffMax {
		return c.BackoffMax
	}
	return d
}
