package main

import (
	"context"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/streamgate/streamgate/contracts/bindings"
	"github.com/streamgate/streamgate/contracts/devnet"
)

// TestDevChain runs the dev chain as `make run` does (auto-sealing, on a
// free port), then mints with the mint command over JSON-RPC.
func TestDevChain(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := devnet.New(devnet.Options{ChainID: ChainID, Addr: "127.0.0.1:0", Owner: deployerKey,
		Funded: []common.Address{devnet.Address(holderKey), devnet.Address(viewerKey)}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.AutoMine = true
	// Stop sealing before the chain closes: a seal racing Close panics.
	sealed := make(chan struct{})
	go func() { seal(ctx, c); close(sealed) }()
	defer func() { cancel(); <-sealed }()
	demo, err := setUp(c)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "devchain.json")
	if err := writeOut(out, demo); err != nil {
		t.Fatal(err)
	}
	env, err := os.ReadFile(filepath.Join(filepath.Dir(out), "devchain.env"))
	if err != nil || !strings.Contains(string(env), "STREAMGATE_CHAIN_RPC='31337="+c.URL+"'") ||
		!strings.Contains(string(env), "STREAMGATE_DEMO_HOLDER_KEY='0x") {
		t.Errorf("devchain.env: %s %v", env, err)
	}

	client, err := ethclient.DialContext(ctx, c.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if id, err := client.ChainID(ctx); err != nil || id.Uint64() != ChainID {
		t.Fatalf("chain id %v %v", id, err)
	}
	// Multicall3 is at its canonical address from genesis, and batches.
	mc := bindings.NewMulticall3()
	res, err := bind.Call(mc.Instance(client, devnet.Multicall3Address), nil, mc.PackAggregate3([]bindings.Multicall3Call3{
		{Target: common.HexToAddress(demo.Collection), AllowFailure: true, CallData: bindings.NewGateERC721().PackOwnerOf(big.NewInt(1))},
		{Target: common.HexToAddress(demo.Collection), AllowFailure: true, CallData: bindings.NewGateERC721().PackOwnerOf(big.NewInt(12345))},
	}), mc.UnpackAggregate3)
	if err != nil || len(res) != 2 || !res[0].Success || common.BytesToAddress(res[0].ReturnData) != devnet.Address(holderKey) || res[1].Success {
		t.Errorf("aggregate3 at %s: %+v %v, want token 1's owner then a failure", devnet.Multicall3Address, res, err)
	}
	coll := common.HexToAddress(demo.Collection)
	if owner := ownerOf(t, client, coll, 1); owner != devnet.Address(holderKey) {
		t.Errorf("token 1 belongs to %s, want the demo holder", owner)
	}
	to := devnet.Address(viewerKey)
	if err := mint(ctx, []string{"--rpc", c.URL, "--to", to.Hex(), "--id", "9", "--collection", demo.Collection}); err != nil {
		t.Fatal(err)
	}
	if owner := ownerOf(t, client, coll, 9); owner != to {
		t.Errorf("minted token 9 belongs to %s, want %s", owner, to)
	}
	if err := mint(ctx, []string{"--rpc", c.URL, "--to", to.Hex(), "--id", "9", "--collection", demo.Collection}); err == nil {
		t.Error("minting a taken id succeeded")
	}

	// transfer: the demo holder gives token 1 away, and the new holder
	// (by its key) gives it back; a wallet that does not hold it cannot.
	if err := transfer(ctx, []string{"--rpc", c.URL, "--to", to.Hex(), "--collection", demo.Collection}); err != nil {
		t.Fatal(err)
	}
	if owner := ownerOf(t, client, coll, 1); owner != to {
		t.Errorf("after transfer token 1 belongs to %s, want %s", owner, to)
	}
	if err := transfer(ctx, []string{"--rpc", c.URL, "--to", to.Hex(), "--collection", demo.Collection}); err == nil {
		t.Error("the demo holder transferred a pass it no longer holds")
	}
	back := []string{"--rpc", c.URL, "--to", devnet.Address(holderKey).Hex(), "--from-key", wallet(viewerKey).PrivateKey, "--collection", demo.Collection}
	if err := transfer(ctx, back); err != nil {
		t.Fatal(err)
	}
	if owner := ownerOf(t, client, coll, 1); owner != devnet.Address(holderKey) {
		t.Errorf("after the transfer back token 1 belongs to %s, want the demo holder", owner)
	}
}

func ownerOf(t *testing.T, client *ethclient.Client, coll common.Address, id int64) common.Address {
	t.Helper()
	e721 := bindings.NewGateERC721()
	owner, err := bind.Call(e721.Instance(client, coll), nil, e721.PackOwnerOf(big.NewInt(id)), e721.UnpackOwnerOf)
	if err != nil {
		t.Fatal(err)
	}
	return owner
}
