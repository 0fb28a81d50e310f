package gate_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"
	"connectrpc.com/validate"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/google/uuid"
	"github.com/redis/rueidis"

	"github.com/streamgate/streamgate/contracts/bindings"
	"github.com/streamgate/streamgate/contracts/devnet"
	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/gen/streamgate/gate/v1/gatev1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/ident"
	"github.com/streamgate/streamgate/server/rpcerr"
)

// Wallets of the tests, from fixed seeds.
var (
	creator = devnet.Key("creator")
	holder  = devnet.Key("holder")
	holder2 = devnet.Key("holder2")
	other   = devnet.Key("other")
)

func addr(k *ecdsa.PrivateKey) string { return devnet.Address(k).Hex() }

// fixture is a chain with every test contract deployed and tokens minted:
// ERC-721 ids 1 (holder) and 5 (holder2), 3 of ERC-1155 id 7 (holder),
// 1000 ERC-20 base units (holder). Shared by the tests, which only read it.
type fixture struct {
	chain                                 *devnet.Chain
	erc721, erc1155, erc20, no165, burner common.Address
}

var (
	sharedOnce sync.Once
	shared     *fixture
	sharedErr  error
)

func sharedChain(t testing.TB) *fixture {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = newFixture() })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

func newFixture() (*fixture, error) { return newFixtureWith(devnet.Options{}) }

// newFixtureWith is newFixture on a chain started with o (its address
// and funded wallets are set here).
func newFixtureWith(o devnet.Options) (*fixture, error) {
	o.Addr, o.Funded = "127.0.0.1:0", []common.Address{devnet.Address(holder), devnet.Address(holder2)}
	c, err := devnet.New(o)
	if err != nil {
		return nil, err
	}
	f := &fixture{chain: c}
	e721, e1155, e20 := bindings.NewGateERC721(), bindings.NewGateERC1155(), bindings.NewGateERC20()
	steps := []func() error{
		func() (err error) {
			f.erc721, err = c.Deploy(&bindings.GateERC721MetaData, e721.PackConstructor("Test Pass", "TP"))
			return err
		},
		func() (err error) {
			f.erc1155, err = c.Deploy(&bindings.GateERC1155MetaData, e1155.PackConstructor("ipfs://x/{id}"))
			return err
		},
		func() (err error) {
			f.erc20, err = c.Deploy(&bindings.GateERC20MetaData, e20.PackConstructor("Test Coin", "TC"))
			return err
		},
		func() (err error) {
			f.no165, err = c.Deploy(&bindings.NoERC165MetaData, nil)
			return err
		},
		func() (err error) {
			f.burner, err = c.Deploy(&bindings.GasBurnerMetaData, nil)
			return err
		},
		func() error {
			return c.Send(nil, &bindings.GateERC721MetaData, f.erc721, e721.PackMint(devnet.Address(holder), big.NewInt(1)))
		},
		func() error {
			return c.Send(nil, &bindings.GateERC721MetaData, f.erc721, e721.PackMint(devnet.Address(holder2), big.NewInt(5)))
		},
		func() error {
			return c.Send(nil, &bindings.GateERC1155MetaData, f.erc1155, e1155.PackMint(devnet.Address(holder), big.NewInt(7), big.NewInt(3)))
		},
		func() error {
			return c.Send(nil, &bindings.GateERC20MetaData, f.erc20, e20.PackMint(devnet.Address(holder), big.NewInt(1000)))
		},
	}
	for _, s := range steps {
		if err := s(); err != nil {
			c.Close()
			return nil, err
		}
	}
	return f, nil
}

// testVerifier stands in for the token layer only (sign-in is tested on
// its own): the bearer string is the caller's address.
type testVerifier struct{}

func (testVerifier) VerifyAccessToken(_ context.Context, token string) (authn.Caller, error) {
	if !common.IsHexAddress(token) {
		return authn.Caller{}, errors.New("bad test token")
	}
	return authn.Caller{Address: common.HexToAddress(token).Hex()}, nil
}

// countingChains counts every chain call the gate makes: n every
// eth_call (a Multicall3 batch is one), batched the calls inside batches.
type countingChains struct {
	inner   gate.Chains
	n       atomic.Int64
	batched atomic.Int64
}

