// Package objectgc removes objects nobody needs any more. Uploads,
// videos and transcode attempts queue the prefixes they abandon in the
// object_deletions table, in the same transaction as the change that
// abandons them; this package drains that queue. The server runs it
// whenever it hosts any service that feeds it, so no split of
// --services leaves objects behind.
package objectgc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/lifecycle"
)

// batch is how many prefixes one sweep claims at a time.
const batch = 20

// lease is how long a claimed batch is hidden from other sweepers.
const lease = 10 * time.Minute

// Config is the collector's settings.
type Config struct {
	// Interval is how often the queue is drained.
	Interval time.Duration
	// MaxBackoff caps the wait between attempts on one prefix.
	MaxBackoff time.Duration
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config { return Config{Interval: 30 * time.Second, MaxBackoff: time.Hour} }

// Validate reports settings that cannot work.
func (c Config) Validate() error {
	if c.Interval <= 0 || c.MaxBackoff <= 0 {
		return errors.New("objectgc: the sweep interval and the longest backoff must be positive")
	}
	return nil
}

// Store is the part of the database the collector uses.
type Store interface {
	ClaimObjectDeletions(ctx context.Context, arg dbq.ClaimObjectDeletionsParams) ([]dbq.ObjectDeletion, error)
	DoneObjectDeletion(ctx context.Context, prefix string) error
	RetryObjectDeletion(ctx context.Context, arg dbq.RetryObjectDeletionParams) error
}

// Deps are the collector's connections.
type Deps struct {
	Store  Store
	S3     *minio.Client
	Bucket string
	Log    *slog.Logger
}

// Collector drains the deletion queue.
type Collector struct {
	cfg  Config
	deps Deps
}

// New returns a collector; Run starts it.
func New(cfg Config, deps Deps) (*Collector, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Store == nil || deps.S3 == nil {
		return nil, errors.New("objectgc: needs a store and S3")
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	return &Collector{cfg: cfg, deps: deps}, nil
}

// Run sweeps every Interval until ctx ends.
func (c *Collector) Run(ctx context.Context) error {
	return lifecycle.Every(ctx, c.cfg.Interval, func(ctx context.Context) {
		if _, err := c.Sweep(ctx); err != nil && ctx.Err() == nil {
			c.deps.Log.Warn("object sweep failed", "err", err)
		}
	})
}

// Sweep removes the queued prefixes that are due, and returns how many
// it emptied. A prefix that fails is retried later with exponential
// backoff; it stays queued until storage confirms it is gone.
func (c *Collector) Sweep(ctx context.Context) (int, error) {
	items, err := c.deps.Store.ClaimObjectDeletions(ctx, dbq.ClaimObjectDeletionsParams{LeaseSeconds: lease.Seconds(), Lim: batch})
	if err != nil {
		return 0, fmt.Errorf("claim object deletions: %w", err)
	}
	done := 0
	for _, it := range items {
		err := RemovePrefix(ctx, c.deps.S3, c.deps.Bucket, it.Prefix)
		if err == nil {
			if err := c.deps.Store.DoneObjectDeletion(ctx, it.Prefix); err != nil {
				return done, fmt.Errorf("finish object deletion: %w", err)
			}
			done++
			continue
		}
		backoff := min(time.Duration(1<<min(it.Attempts, 20))*time.Second, c.cfg.MaxBackoff)
		c.deps.Log.Warn("removing objects failed; will retry", "prefix", it.Prefix, "attempt", it.Attempts, "in", backoff, "err", err)
		if err := c.deps.Store.RetryObjectDeletion(ctx, dbq.RetryObjectDeletionParams{
			LastError: err.Error(), BackoffSeconds: backoff.Seconds(), Prefix: it.Prefix,
		}); err != nil {
			return done, fmt.Errorf("reschedule object deletion: %w", err)
		}
	}
	return done, nil
}
