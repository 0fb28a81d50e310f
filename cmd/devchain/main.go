// Command devchain runs a local EVM chain for development: go-ethereum's
// simulated backend served over JSON-RPC, sealing a block every second and
// as soon as a transaction arrives, with the demo collection "StreamGate
// Demo Pass" (ERC-721) deployed and token 1 minted to a demo holder.
//
// Its keys derive from fixed seeds and are printed: they guard nothing but
// this local chain.
//
//	devchain [--addr 127.0.0.1:8545] [--out .stack/devchain.json]   run the chain
//	devchain mint --to 0xADDR [--id N] [--rpc URL]                   mint a demo pass
//	devchain transfer --to 0xADDR [--id 1] [--rpc URL]               the demo holder gives a pass away
package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/streamgate/streamgate/contracts/bindings"
	"github.com/streamgate/streamgate/contracts/devnet"
)

// ChainID is the dev chain's id, the usual one of local EVM chains.
const ChainID = 31337

// Demo is what the dev chain writes to --out for tools and demos.
type Demo struct {
	ChainID     uint64 `json:"chain_id"`
	RPC         string `json:"rpc"`
	Collection  string `json:"collection"`
	Deployer    Wallet `json:"deployer"`
	Holder      Wallet `json:"holder"`
	NonHolder   Wallet `json:"non_holder"`
	HolderToken string `json:"holder_token"`
}

// Wallet is a demo key pair.
type Wallet struct {
	Address    string `json:"address"`
	PrivateKey string `json:"private_key"`
}

func wallet(k *ecdsa.PrivateKey) Wallet {
	return Wallet{Address: devnet.Address(k).Hex(), PrivateKey: "0x" + hex.EncodeToString(crypto.FromECDSA(k))}
}

var (
	deployerKey = devnet.Key("demo-deployer")
	holderKey   = devnet.Key("demo-holder")
	viewerKey   = devnet.Key("demo-viewer")
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch {
	case len(os.Args) > 1 && os.Args[1] == "mint":
		err = mint(ctx, os.Args[2:])
	case len(os.Args) > 1 && os.Args[1] == "transfer":
		err = transfer(ctx, os.Args[2:])
	default:
		err = run(ctx, os.Args[1:])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "devchain:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("devchain", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8545", "JSON-RPC listen address")
	out := fs.String("out", "", "write the demo wallets and contract as JSON here, and shell exports beside it (devchain.env)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	c, err := devnet.New(devnet.Options{ChainID: ChainID, Addr: *addr, Owner: deployerKey,
		Funded: []common.Address{devnet.Address(holderKey), devnet.Address(viewerKey)}})
	if err != nil {
		return err
	}
	defer c.Close()
	c.AutoMine = true
	go seal(ctx, c)
	demo, err := setUp(c)
	if err != nil {
		return err
	}
	if *out != "" {
		if err := writeOut(*out, demo); err != nil {
			return err
		}
	}
	log.Info("dev chain ready", "rpc", demo.RPC, "chain_id", demo.ChainID, "collection", demo.Collection,
		"holder", demo.Holder.Address, "holder_key", demo.Holder.PrivateKey,
		"non_holder", demo.NonHolder.Address, "non_holder_key", demo.NonHolder.PrivateKey,
		"multicall3", devnet.Multicall3Address, "delegate_registry", devnet.DelegateRegistryAddress)
	<-ctx.Done()
	return nil
}

// seal commits a block every second, and at once when transactions wait.
func seal(ctx context.Context, c *devnet.Chain) {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		n, err := c.Backend.Client().PendingTransactionCount(ctx)
		if (err == nil && n > 0) || time.Since(last) >= time.Second {
			c.Backend.Commit()
			last = time.Now()
		}
	}
}

func setUp(c *devnet.Chain) (Demo, error) {
	e721 := bindings.NewGateERC721()
	coll, err := c.Deploy(&bindings.GateERC721MetaData, e721.PackConstructor("StreamGate Demo Pass", "SGPASS"))
	if err != nil {
		return Demo{}, err
	}
	if err := c.Send(nil, &bindings.GateERC721MetaData, coll, e721.PackMint(devnet.Address(holderKey), big.NewInt(1))); err != nil {
		return Demo{}, err
	}
	return Demo{ChainID: ChainID, RPC: c.URL, Collection: coll.Hex(), Deployer: wallet(deployerKey),
		Holder: wallet(holderKey), NonHolder: wallet(viewerKey), HolderToken: "1"}, nil
}

