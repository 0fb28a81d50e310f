// Package outage bounds how long the server waits for anything: a
// deadline on every RPC and /play request, a timeout on every kind of
// dependency call (PostgreSQL, Redis, S3), and the mapping of a
// dependency that cannot answer to Unavailable with a Retry-After, so an
// outage costs callers a bounded wait and a clear answer, never a hang.
package outage

import (
	"errors"
	"fmt"
	"time"
)

// Config is the server's deadlines and its dependencies' timeouts.
type Config struct {
	// RPC bounds one unary RPC (--rpc-timeout). A long-poll (a request
	// with a wait, such as ClaimJob) gets its wait on top.
	RPC time.Duration
	// LongRPC bounds the unary RPCs that do heavy work by design
	// (CompleteUpload re-reads and probes the whole original)
	// (--rpc-long-timeout).
	LongRPC time.Duration
	// Play bounds one /play request, segment bytes included
	// (--play-timeout).
	Play time.Duration
	// RetryAfter is what an Unavailable answer tells clients to wait
	// (--retry-after).
	RetryAfter time.Duration
	// DBConnect bounds opening one PostgreSQL connection, when the URL
	// sets no connect_timeout (--db-connect-timeout).
	DBConnect time.Duration
	// DBQuery bounds a query whose context has no deadline of its own
	// (background work, clean-ups detached from a request)
	// (--db-query-timeout).
	DBQuery time.Duration
	// Redis bounds dialing Redis and waiting for any reply on an open
	// connection (--redis-timeout).
	Redis time.Duration
	// RedisRecheck is how long Redis is skipped after it failed: calls
	// fail at once as unavailable until then, and the next one tries it
	// again (--redis-recheck).
	RedisRecheck time.Duration
	// S3 bounds dialing S3 and the TLS handshake (--s3-timeout); a
	// request is bounded by its context's deadline.
	S3 time.Duration
}

// DefaultConfig is the settings cmd/streamgate starts from.
func DefaultConfig() Config {
	return Config{
		RPC:          15 * time.Second,
		LongRPC:      10 * time.Minute,
		Play:         30 * time.Second,
		RetryAfter:   2 * time.Second,
		DBConnect:    5 * time.Second,
		DBQuery:      30 * time.Second,
		Redis:        2 * time.Second,
		RedisRecheck: time.Second,
		S3:           10 * time.Second,
	}
}

// Validate reports every bad setting at once, each named by its flag.
func (c Config) Validate() error {
	var errs []error
	for _, d := range []struct {
		flag string
		v    time.Duration
	}{
		{"--rpc-timeout", c.RPC}, {"--rpc-long-timeout", c.LongRPC}, {"--play-timeout", c.Play},
		{"--retry-after", c.RetryAfter}, {"--db-connect-timeout", c.DBConnect}, {"--db-query-timeout", c.DBQuery},
		{"--redis-timeout", c.Redis}, {"--redis-recheck", c.RedisRecheck}, {"--s3-timeout", c.S3},
	} {
		if d.v <= 0 {
			errs = append(errs, fmt.Errorf("%s %v: must be positive", d.flag, d.v))
		}
	}
	if c.LongRPC < c.RPC {
		errs = append(errs, fmt.Errorf("--rpc-long-timeout %v is below --rpc-timeout %v", c.LongRPC, c.RPC))
	}
	return errors.Join(errs...)
}