func (c *countingChains) ContractCaller(id uint64) (bind.ContractCaller, error) {
	cc, err := c.inner.ContractCaller(id)
	if err != nil {
		return nil, err
	}
	return countingCaller{cc, c}, nil
}

type countingCaller struct {
	bind.ContractCaller
	c *countingChains
}

func (c countingCaller) CallContract(ctx context.Context, m ethereum.CallMsg, b *big.Int) ([]byte, error) {
	c.c.n.Add(1)
	return c.ContractCaller.CallContract(ctx, m, b)
}

// multicaller is *chain.Chain's batching, which the gate looks for.
type multicaller interface {
	Multicall() bool
	MulticallSize() int
	Aggregate(ctx context.Context, calls []chain.Call) ([]chain.Result, error)
}

func (c countingCaller) Multicall() bool {
	m, ok := c.ContractCaller.(multicaller)
	return ok && m.Multicall()
}

func (c countingCaller) MulticallSize() int { return c.ContractCaller.(multicaller).MulticallSize() }

func (c countingCaller) Aggregate(ctx context.Context, calls []chain.Call) ([]chain.Result, error) {
	c.c.n.Add(1)
	c.c.batched.Add(int64(len(calls)))
	return c.ContractCaller.(multicaller).Aggregate(ctx, calls)
}

// errorTable is the server's rows for the gate: the store's, then the
// gate's own.
var errorTable = slices.Concat(rpcerr.Table{{Err: db.ErrNotFound, Code: connect.CodeNotFound}}, acl.Errors, ident.Errors, gate.Errors)

type env struct {
	t       testing.TB
	f       *fixture
	store   *db.Store
	checker *gate.Checker
	calls   *countingChains
	client  gatev1connect.GateServiceClient
	redis   rueidis.Client
	// cfg and chains are what checker was made with (chains unwrapped:
	// checker reads through countingChains around it).
	cfg    gate.Config
	chains gate.Chains
}

type envOpt func(*gate.Config, *chain.Config)

// newEnv serves GateService over h2c on a per-test database and Redis
// prefix, reading the chain at endpoints (the shared chain by default).
func newEnv(t testing.TB, opts ...envOpt) *env {
	t.Helper()
	f := sharedChain(t)
	return newEnvOn(t, f, opts...)
}

