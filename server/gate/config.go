package gate

import (
	"errors"
	"time"

	"github.com/streamgate/streamgate/server/chain"
)

// Config is the service's own settings, filled in by cmd/streamgate.
type Config struct {
	// Chains are the chains rules may name, read by the server's one
	// chain.Registry (also used by sign-in).
	Chains chain.Config
	// RedisPrefix starts every key the gate writes (the server's
	// --redis-prefix).
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
	// for Redis before asking the chain. By default it asks both at once
	// and takes the first definite answer, which spares a first check a
	// Redis round trip but costs a chain call when another replica had
	// already cached the answer: set it with many replicas and an RPC
	// provider that bills per call.
	AskRedisFirst bool
	// MaxChainCalls caps the chain calls in flight from this process.
	MaxChainCalls int
	// CheckTimeout bounds one check, all chain calls included.
	CheckTimeout time.Duration
	// MaxDepth is the deepest nesting of any/all groups in a rule.
	MaxDepth int
	// MaxConditions caps the conditions in one rule.
	MaxConditions int
}

// Defaults fills zero settings.
func (c *Config) Defaults() {
	if c.PositiveTTL == 0 {
		c.PositiveTTL = 60 * time.Second
	}
	if c.NegativeTTL == 0 {
		c.NegativeTTL = 10 * time.Second
	}
	if c.RuleTTL == 0 {
		c.RuleTTL = 30 * time.Second
	}
	if c.MaxChainCalls == 0 {
		c.MaxChainCalls = 64
	}
	if c.CheckTimeout == 0 {
		c.CheckTimeout = 10 * time.Second
	}
	if c.MaxDepth == 0 {
		c.MaxDepth = 4
	}
	if c.MaxConditions == 0 {
		c.MaxConditions = 32
	}
}

// Validate reports bad settings.
func (c *Config) Validate() error {
	var errs []error
	if c.PositiveTTL < time.Millisecond || c.NegativeTTL < time.Millisecond || c.RuleTTL < time.Millisecond {
		errs = append(errs, errors.New("gate cache TTLs must be at least 1ms"))
	}
	if c.MaxChainCalls < 1 {
		errs = append(errs, errors.New("gate max chain calls must be at least 1"))
	}
	if c.CheckTimeout <= 0 {
		errs = append(errs, errors.New("gate check timeout must be positive"))
	}
	if c.MaxDepth < 1 || c.MaxDepth > 16 || c.MaxConditions < 1 || c.MaxConditions > 256 {
		errs = append(errs, errors.New("gate rule limits: depth 1..16, conditions 1..256"))
	}
	return errors.Join(errs...)
}
