package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/gate"
)

// chainInfoFlags registers --chain-info, the names, explorers and
// currencies people see for chains (the gate explains rules with them,
// the studio's chain picker lists them); its default is c's.
func chainInfoFlags(fs *flag.FlagSet, c *[]gate.ChainInfo) {
	fs.Var(parsed(c, gate.ParseChainInfos, gate.FormatChainInfos), "chain-info",
		"names, block explorers and currencies of chains, over the built-in ones of well-known chains: CHAIN_ID=NAME[|EXPLORER_URL[|CURRENCY]][,CHAIN_ID=...]")
}
