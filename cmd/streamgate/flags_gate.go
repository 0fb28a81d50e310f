package main

import (
	"flag"
	"time"

	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
)

// gateFlags registers the gate service's flags and the chains it reads.
func gateFlags(fs *flag.FlagSet, c *gate.Config) {
	fs.Func("chain-rpc", "chains and their RPC endpoints in order of preference: CHAIN_ID=URL[|URL...][,CHAIN_ID=URL...]", func(s string) error {
		specs, err := chain.ParseSpecs(s)
		c.Chains.Chains = specs
		return err
	})
	fs.StringVar(&c.Chains.BlockTag, "chain-block-tag", "latest", "block that chain reads run against: latest, safe or finalized")
	fs.DurationVar(&c.Chains.CallTimeout, "chain-call-timeout", 3*time.Second, "deadline of one call to one RPC endpoint before the next is tried")
	fs.Uint64Var(&c.Chains.CallGas, "chain-call-gas", chain.DefaultCallGas, "gas cap of every eth_call (view calls: balances, ownership, EIP-1271 signatures)")
	fs.DurationVar(&c.Chains.HealthInterval, "chain-health-interval", 15*time.Second, "how often every endpoint's chain id and head are checked")
	fs.DurationVar(&c.Chains.MaxHeadAge, "chain-max-head-age", 5*time.Minute, "an endpoint whose newest block is older is unhealthy (0: do not check)")
	fs.DurationVar(&c.PositiveTTL, "gate-positive-ttl", 60*time.Second, "how long a 'holds the token' answer is cached")
	fs.DurationVar(&c.NegativeTTL, "gate-negative-ttl", 10*time.Second, "how long a 'does not hold' answer is cached")
	fs.DurationVar(&c.RuleTTL, "gate-rule-ttl", 30*time.Second, "how long a video's rule is cached (changes through the API invalidate it at once)")
	fs.BoolVar(&c.AskRedisFirst, "gate-ask-redis-first", false, "a first check waits for Redis before asking the chain (fewer chain calls with many replicas; one more round trip)")
	fs.IntVar(&c.MaxChainCalls, "gate-max-chain-calls", 64, "chain calls in flight at once from this process")
	fs.DurationVar(&c.CheckTimeout, "gate-check-timeout", 10*time.Second, "deadline of one access check, every chain call included")
	fs.IntVar(&c.MaxDepth, "gate-max-depth", 4, "deepest nesting of any/all groups in a rule")
	fs.IntVar(&c.MaxConditions, "gate-max-conditions", 32, "most conditions in one rule")
}

// validateGate checks the gate service's settings.
func validateGate(c *gate.Config) error {
	c.Chains.Defaults()
	if err := c.Chains.Validate(); err != nil {
		return err
	}
	return c.Validate()
}
