package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/gate"
)

// gateFlags registers the gate service's flags; their defaults are c's.
func gateFlags(fs *flag.FlagSet, c *gate.Config) {
	fs.DurationVar(&c.PositiveTTL, "gate-positive-ttl", c.PositiveTTL, "how long a 'holds the token' answer is cached")
	fs.DurationVar(&c.NegativeTTL, "gate-negative-ttl", c.NegativeTTL, "how long a 'does not hold' answer is cached")
	fs.DurationVar(&c.RuleTTL, "gate-rule-ttl", c.RuleTTL, "how long a video's rule is cached (changes through the API invalidate it at once)")
	fs.BoolVar(&c.AskRedisFirst, "gate-ask-redis-first", c.AskRedisFirst, "a first check waits for Redis before asking the chain (fewer chain calls with many replicas; one more round trip)")
	fs.DurationVar(&c.AskRedisAfter, "gate-ask-redis-after", c.AskRedisAfter, "a first check asks Redis for another replica's answer only when the chain has not answered within this (0: at once, beside the chain call)")
	fs.IntVar(&c.MaxChainCalls, "gate-max-chain-calls", c.MaxChainCalls, "chain calls in flight at once from this process")
	fs.DurationVar(&c.CheckTimeout, "gate-check-timeout", c.CheckTimeout, "deadline of one access check, every chain call included")
	fs.IntVar(&c.MaxDepth, "gate-max-depth", c.MaxDepth, "deepest nesting of any/all groups in a rule")
	fs.IntVar(&c.MaxConditions, "gate-max-conditions", c.MaxConditions, "most conditions in one rule")
	fs.IntVar(&c.MaxCallsPerCheck, "gate-max-calls-per-check", c.MaxCallsPerCheck, "most chain calls one check may make (a Multicall3 batch is one); costlier rules are refused")
	fs.IntVar(&c.MaxVaults, "gate-max-vaults", c.MaxVaults, "most delegate.xyz vaults read for one condition that accepts delegations")
	fs.IntVar(&c.RuleMemo, "gate-rule-memo", c.RuleMemo, "most decoded rules kept in memory")
	fs.DurationVar(&c.RateWindow, "gate-rate-window", c.RateWindow, "window of the CheckAccess/ExplainAccess rate limits")
	fs.Int64Var(&c.RatePerCaller, "gate-rate-per-caller", c.RatePerCaller, "checks that read the chain one caller may make per window (cached answers are free)")
	fs.Int64Var(&c.RatePerVideo, "gate-rate-per-video", c.RatePerVideo, "checks that read the chain one video may get per window (cached answers are free)")
}
