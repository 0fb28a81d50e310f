package gate

import (
	"errors"
	"fmt"
	"time"
)

// Config is the service's own settings, filled in by cmd/streamgate.
type Config struct {
	// RedisPrefix starts every key the gate writes. It has no flag of its
	// own: the server sets it from its shared Config.RedisPrefix.
	RedisPrefix string
	// PositiveTTL is how long a "holds" answer is trusted.
	PositiveTTL time.Duration
	// NegativeTTL is how long a "does not hold" answer is trusted; short, so
	// that a wallet that just bought a token gets in soon.
	NegativeTTL time.Duration
	// RuleTTL is how long a video's rule is cached; writes through this
	// service invalidate it at once, on every server. It also bounds how
	// long a check that raced a write (read the old row, cached it after
	// the invalidation) can keep the old rule, so keep it short.
	RuleTTL time.Duration
	// AskRedisFirst makes a check this process has never answered wait
	// for Redis before asking the chain. By default it asks the chain
	// (and Redis only if the chain is slow or fails: AskRedisAfter),
	// which spares a first check a Redis round trip but costs a chain
	// call when another replica had already cached the answer: set it
	// with many replicas and an RPC provider that bills per call.
	AskRedisFirst bool
	// AskRedisAfter is how long a check this process has never answered
	// waits for the chain before it asks Redis too (another replica may
	// have cached the answer), taking the first definite answer; a chain
	// that fails asks Redis at once. 0 asks both at the same time. A
	// healthy chain answers first, and the check then costs no Redis
	// round trip. Unused with AskRedisFirst.
	AskRedisAfter time.Duration
	// MaxChainCalls caps the chain calls in flight from this process.
	MaxChainCalls int
	// CheckTimeout bounds one check, all chain calls included.
	CheckTimeout time.Duration
	// MaxDepth is the deepest nesting of any/all groups in a rule.
	MaxDepth int
	// MaxConditions caps the conditions in one rule.
	MaxConditions int
	// MaxCallsPerCheck caps the chain calls (eth_calls, a Multicall3
	// batch counting one) one check may make. A rule that may need more
	// is refused when set, and a check that would need more fails closed
	// without a call.
	MaxCallsPerCheck int
	// MaxVaults caps the delegate.xyz vaults read for one condition that
	// accepts delegations (anyone may delegate to any wallet, so the
	// registry's list is not bounded by the wallet's owner).
	MaxVaults int
	// RuleMemo caps the decoded rules kept in memory.
	RuleMemo int
	// RateWindow, RatePerCaller and RatePerVideo limit the checks that
	// must read the chain (cached answers are free) through CheckAccess
	// and ExplainAccess: per signed-in caller and per video, per window.
	RateWindow    time.Duration
	RatePerCaller int64
	RatePerVideo  int64
	// Chains names chains, their explorers and currencies (--chain-info),
	// over the built-in table of well-known chains (chains.go).
	Chains []ChainInfo
}

// DefaultConfig is the settings cmd/streamgate starts from (its flags'
// defaults). RedisPrefix is left empty: the server sets it from its own.
func DefaultConfig() Config {
	return Config{
		PositiveTTL:   60 * time.Second,
		NegativeTTL:   10 * time.Second,
		RuleTTL:       30 * time.Second,
		AskRedisAfter: 20 * time.Millisecond,
		MaxChainCalls: 64,
		CheckTimeout:  10 * time.Second,
		MaxDepth:      4,
		MaxConditions: 32,
		// 32 simple conditions, or a 100-id range, call by call; with
		// Multicall3 the largest rule (32 ranges of 100 ids) takes 14.
		MaxCallsPerCheck: 128,
		MaxVaults:        8,
		RuleMemo:         10_000,
		RateWindow:       time.Minute,
		RatePerCaller:    120,
		RatePerVideo:     1200,
	}
}

// Validate reports every bad setting at once, each named by its flag.
func (c Config) Validate() error {
	var errs []error
	if c.PositiveTTL < time.Millisecond || c.NegativeTTL < time.Millisecond || c.RuleTTL < time.Millisecond {
		errs = append(errs, errors.New("--gate-positive-ttl, --gate-negative-ttl and --gate-rule-ttl must be at least 1ms"))
	}
	if c.MaxChainCalls < 1 {
		errs = append(errs, fmt.Errorf("--gate-max-chain-calls %d: want at least 1", c.MaxChainCalls))
	}
	if c.AskRedisAfter < 0 {
		// No upper bound: a chain that outlasts the check timeout fails,
		// and a failed chain read asks Redis at once.
		errs = append(errs, fmt.Errorf("gate AskRedisAfter %s: want 0 or more", c.AskRedisAfter))
	}
	if c.CheckTimeout <= 0 {
		errs = append(errs, errors.New("--gate-check-timeout must be positive"))
	}
	if c.MaxDepth < 1 || c.MaxDepth > 16 {
		errs = append(errs, fmt.Errorf("--gate-max-depth %d: want 1 to 16", c.MaxDepth))
	}
	if c.MaxConditions < 1 || c.MaxConditions > 256 {
		errs = append(errs, fmt.Errorf("--gate-max-conditions %d: want 1 to 256", c.MaxConditions))
	}
	if c.MaxVaults < 1 || c.MaxVaults > 64 {
		errs = append(errs, fmt.Errorf("--gate-max-vaults %d: want 1 to 64", c.MaxVaults))
	}
	if c.MaxCallsPerCheck < 1 {
		errs = append(errs, fmt.Errorf("--gate-max-calls-per-check %d: want at least 1", c.MaxCallsPerCheck))
	}
	if c.RuleMemo < 1 {
		errs = append(errs, fmt.Errorf("--gate-rule-memo %d: want at least 1", c.RuleMemo))
	}
	if c.RateWindow < time.Millisecond || c.RatePerCaller < 1 || c.RatePerVideo < 1 {
		errs = append(errs, errors.New("--gate-rate-window must be at least 1ms, --gate-rate-per-caller and --gate-rate-per-video at least 1"))
	}
	errs = append(errs, validateChainInfos(c.Chains))
	return errors.Join(errs...)
}
