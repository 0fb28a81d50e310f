package chain_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/streamgate/streamgate/contracts/bindings"
	"github.com/streamgate/streamgate/contracts/devnet"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/chain"
)

func TestParseSpecs(t *testing.T) {
	t.Parallel()
	got, err := chain.ParseSpecs("1=https://a.example/key|https://b.example, 31337=http://127.0.0.1:8545")
	if err != nil || len(got) != 2 || got[0].ID != 1 || len(got[0].Endpoints) != 2 || got[1].Endpoints[0] != "http://127.0.0.1:8545" {
		t.Fatalf("got %+v, %v", got, err)
	}
	for _, bad := range []string{"http://127.0.0.1:8545", "x=http://a", "0=http://a"} {
		if _, err := chain.ParseSpecs(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if s, err := chain.ParseSpecs(""); err != nil || len(s) != 0 {
		t.Errorf("empty: %v %v", s, err)
	}
	cfg := chains(chain.Spec{ID: 1, Endpoints: []string{"ftp://x"}})
	if err := cfg.Validate(); err == nil {
		t.Error("an ftp endpoint validated")
	}
}

// chains is the default config for specs, without the head-age check
// (the dev chain idles between transactions).
func chains(specs ...chain.Spec) chain.Config {
	cfg := chain.DefaultConfig()
	cfg.Chains, cfg.MaxHeadAge = specs, 0
	return cfg
}

func withTimeout(cfg chain.Config, d time.Duration) chain.Config {
	cfg.CallTimeout = d
	return cfg
}

func newChain(t *testing.T) (*devnet.Chain, common.Address) {
	t.Helper()
	c, err := devnet.New(devnet.Options{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	token, err := c.Deploy(&bindings.GateERC721MetaData, bindings.NewGateERC721().PackConstructor("T", "T"))
	if err != nil {
		t.Fatal(err)
	}
	return c, token
}

func dead(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "http://" + ln.Addr().String()
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	c, token := newChain(t)
	id := c.ChainID.Uint64()
	ctx := context.Background()

	if _, err := chain.New(ctx, chains(chain.Spec{ID: id + 1, Endpoints: []string{c.URL}}), nil); err == nil || !strings.Contains(err.Error(), "another chain") {
		t.Errorf("a wrong chain id must fail start-up: %v", err)
	}

	deadURL := dead(t)
	r, err := chain.New(ctx, withTimeout(chains(chain.Spec{ID: id, Endpoints: []string{deadURL, c.URL}}), 2*time.Second), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.ContractCaller(id + 1); !errors.Is(err, chain.ErrUnknownChain) {
		t.Errorf("unknown chain: %v", err)
	}
	caller, err := r.ContractCaller(id)
	if err != nil {
		t.Fatal(err)
	}
	code, err := caller.CodeAt(ctx, token, nil)
	if err != nil || len(code) == 0 {
		t.Fatalf("CodeAt through failover: %d bytes, %v", len(code), err)
	}
	st := r.Status()
	if len(st) != 2 || st[0].Healthy || !st[1].Healthy {
		t.Errorf("status %+v: want the dead endpoint unhealthy, the live one healthy", st)
	}
	// A revert is an answer from the contract, not an outage.
	data := append(common.FromHex("0x6352211e"), common.LeftPadBytes(big.NewInt(999).Bytes(), 32)...)
	_, err = caller.CallContract(ctx, ethereum.CallMsg{To: &token, Data: data}, nil)
	if !errors.Is(err, chain.ErrExecution) || errors.Is(err, chain.ErrUnavailable) {
		t.Errorf("ownerOf of a missing token: %v, want ErrExecution", err)
	}

	down, err := chain.New(ctx, chains(chain.Spec{ID: id, Endpoints: []string{dead(t), dead(t)}}), nil)
	if err != nil {
		t.Fatalf("unreachable endpoints must not fail start-up: %v", err)
	}
	defer down.Close()
	dc, _ := down.ContractCaller(id)
	if _, err := dc.CallContract(ctx, ethereum.CallMsg{To: &token, Data: data}, nil); !errors.Is(err, chain.ErrUnavailable) || errors.Is(err, chain.ErrExecution) {
		t.Errorf("every endpoint dead: %v, want ErrUnavailable", err)
	}
}

// slowProxy answers eth_chainId at once (so it looks healthy at start)
// and holds every other call until the client gives up.
func slowProxy(t *testing.T, target string) string {
	t.Helper()
	return testenv.RPCProxy(t, target, func(r *http.Request, body []byte) bool {
		if !bytes.Contains(body, []byte("eth_chainId")) {
			<-r.Context().Done()
			return false
		}
		return true
	})
}

func TestSlowEndpointSkippedWithinOneCall(t *testing.T) {
	t.Parallel()
	c, token := newChain(t)
	id := c.ChainID.Uint64()
	ctx := context.Background()
	r, err := chain.New(ctx, withTimeout(chains(chain.Spec{ID: id, Endpoints: []string{slowProxy(t, c.URL), c.URL}}), 300*time.Millisecond), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if st := r.Status(); !st[0].Healthy {
		t.Fatalf("the slow endpoint should look healthy before the call: %+v", st)
	}
	caller, _ := r.ContractCaller(id)
	data := append(common.FromHex("0x70a08231"), make([]byte, 32)...)
	data[len(data)-1] = 1 // balanceOf(0x…01)
	out, err := caller.CallContract(ctx, ethereum.CallMsg{To: &token, Data: data}, nil)
	if err != nil || len(out) != 32 {
		t.Fatalf("a slow first endpoint must be skipped for the next: %x %v", out, err)
	}
	if st := r.Status(); st[0].Healthy || !strings.Contains(st[0].LastError, "deadline") {
		t.Errorf("the slow endpoint should now be marked down: %+v", st[0])
	}
}

// recordingProxy forwards JSON-RPC to target and records each request body.
func recordingProxy(t *testing.T, target string, bodies chan<- []byte) string {
	t.Helper()
	return testenv.RPCProxy(t, target, func(_ *http.Request, body []byte) bool {
		select {
		case bodies <- body:
		default:
		}
		return true
	})
}

// TestCallGasCapped: every eth_call leaves with a gas limit no higher
// than CallGas, whatever the caller asked (none, or more); a lower one
// is kept.
func TestCallGasCapped(t *testing.T) {
	t.Parallel()
	c, token := newChain(t)
	id := c.ChainID.Uint64()
	bodies := make(chan []byte, 64)
	cfg := chain.DefaultConfig()
	cfg.Chains = []chain.Spec{{ID: id, Endpoints: []string{recordingProxy(t, c.URL, bodies)}}}
	r, err := chain.New(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	caller, _ := r.ContractCaller(id)
	data := append(common.FromHex("0x70a08231"), make([]byte, 32)...)
	data[len(data)-1] = 1 // balanceOf(0x…01)
	for asked, want := range map[uint64]string{0: `"gas":"0xf4240"`, 50_000_000: `"gas":"0xf4240"`, 30_000: `"gas":"0x7530"`} {
		for len(bodies) > 0 {
			<-bodies
		}
		if _, err := caller.CallContract(context.Background(), ethereum.CallMsg{To: &token, Gas: asked, Data: data}, nil); err != nil {
			t.Fatal(err)
		}
		var sent string
		for len(bodies) > 0 {
			if b := <-bodies; bytes.Contains(b, []byte("eth_call")) {
				sent = string(b)
			}
		}
		if !strings.Contains(sent, want) {
			t.Errorf("asked for gas %d: sent %s, want %s", asked, sent, want)
		}
	}
}

// TestConnectionsStayWarm: after a burst of concurrent calls, the next
// burst reuses the connections the first opened instead of opening new
// ones (Go's default HTTP client keeps only 2 idle per host).
func TestConnectionsStayWarm(t *testing.T) {
	t.Parallel()
	c, token := newChain(t)
	var opened atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := http.Post(c.URL, "application/json", r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.Copy(w, res.Body)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	reg, err := chain.New(context.Background(), chains(chain.Spec{ID: c.ChainID.Uint64(), Endpoints: []string{srv.URL}}), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	ch, err := reg.Chain(c.ChainID.Uint64())
	if err != nil {
		t.Fatal(err)
	}
	const burst = 16
	data := append([]byte{0x70, 0xa0, 0x82, 0x31}, common.LeftPadBytes([]byte{1}, 32)...) // balanceOf(0x…01)
	round := func() {
		var wg sync.WaitGroup
		for range burst {
			wg.Go(func() {
				if _, err := ch.CallContract(context.Background(), ethereum.CallMsg{To: &token, Data: data}, nil); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	round()
	first := opened.Load()
	time.Sleep(100 * time.Millisecond) // the connections go back to the pool
	round()
	// The first burst's calls may overlap less than the second's (some end
	// before others start), so the second may need up to burst-first more
	// connections than the pool holds; beyond that (and a little slack) the
	// idle ones were dropped.
	if n := opened.Load() - first; n > burst-first+burst/4 {
		t.Errorf("the second burst opened %d new connections (the first %d): idle ones were not kept", n, first)
	}
}
