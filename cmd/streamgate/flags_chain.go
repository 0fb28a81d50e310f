package main

import (
	"flag"
	"strconv"
	"strings"

	"github.com/streamgate/streamgate/server/chain"
)

// chainFlags registers the flags of the chains the server reads (gate
// rules, sign-in's EIP-1271 check); their defaults are c's.
func chainFlags(fs *flag.FlagSet, c *chain.Config) {
	fs.Var(parsed(&c.Chains, chain.ParseSpecs, formatSpecs), "chain-rpc", "chains and their RPC endpoints in order of preference: CHAIN_ID=URL[|URL...][,CHAIN_ID=URL...]")
	fs.StringVar(&c.BlockTag, "chain-block-tag", c.BlockTag, "block that chain reads run against: latest, safe or finalized")
	fs.DurationVar(&c.CallTimeout, "chain-call-timeout", c.CallTimeout, "deadline of one call to one RPC endpoint before the next is tried")
	fs.Uint64Var(&c.CallGas, "chain-call-gas", c.CallGas, "gas cap of every eth_call (view calls: balances, ownership, EIP-1271 signatures)")
	fs.IntVar(&c.MulticallSize, "chain-multicall-size", c.MulticallSize, "most view calls batched into one eth_call on chains with Multicall3 (each batch gets its calls' gas, at most 50M)")
	fs.DurationVar(&c.HealthInterval, "chain-health-interval", c.HealthInterval, "how often every endpoint's chain id and head are checked")
	fs.DurationVar(&c.MaxHeadAge, "chain-max-head-age", c.MaxHeadAge, "an endpoint whose newest block is older is unhealthy (0: do not check)")
}

// formatSpecs writes specs the way chain.ParseSpecs reads them.
func formatSpecs(specs []chain.Spec) string {
	s := make([]string, len(specs))
	for i, sp := range specs {
		s[i] = strconv.FormatUint(sp.ID, 10) + "=" + strings.Join(sp.Endpoints, "|")
	}
	return strings.Join(s, ",")
}