// writeOut writes the JSON file and, beside it, devchain.env with the
// exports that scripts/stack.sh appends to .stack/env.
func writeOut(path string, d Demo) error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return err
	}
	env := strings.Join([]string{
		fmt.Sprintf("export STREAMGATE_CHAIN_RPC='%d=%s'", d.ChainID, d.RPC),
		fmt.Sprintf("export STREAMGATE_DEMO_CHAIN_ID='%d'", d.ChainID),
		fmt.Sprintf("export STREAMGATE_DEMO_COLLECTION='%s'", d.Collection),
		fmt.Sprintf("export STREAMGATE_DEMO_HOLDER='%s'", d.Holder.Address),
		fmt.Sprintf("export STREAMGATE_DEMO_HOLDER_KEY='%s'", d.Holder.PrivateKey),
		fmt.Sprintf("export STREAMGATE_DEMO_VIEWER='%s'", d.NonHolder.Address),
		fmt.Sprintf("export STREAMGATE_DEMO_VIEWER_KEY='%s'", d.NonHolder.PrivateKey),
		fmt.Sprintf("export STREAMGATE_DEMO_DEPLOYER_KEY='%s'", d.Deployer.PrivateKey),
	}, "\n") + "\n"
	return os.WriteFile(filepath.Join(filepath.Dir(path), "devchain.env"), []byte(env), 0o600)
}

// mint sends a mint of the demo collection to a running dev chain.
func mint(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("devchain mint", flag.ContinueOnError)
	rpcURL := fs.String("rpc", "http://127.0.0.1:8545", "dev chain JSON-RPC URL")
	to := fs.String("to", "", "address to mint to")
	id := fs.String("id", "", "token id (default: a fresh one from the time)")
	coll := fs.String("collection", os.Getenv("STREAMGATE_DEMO_COLLECTION"), "collection address (default $STREAMGATE_DEMO_COLLECTION)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !common.IsHexAddress(*to) || !common.IsHexAddress(*coll) {
		return errors.New("mint needs --to and --collection (or $STREAMGATE_DEMO_COLLECTION) as 0x addresses")
	}
	tokenID := big.NewInt(time.Now().UnixNano())
	if *id != "" {
		var ok bool
		if tokenID, ok = new(big.Int).SetString(*id, 10); !ok {
			return fmt.Errorf("--id %q is not a decimal number", *id)
		}
	}
	client, err := ethclient.DialContext(ctx, *rpcURL)
	if err != nil {
		return err
	}
	defer client.Close()
	e721 := bindings.NewGateERC721()
	bc := e721.Instance(client, common.HexToAddress(*coll))
	tx, err := bind.Transact(bc, bind.NewKeyedTransactor(deployerKey, big.NewInt(ChainID)), e721.PackMint(common.HexToAddress(*to), tokenID))
	if err != nil {
		return fmt.Errorf("mint: %w", err)
	}
	r, err := waitMined(ctx, client, tx)
	if err != nil {
		return err
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return errors.New("mint reverted (is that token id taken?)")
	}
	fmt.Printf("minted token %s of %s to %s in block %s\n", tokenID, *coll, common.HexToAddress(*to).Hex(), r.BlockNumber)
	return nil
}

// transfer sends a pass of the demo collection from a holder (the demo
// holder by default) to another address: the demo's "the holder sold
// the pass" step.
func transfer(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("devchain transfer", flag.ContinueOnError)
	rpcURL := fs.String("rpc", "http://127.0.0.1:8545", "dev chain JSON-RPC URL")
	to := fs.String("to", "", "address to give the pass to")
	id := fs.String("id", "1", "token id")
	from := fs.String("from-key", "", "private key (0x hex) of the holder (default: the demo holder)")
	coll := fs.String("collection", os.Getenv("STREAMGATE_DEMO_COLLECTION"), "collection address (default $STREAMGATE_DEMO_COLLECTION)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !common.IsHexAddress(*to) || !common.IsHexAddress(*coll) {
		return errors.New("transfer needs --to and --collection (or $STREAMGATE_DEMO_COLLECTION) as 0x addresses")
	}
	tokenID, ok := new(big.Int).SetString(*id, 10)
	if !ok {
		return fmt.Errorf("--id %q is not a decimal number", *id)
	}
	key := holderKey
	if *from != "" {
		k, err := crypto.HexToECDSA(strings.TrimPrefix(*from, "0x"))
		if err != nil {
			return fmt.Errorf("--from-key: %w", err)
		}
		key = k
	}
	client, err := ethclient.DialContext(ctx, *rpcURL)
	if err != nil {
		return err
	}
	defer client.Close()
	e721 := bindings.NewGateERC721()
	bc := e721.Instance(client, common.HexToAddress(*coll))
	holder := devnet.Address(key)
	tx, err := bind.Transact(bc, bind.NewKeyedTransactor(key, big.NewInt(ChainID)), e721.PackTransferFrom(holder, common.HexToAddress(*to), tokenID))
	if err != nil {
		return fmt.Errorf("transfer: %w", err)
	}
	r, err := waitMined(ctx, client, tx)
	if err != nil {
		return err
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return fmt.Errorf("transfer reverted (does %s hold token %s?)", holder.Hex(), tokenID)
	}
	fmt.Printf("transferred token %s of %s from %s to %s in block %s\n", tokenID, *coll, holder.Hex(), common.HexToAddress(*to).Hex(), r.BlockNumber)
	return nil
}

func waitMined(ctx context.Context, client *ethclient.Client, tx *types.Transaction) (*types.Receipt, error) {
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return bind.WaitMined(wctx, client, tx.Hash())
}
