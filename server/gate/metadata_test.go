package gate_test

import (
	"context"
	"strings"
	"testing"
	"time"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
)

// A viewer reads, before signing in, what each contract of a rule is
// called on chain (absent where the contract has no name()), the chain's
// name and the explorer link the operator configured; a second read
// costs no chain call.
func TestGetAccessRuleNamesTheContracts(t *testing.T) {
	t.Parallel()
	f := sharedChain(t)
	id := f.chain.ChainID.Uint64()
	e := newEnvOn(t, f, func(c *gate.Config, _ *chain.Config) {
		c.Chains = []gate.ChainInfo{{ID: id, Name: "Test chain", Explorer: "https://explorer.test"}}
	})
	v := e.video(creator)
	e.mustSet(v, anyOf(
		cond(id, f.erc721, erc721),
		allOf(cond(id, f.erc20, gatev1.Standard_STANDARD_ERC20, minAmount("10")), cond(id, f.erc721, erc721, ids("1"))),
		cond(id, f.erc1155, gatev1.Standard_STANDARD_ERC1155, ids("7")),
	))
	read := func() *gatev1.GetAccessRuleResponse {
		t.Helper()
		res, err := e.client.GetAccessRule(context.Background(), as(nil, &gatev1.GetAccessRuleRequest{VideoId: v.String()}))
		if err != nil {
			t.Fatalf("anonymous GetAccessRule: %v", err)
		}
		return res.Msg
	}
	res := read()
	type named struct{ contract, name, symbol, link string }
	want := []named{
		{f.erc721.Hex(), "Test Pass", "TP", "https://explorer.test/address/" + f.erc721.Hex()},
		{f.erc20.Hex(), "Test Coin", "TC", "https://explorer.test/address/" + f.erc20.Hex()},
		{f.erc1155.Hex(), "", "", "https://explorer.test/address/" + f.erc1155.Hex()},
	}
	if len(res.GetContracts()) != len(want) {
		t.Fatalf("contracts %v, want %d (each once)", res.GetContracts(), len(want))
	}
	for i, c := range res.GetContracts() {
		got := named{c.GetContract(), c.GetName(), c.GetSymbol(), c.GetExplorerUrl()}
		if got != want[i] || c.GetChainId() != id {
			t.Errorf("contract %d: %+v on chain %d, want %+v", i, got, c.GetChainId(), want[i])
		}
	}
	if len(res.GetChains()) != 1 || res.GetChains()[0].GetName() != "Test chain" || res.GetChains()[0].GetExplorerUrl() != "https://explorer.test" {
		t.Errorf("chains %v, want the configured one", res.GetChains())
	}
	before := e.calls.n.Load()
	read()
	if n := e.calls.n.Load() - before; n != 0 {
		t.Errorf("a second read made %d chain calls, want 0 (cached)", n)
	}
	ungated := e.video(creator)
	res2, err := e.client.GetAccessRule(context.Background(), as(nil, &gatev1.GetAccessRuleRequest{VideoId: ungated.String()}))
	if err != nil || res2.Msg.GetRule() != nil || len(res2.Msg.GetContracts()) != 0 {
		t.Errorf("ungated: %v %v", res2, err)
	}
}

// A chain that cannot answer leaves the names out; the rule is still read.
func TestGetAccessRuleWithTheChainDown(t *testing.T) {
	t.Parallel()
	live := newEnv(t)
	id := live.f.chain.ChainID.Uint64()
	v := live.video(creator)
	live.mustSet(v, cond(id, live.f.erc721, erc721))
	reg, err := chain.New(context.Background(), withCallTimeout(chains(id, deadURL(t)), time.Second), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	rdb, prefix := testenv.Redis(t)
	dead, err := gate.NewChecker(gateConfig(prefix, nil), live.store, rdb, reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := serveChecker(t, dead).GetAccessRule(context.Background(), as(other, &gatev1.GetAccessRuleRequest{VideoId: v.String()}))
	if err != nil {
		t.Fatalf("GetAccessRule with the chain down: %v", err)
	}
	if c := res.Msg.GetContracts(); len(c) != 1 || c[0].GetName() != "" || c[0].GetContract() != live.f.erc721.Hex() {
		t.Errorf("contracts %v, want the contract without a name", c)
	}
	if ch := res.Msg.GetChains(); len(ch) != 1 || ch[0].GetChainId() != id {
		t.Errorf("chains %v", ch)
	}
}

// ListChains names every configured chain, with no session.
func TestListChains(t *testing.T) {
	t.Parallel()
	f := sharedChain(t)
	id := f.chain.ChainID.Uint64()
	e := newEnvOn(t, f, func(c *gate.Config, _ *chain.Config) {
		c.Chains = []gate.ChainInfo{{ID: id, Currency: "TEST"}}
	})
	res, err := e.client.ListChains(context.Background(), as(nil, &gatev1.ListChainsRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	c := res.Msg.GetChains()
	// The simulated chain is 1337: its built-in name stays, the
	// configured currency replaces the built-in one.
	if len(c) != 1 || c[0].GetChainId() != id || c[0].GetName() != "Local dev chain" || c[0].GetNativeCurrency() != "TEST" {
		t.Errorf("chains %v", c)
	}
}

func TestChainInfoFlag(t *testing.T) {
	t.Parallel()
	infos, err := gate.ParseChainInfos("8453=Base mainnet|https://basescan.org/|ETH; 777=My chain")
	if err != nil {
		t.Fatal(err)
	}
	want := "8453=Base mainnet|https://basescan.org|ETH,777=My chain||"
	if got := gate.FormatChainInfos(infos); got != want {
		t.Errorf("round trip %q, want %q", got, want)
	}
	for _, bad := range []string{"x=a", "0=a", "nameonly"} {
		if _, err := gate.ParseChainInfos(bad); err == nil {
			t.Errorf("ParseChainInfos(%q) accepted", bad)
		}
	}
	cfg := gate.DefaultConfig()
	for _, c := range []struct {
		infos []gate.ChainInfo
		flag  string
	}{
		{[]gate.ChainInfo{{ID: 1, Explorer: "javascript:alert(1)"}}, "explorer"},
		{[]gate.ChainInfo{{ID: 1, Name: "a\nb"}}, "printable"},
		{[]gate.ChainInfo{{ID: 1, Name: strings.Repeat("x", 65)}}, "printable"},
		{[]gate.ChainInfo{{ID: 1}, {ID: 1}}, "twice"},
	} {
		cfg.Chains = c.infos
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "--chain-info") || !strings.Contains(err.Error(), c.flag) {
			t.Errorf("Validate(%v) = %v, want a --chain-info error about %s", c.infos, err, c.flag)
		}
	}
}

// IDs passes the registry's chain ids through, for ListChains.
func (c *countingChains) IDs() []uint64 {
	return c.inner.(interface{ IDs() []uint64 }).IDs()
}
