package auth_test

//go:generate sh -c "cd testdata/node && npm ci --no-audit --no-fund && node compile.mjs"

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/golang-jwt/jwt/v5"

	"github.com/streamgate/streamgate/contracts/devnet"
	"github.com/streamgate/streamgate/db"
	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/auth"
	"github.com/streamgate/streamgate/server/chain"
)

// walletContracts are the compiled test wallets (testdata/contracts.json,
// from testdata/contracts/*.sol by `go generate`).
func walletContracts(t *testing.T) map[string]*bind.MetaData {
	t.Helper()
	raw, err := os.ReadFile("testdata/contracts.json")
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]json.RawMessage
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	metas := map[string]*bind.MetaData{}
	for _, name := range []string{"OwnerWallet", "RevertingWallet", "WalletFactory"} {
		var c struct {
			ABI      json.RawMessage `json:"abi"`
			Bytecode string          `json:"bytecode"`
		}
		if err := json.Unmarshal(out[name], &c); err != nil {
			t.Fatal(err)
		}
		metas[name] = &bind.MetaData{ID: name, ABI: string(c.ABI), Bin: c.Bytecode}
	}
	return metas
}

// chainEnv is an auth server reading a simulated chain over JSON-RPC
// through the server's chain registry.
func chainEnv(t *testing.T, endpoint string, mutate ...func(*auth.Config)) *env {
	t.Helper()
	ccfg := chain.DefaultConfig()
	ccfg.Chains, ccfg.MaxHeadAge = []chain.Spec{{ID: 31337, Endpoints: []string{endpoint}}}, 0
	reg, err := chain.New(context.Background(), ccfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	pool := testenv.DB(t)
	rdb, prefix := testenv.Redis(t)
	scfg := authOnly(prefix)
	for _, m := range mutate {
		m(&scfg.Svc.Auth)
	}
	cfg := scfg.Svc.Auth
	srv, err := server.New(scfg,
		server.Deps{Log: slog.New(slog.DiscardHandler), Store: db.NewStore(pool), Redis: rdb, Chains: reg})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	url, client := testenv.Serve(t, srv)
	return &env{url: url, http: client, client: newAuthClient(client, url), pool: pool, cfg: cfg}
}

func TestContractWallet(t *testing.T) {
	t.Parallel()
	dev, err := devnet.New(devnet.Options{ChainID: 31337, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dev.Close() })
	owner := newWallet(t)
	metas := walletContracts(t)
	walletAddr, err := dev.Deploy(metas["OwnerWallet"], common.LeftPadBytes(common.HexToAddress(owner.address).Bytes(), 32))
	if err != nil {
		t.Fatal(err)
	}
	revertAddr, err := dev.Deploy(metas["RevertingWallet"], nil)
	if err != nil {
		t.Fatal(err)
	}
	e := chainEnv(t, dev.URL)
	// contractSignIn signs the challenge of address with key's personal_sign.
	contractSignIn := func(address common.Address, key wallet, mangle func([]byte) []byte) error {
		ch := e.challenge(t, wallet{address: address.Hex()}, 31337)
		sig := hexutil.MustDecode(key.sign(t, ch.Message))
		if mangle != nil {
			sig = mangle(sig)
		}
		_, err := e.signIn(context.Background(), ch.Message, hexutil.Encode(sig))
		return err
	}
	if err := contractSignIn(walletAddr, owner, nil); err != nil {
		t.Fatalf("the wallet's owner was refused: %v", err)
	}
	if n := e.count(t, "SELECT count(*) FROM sessions WHERE address = $1", walletAddr.Hex()); n != 1 {
		t.Fatalf("%d sessions for the contract wallet", n)
	}
	// The wallet says no to a stranger's signature, and to one of the wrong length.
	wantCode(t, contractSignIn(walletAddr, newWallet(t), nil), connect.CodeUnauthenticated)
	wantCode(t, contractSignIn(walletAddr, owner, func(s []byte) []byte { return append(s, 0) }), connect.CodeUnauthenticated)
	// A wallet that reverts refuses.
	wantCode(t, contractSignIn(revertAddr, owner, nil), connect.CodeUnauthenticated)
	// An EOA (no code) still needs exactly 65 bytes.
	eoa := newWallet(t)
	wantCode(t, contractSignIn(common.HexToAddress(eoa.address), eoa, func(s []byte) []byte { return s[:64] }), connect.CodeInvalidArgument)
	if err := contractSignIn(common.HexToAddress(eoa.address), eoa, nil); err != nil {
		t.Fatalf("an EOA on a chain with access: %v", err)
	}
}

// When the chain cannot be reached, a signature that is not the EOA's
// cannot be decided: it fails closed with Unavailable, never signs in.
func TestContractWalletChainDown(t *testing.T) {
	t.Parallel()
	e := chainEnv(t, "http://127.0.0.1:1")
	w, stranger := newWallet(t), newWallet(t)
	ch := e.challenge(t, w, 31337)
	_, err := e.signIn(context.Background(), ch.Message, stranger.sign(t, ch.Message))
	wantCode(t, err, connect.CodeUnavailable)
	// The EOA's own signature needs no chain.
	if _, err := e.signIn(context.Background(), ch.Message, w.sign(t, ch.Message)); err != nil {
		t.Fatal(err)
	}
}

// countingProxy forwards JSON-RPC to target and counts the calls of each
// method it carries.
type countingProxy struct {
	mu    sync.Mutex
	calls map[string]int
}

func newCountingProxy(t *testing.T, target string) (*countingProxy, string) {
	p := &countingProxy{calls: map[string]int{}}
	url := testenv.RPCProxy(t, target, func(_ *http.Request, body []byte) bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		// The chain registry's health checks look for Multicall3's code;
		// those probes are not sign-in work.
		if bytes.Contains(bytes.ToLower(body), []byte("ca11bde05977b3631167028862be2a173976ca11")) {
			return true
		}
		for _, m := range []string{"eth_getCode", "eth_call"} {
			p.calls[m] += bytes.Count(body, []byte(`"method":"`+m+`"`))
		}
		return true
	})
	return p, url
}