func newEnvOn(t testing.TB, f *fixture, opts ...envOpt) *env {
	t.Helper()
	rdb, prefix := testenv.Redis(t)
	cfg := gateConfig(prefix, func(c *gate.Config) { c.PositiveTTL, c.NegativeTTL = time.Minute, time.Minute })
	ccfg := withCallTimeout(chains(f.chain.ChainID.Uint64(), f.chain.URL), 5*time.Second)
	for _, o := range opts {
		o(&cfg, &ccfg)
	}
	reg, err := chain.New(context.Background(), ccfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	return newEnvWith(t, f, cfg, reg, rdb)
}

// gateConfig is the default config with its Redis keys under prefix,
// changed by set.
func gateConfig(prefix string, set func(*gate.Config)) gate.Config {
	cfg := gate.DefaultConfig()
	cfg.RedisPrefix = prefix
	if set != nil {
		set(&cfg)
	}
	return cfg
}

// chains is the default chain config reading chain id at endpoints,
// without the head-age check (the test chain idles between blocks).
func chains(id uint64, endpoints ...string) chain.Config {
	cfg := chain.DefaultConfig()
	cfg.Chains, cfg.MaxHeadAge = []chain.Spec{{ID: id, Endpoints: endpoints}}, 0
	return cfg
}

func withCallTimeout(cfg chain.Config, d time.Duration) chain.Config {
	cfg.CallTimeout = d
	return cfg
}

func newEnvWith(t testing.TB, f *fixture, cfg gate.Config, chains gate.Chains, rdb rueidis.Client) *env {
	t.Helper()
	store := db.NewStore(testenv.DB(t))
	calls := &countingChains{inner: chains}
	g, err := gate.NewChecker(cfg, store, rdb, calls, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, h := gatev1connect.NewGateServiceHandler(gate.New(g), connect.WithInterceptors(
		errorTable.Interceptor(discardLog()), validate.NewInterceptor(), authn.NewInterceptor(testVerifier{})))
	url, hc := testenv.Serve(t, h)
	return &env{t: t, f: f, store: store, checker: g, calls: calls, redis: rdb, cfg: cfg, chains: chains,
		client: gatev1connect.NewGateServiceClient(hc, url, connect.WithGRPC())}
}

// video creates a video owned by k.
func (e *env) video(k *ecdsa.PrivateKey) uuid.UUID {
	e.t.Helper()
	id := uuid.New()
	_, err := e.store.CreateVideo(context.Background(), dbq.CreateVideoParams{
		ID: id, OwnerAddress: addr(k), Title: "t", Tags: []string{}, Visibility: dbq.VideoVisibilityPublic})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func as[T any](k *ecdsa.PrivateKey, msg *T) *connect.Request[T] {
	r := connect.NewRequest(msg)
	if k != nil {
		r.Header().Set("Authorization", "Bearer "+addr(k))
	}
	return r
}

func (e *env) set(id uuid.UUID, r *gatev1.Rule) (*gatev1.Rule, error) {
	res, err := e.client.SetAccessRule(context.Background(), as(creator, &gatev1.SetAccessRuleRequest{VideoId: id.String(), Rule: r}))
	if err != nil {
		return nil, err
	}
	return res.Msg.GetRule(), nil
}

func (e *env) mustSet(id uuid.UUID, r *gatev1.Rule) *gatev1.Rule {
	e.t.Helper()
	out, err := e.set(id, r)
	if err != nil {
		e.t.Fatalf("SetAccessRule: %v", err)
	}
	return out
}

func (e *env) check(k *ecdsa.PrivateKey, id uuid.UUID) (*gatev1.CheckAccessResponse, error) {
	res, err := e.client.CheckAccess(context.Background(), as(k, &gatev1.CheckAccessRequest{VideoId: id.String()}))
	if err != nil {
		return nil, err
	}
	return res.Msg, nil
}

func (e *env) allowed(k *ecdsa.PrivateKey, id uuid.UUID) bool {
	e.t.Helper()
	res, err := e.check(k, id)
	if err != nil {
		e.t.Fatalf("CheckAccess as %s: %v", addr(k), err)
	}
	return res.GetAllowed()
}

func cond(chainID uint64, contract common.Address, std gatev1.Standard, mut ...func(*gatev1.Condition)) *gatev1.Rule {
	c := &gatev1.Condition{ChainId: chainID, Contract: strings.ToLower(contract.Hex()), Standard: std}
	for _, m := range mut {
		m(c)
	}
	return &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: c}}
}

func anyOf(rs ...*gatev1.Rule) *gatev1.Rule {
	return &gatev1.Rule{Node: &gatev1.Rule_Any{Any: &gatev1.RuleGroup{Rules: rs}}}
}

func allOf(rs ...*gatev1.Rule) *gatev1.Rule {
	return &gatev1.Rule{Node: &gatev1.Rule_All{All: &gatev1.RuleGroup{Rules: rs}}}
}

func ids(v ...string) func(*gatev1.Condition) { return func(c *gatev1.Condition) { c.TokenIds = v } }
func minAmount(v string) func(*gatev1.Condition) {
	return func(c *gatev1.Condition) { c.MinAmount = v }
}
func tokenRange(a, b string) func(*gatev1.Condition) {
	return func(c *gatev1.Condition) { c.TokenRange = &gatev1.TokenRange{First: a, Last: b} }
}

func bigInt(v int64) *big.Int { return big.NewInt(v) }

// serveChecker serves a checker's GateService and returns a client.
func serveChecker(t testing.TB, g *gate.Checker) gatev1connect.GateServiceClient {
	_, h := gatev1connect.NewGateServiceHandler(gate.New(g), connect.WithInterceptors(
		errorTable.Interceptor(discardLog()), validate.NewInterceptor(), authn.NewInterceptor(testVerifier{})))
	url, hc := testenv.Serve(t, h)
	return gatev1connect.NewGateServiceClient(hc, url)
}

// newClosedRedis is a client whose connection is gone, as when Redis is
// down: every command fails.
func newClosedRedis() (rueidis.Client, error) {
	c, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{testenv.RedisAddr()}})
	if err != nil {
		return nil, err
	}
	c.Close()
	return c, nil
}
