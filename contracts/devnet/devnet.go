// Package devnet runs go-ethereum's simulated backend as a local chain
// served over JSON-RPC, and deploys and drives StreamGate's token contracts
// on it. The dev chain (cmd/devchain) and the gate's tests share it.
package devnet

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm/runtime"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"

	"github.com/streamgate/streamgate/contracts/bindings"
)

// Multicall3Address is where Multicall3 lives on most EVM chains; the
// chain New starts has it there from the genesis block, so that batched
// reads are tested as they run on a real chain.
var Multicall3Address = common.HexToAddress("0xcA11bde05977b3631167028862bE2a173976CA11")

// DelegateRegistryAddress is where the delegate.xyz v2 registry lives on
// every chain; the chain New starts has StreamGate's implementation of its
// interface (contracts/src/DelegateRegistry.sol) there from the genesis
// block.
var DelegateRegistryAddress = common.HexToAddress("0x00000000000000447e69651d841bD8D104Bed493")

// genesisCode runs a contract's constructor (it must take no arguments)
// in a bare EVM and returns the code it deploys, for the genesis block.
func genesisCode(meta *bind.MetaData) ([]byte, error) {
	code, _, _, err := runtime.Create(common.FromHex(meta.Bin), nil)
	if err != nil {
		return nil, fmt.Errorf("devnet: %s constructor: %w", meta.ID, err)
	}
	return code, nil
}

// multicall3Code runs Multicall3's constructor in a bare EVM and returns
// the code it deploys: genesis takes runtime code, the artifact holds
// creation code.
func multicall3Code() ([]byte, error) {
	code, _, _, err := runtime.Create(common.FromHex(bindings.Multicall3MetaData.Bin), nil)
	if err != nil {
		return nil, fmt.Errorf("devnet: Multicall3 constructor: %w", err)
	}
	return code, nil
}

// Key derives a well-known private key from a seed phrase: fine for a
// local chain, never for real funds.
func Key(seed string) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("streamgate-devnet:" + seed)))
	if err != nil {
		panic(err) // a keccak digest is a valid key with overwhelming odds
	}
	return k
}

// Address is the address of a key.
func Address(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

// Chain is a simulated chain, its RPC URL (when served) and the key that
// deploys and owns the contracts.
type Chain struct {
	Backend *simulated.Backend
	URL     string
	ChainID *big.Int
	Owner   *ecdsa.PrivateKey
	// AutoMine is set when a loop seals blocks (the dev chain); otherwise
	// every transaction is mined at once by Commit.
	AutoMine bool
}

// Options configure New.
type Options struct {
	// ChainID of the chain; 0 keeps the simulated backend's 1337.
	ChainID uint64
	// Addr serves JSON-RPC over HTTP on host:port; "" serves none, and
	// port 0 picks a free one.
	Addr string
	// Funded accounts get 1,000 ether at genesis; Owner always does.
	Funded []common.Address
	Owner  *ecdsa.PrivateKey
	// NoMulticall3 leaves Multicall3 out, as on a chain that lacks it.
	NoMulticall3 bool
	// NoDelegateRegistry leaves the delegate.xyz registry out.
	NoDelegateRegistry bool
}

// New starts a chain.
func New(o Options) (*Chain, error) {
	if o.Owner == nil {
		o.Owner = Key("owner")
	}
	ether := new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil)
	alloc := types.GenesisAlloc{Address(o.Owner): {Balance: ether}}
	for _, a := range o.Funded {
		alloc[a] = types.Account{Balance: ether}
	}
	if !o.NoMulticall3 {
		code, err := multicall3Code()
		if err != nil {
			return nil, err
		}
		alloc[Multicall3Address] = types.Account{Code: code, Balance: new(big.Int)}
	}
	if !o.NoDelegateRegistry {
		code, err := genesisCode(&bindings.DelegateRegistryMetaData)
		if err != nil {
			return nil, err
		}
		alloc[DelegateRegistryAddress] = types.Account{Code: code, Balance: new(big.Int)}
	}
	url := ""
	var opts []func(*node.Config, *ethconfig.Config)
	if o.Addr != "" {
		host, port, err := freeAddr(o.Addr)
		if err != nil {
			return nil, err
		}
		url = "http://" + net.JoinHostPort(host, strconv.Itoa(port))
		opts = append(opts, func(nc *node.Config, _ *ethconfig.Config) {
			nc.HTTPHost, nc.HTTPPort = host, port
			nc.HTTPModules = []string{"eth", "net", "web3"}
			nc.HTTPVirtualHosts = []string{"*"}
		})
	}
	if o.ChainID != 0 {
		opts = append(opts, func(_ *node.Config, ec *ethconfig.Config) {
			cc := *ec.Genesis.Config
			cc.ChainID = new(big.Int).SetUint64(o.ChainID)
			ec.Genesis.Config = &cc
			ec.NetworkId = o.ChainID
		})
	}
	b := simulated.NewBackend(alloc, opts...)
	id, err := b.Client().ChainID(context.Background())
	if err != nil {
		b.Close()
		return nil, err
	}
	return &Chain{Backend: b, URL: url, ChainID: id, Owner: o.Owner}, nil
}

// freeAddr resolves port 0 to a free port.
func freeAddr(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("devnet: addr %q: %w", addr, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, fmt.Errorf("devnet: addr %q: %w", addr, err)
	}
	if port == 0 {
		ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			return "", 0, err
		}
		port = ln.Addr().(*net.TCPAddr).Port
		ln.Close()
	}
	return host, port, nil
}

// Close stops the chain.
func (c *Chain) Close() error { return c.Backend.Close() }

func (c *Chain) opts(from *ecdsa.PrivateKey) *bind.TransactOpts {
	if from == nil {
		from = c.Owner
	}
	return bind.NewKeyedTransactor(from, c.ChainID)
}

// mined waits for tx, sealing a block first unless a loop does.
func (c *Chain) mined(tx *types.Transaction) error {
	if !c.AutoMine {
		c.Backend.Commit()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := bind.WaitMined(ctx, c.Backend.Client(), tx.Hash())
	if err != nil {
		return err
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return errors.New("devnet: transaction reverted")
	}
	return nil
}

// Deploy deploys a contract from its abigen metadata and packed
// constructor arguments, as the owner.
func (c *Chain) Deploy(meta *bind.MetaData, args []byte) (common.Address, error) {
	addr, tx, err := bind.DeployContract(c.opts(nil), common.FromHex(meta.Bin), c.Backend.Client(), args)
	if err != nil {
		return common.Address{}, fmt.Errorf("devnet: deploy %s: %w", meta.ID, err)
	}
	if err := c.mined(tx); err != nil {
		return common.Address{}, fmt.Errorf("devnet: deploy %s: %w", meta.ID, err)
	}
	return addr, nil
}

// Send calls a contract's function with packed calldata, from a key (nil
// means the owner), and waits until it is mined.
func (c *Chain) Send(from *ecdsa.PrivateKey, meta *bind.MetaData, to common.Address, data []byte) error {
	parsed, err := meta.ParseABI()
	if err != nil {
		return err
	}
	bc := bind.NewBoundContract(to, *parsed, c.Backend.Client(), c.Backend.Client(), c.Backend.Client())
	tx, err := bind.Transact(bc, c.opts(from), data)
	if err != nil {
		return fmt.Errorf("devnet: send to %s: %w", to, err)
	}
	return c.mined(tx)
}
