// Package revoke is the chain watcher: it follows the transfer logs of
// every contract a current access rule names and, when a token moves,
// drops the cached answers of both wallets on every replica at once, so
// that a wallet that sold its pass is refused at its next renewal and key
// fetch; it tells the video's creator (access.revoked) of each live
// playback grant the transfer ended.
//
// One replica scans at a time (a PostgreSQL advisory lock); every gate
// and playback replica subscribes to the broadcast of dropped answers.
package revoke

import (
	"errors"
	"fmt"
	"time"
)

// Config is the watcher's settings, filled in by cmd/streamgate.
type Config struct {
	// Enabled runs the watcher (on the replica that holds the lease) and
	// the broadcast subscription (on every gate and playback replica).
	Enabled bool
	// RedisPrefix starts the broadcast channel's name; the server sets it
	// from its shared Config.RedisPrefix.
	RedisPrefix string
	// PollInterval is how often the chain head is read.
	PollInterval time.Duration
	// MaxBlocks is the widest block range of one eth_getLogs call.
	MaxBlocks uint64
	// ReorgDepth is how many scanned blocks' hashes are kept to find the
	// fork point after a reorganisation; a deeper reorg re-scans them all.
	ReorgDepth int
	// PositiveTTL replaces the gate's --gate-positive-ttl while the watcher
	// runs: transfers, not a timer, end a "holds" answer.
	PositiveTTL time.Duration
	// RedoAfter repeats each invalidation once after this long: a check
	// that read the chain just before the transfer and stored its answer
	// just after the first invalidation is dropped by the second. Keep it
	// above --gate-check-timeout.
	RedoAfter time.Duration
	// RoundTimeout bounds one round of the watcher (all chains).
	RoundTimeout time.Duration
}

// DefaultConfig is the settings cmd/streamgate starts from: off.
func DefaultConfig() Config {
	return Config{
		PollInterval: 2 * time.Second,
		MaxBlocks:    1000,
		ReorgDepth:   64,
		PositiveTTL:  time.Hour,
		RedoAfter:    15 * time.Second,
		RoundTimeout: 30 * time.Second,
	}
}

// Validate reports every bad setting at once, each named by its flag.
func (c Config) Validate() error {
	var errs []error
	if c.PollInterval < 10*time.Millisecond {
		errs = append(errs, fmt.Errorf("--revoke-poll-interval %s: want at least 10ms", c.PollInterval))
	}
	if c.MaxBlocks < 1 || c.MaxBlocks > 100_000 {
		errs = append(errs, fmt.Errorf("--revoke-max-blocks %d: want 1 to 100000", c.MaxBlocks))
	}
	if c.ReorgDepth < 2 || c.ReorgDepth > 10_000 {
		errs = append(errs, fmt.Errorf("--revoke-reorg-depth %d: want 2 to 10000", c.ReorgDepth))
	}
	if c.PositiveTTL < time.Millisecond {
		errs = append(errs, errors.New("--revoke-positive-ttl must be at least 1ms"))
	}
	if c.RedoAfter <= 0 || c.RoundTimeout <= 0 {
		errs = append(errs, errors.New("--revoke-redo-after and --revoke-round-timeout must be positive"))
	}
	return errors.Join(errs...)
}

// channel is the broadcast channel of dropped answer keys. A plain
// PUBLISH reaches every node of a Redis Cluster, so it needs no hash tag.
func (c Config) channel() string { return c.RedisPrefix + "gate:v1:forget" }
