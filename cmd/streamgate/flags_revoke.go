package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/revoke"
)

// revokeFlags registers the chain watcher's flags; their defaults are c's.
func revokeFlags(fs *flag.FlagSet, c *revoke.Config) {
	fs.BoolVar(&c.Enabled, "revoke-watch", c.Enabled, "follow transfers of the contracts rules name and drop the moved wallets' cached answers on every replica (one replica scans at a time)")
	fs.DurationVar(&c.PollInterval, "revoke-poll-interval", c.PollInterval, "how often the chain watcher reads each chain's head")
	fs.Uint64Var(&c.MaxBlocks, "revoke-max-blocks", c.MaxBlocks, "widest block range of one eth_getLogs call of the chain watcher")
	fs.IntVar(&c.ReorgDepth, "revoke-reorg-depth", c.ReorgDepth, "scanned blocks whose hashes are kept to find a reorg's fork point")
	fs.DurationVar(&c.PositiveTTL, "revoke-positive-ttl", c.PositiveTTL, "how long a 'holds the token' answer is cached while the chain watcher runs (replaces --gate-positive-ttl then)")
	fs.DurationVar(&c.RedoAfter, "revoke-redo-after", c.RedoAfter, "repeat each invalidation after this long, for checks that were reading the chain during the transfer (keep above --gate-check-timeout)")
	fs.DurationVar(&c.RoundTimeout, "revoke-round-timeout", c.RoundTimeout, "deadline of one chain watcher round, every chain included")
}