func (p *countingProxy) count(method string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls[method]
}

// TestSignInLimitedBeforeTheChain: junk sign-ins for a contract wallet
// each cost an eth_getCode and an eth_call, but only until the client IP's
// limit: the 50 over it cost the chain nothing.
func TestSignInLimitedBeforeTheChain(t *testing.T) {
	t.Parallel()
	dev, err := devnet.New(devnet.Options{ChainID: 31337, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dev.Close() })
	owner := newWallet(t)
	walletAddr, err := dev.Deploy(walletContracts(t)["OwnerWallet"], common.LeftPadBytes(common.HexToAddress(owner.address).Bytes(), 32))
	if err != nil {
		t.Fatal(err)
	}
	proxy, url := newCountingProxy(t, dev.URL)
	const perIP = 5
	e := chainEnv(t, url, func(c *auth.Config) { c.RatePerIP, c.RateWindow = perIP, time.Hour })
	ch := e.challenge(t, wallet{address: walletAddr.Hex()}, 31337) // one of the IP's calls
	junk := newWallet(t).sign(t, ch.Message)
	limited := 0
	for range perIP - 1 + 50 {
		_, err := e.signIn(context.Background(), ch.Message, junk)
		switch connect.CodeOf(err) {
		case connect.CodeResourceExhausted:
			limited++
		case connect.CodeUnauthenticated:
		default:
			t.Fatalf("junk sign-in: %v", err)
		}
	}
	getCode, call := proxy.count("eth_getCode"), proxy.count("eth_call")
	t.Logf("%d limited; eth_getCode %d, eth_call %d", limited, getCode, call)
	if limited != 50 || getCode != perIP-1 || call != perIP-1 {
		t.Fatalf("%d of 50 over the limit refused; chain calls: eth_getCode %d, eth_call %d, want %d each", limited, getCode, call, perIP-1)
	}
}

// accessClaims reads an access token's claims without checking them.
func accessClaims(t *testing.T, token string) jwt.MapClaims {
	t.Helper()
	c := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestContractWalletSessionNamesItsChain: a contract wallet's session
// records the chain whose code approved it, in the session row and in
// every access token, refreshed ones included; an EOA's session names
// none (its key holds everywhere).
func TestContractWalletSessionNamesItsChain(t *testing.T) {
	t.Parallel()
	dev, err := devnet.New(devnet.Options{ChainID: 31337, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dev.Close() })
	owner := newWallet(t)
	walletAddr, err := dev.Deploy(walletContracts(t)["OwnerWallet"], common.LeftPadBytes(common.HexToAddress(owner.address).Bytes(), 32))
	if err != nil {
		t.Fatal(err)
	}
	e := chainEnv(t, dev.URL)
	ch := e.challenge(t, wallet{address: walletAddr.Hex()}, 31337)
	res, err := e.signIn(context.Background(), ch.Message, owner.sign(t, ch.Message))
	if err != nil {
		t.Fatal(err)
	}
	if got := accessClaims(t, res.GetTokens().GetAccessToken())["contract_chain_id"]; got != float64(31337) {
		t.Fatalf("contract wallet's access token: contract_chain_id %v, want 31337", got)
	}
	if n := e.count(t, "SELECT count(*) FROM sessions WHERE id = $1 AND contract_chain_id = 31337", res.GetSessionId()); n != 1 {
		t.Fatal("the session row does not record the contract wallet's chain")
	}
	refreshed, err := e.client.Refresh(context.Background(), connect.NewRequest(&authv1.RefreshRequest{RefreshToken: res.GetTokens().GetRefreshToken()}))
	if err != nil {
		t.Fatal(err)
	}
	if got := accessClaims(t, refreshed.Msg.GetTokens().GetAccessToken())["contract_chain_id"]; got != float64(31337) {
		t.Fatalf("refreshed access token: contract_chain_id %v, want 31337", got)
	}
	eoa := e.login(t, newWallet(t))
	if got, ok := accessClaims(t, eoa.GetTokens().GetAccessToken())["contract_chain_id"]; ok {
		t.Fatalf("an EOA's access token names a contract chain: %v", got)
	}
	if n := e.count(t, "SELECT count(*) FROM sessions WHERE id = $1 AND contract_chain_id IS NULL", eoa.GetSessionId()); n != 1 {
		t.Fatal("an EOA's session records a contract chain")
	}
}
