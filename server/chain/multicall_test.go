package chain_test

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/streamgate/streamgate/contracts/bindings"
	"github.com/streamgate/streamgate/contracts/devnet"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/chain"
)

func ownerOfCall(token common.Address, id int64) chain.Call {
	return chain.Call{To: token, Data: bindings.NewGateERC721().PackOwnerOf(big.NewInt(id))}
}

// TestAggregate: on a chain with Multicall3 (found by its code at the
// canonical address), many reads are one eth_call, each answered on its
// own: a value, a revert with data, or an ambiguous failure (a gas
// burner's) that only the call alone can settle. The batch leaves with
// the gas its calls would have had one by one.
func TestAggregate(t *testing.T) {
	t.Parallel()
	c, token := newChain(t)
	holder := devnet.Key("holder")
	if err := c.Send(nil, &bindings.GateERC721MetaData, token, bindings.NewGateERC721().PackMint(devnet.Address(holder), big.NewInt(1))); err != nil {
		t.Fatal(err)
	}
	burner, err := c.Deploy(&bindings.GasBurnerMetaData, nil)
	if err != nil {
		t.Fatal(err)
	}
	bodies := make(chan []byte, 64)
	cfg := chains(chain.Spec{ID: c.ChainID.Uint64(), Endpoints: []string{recordingProxy(t, c.URL, bodies)}})
	r, err := chain.New(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ch, _ := r.Chain(c.ChainID.Uint64())
	if !ch.Multicall() {
		t.Fatal("Multicall3 not found on a chain that has it")
	}
	for len(bodies) > 0 {
		<-bodies
	}
	res, err := ch.Aggregate(context.Background(), []chain.Call{ownerOfCall(token, 1), ownerOfCall(token, 2), {To: burner, Data: []byte{1, 2, 3, 4}, Gas: 30_000}})
	if err != nil || len(res) != 3 {
		t.Fatalf("aggregate: %v %v", res, err)
	}
	if res[0].Err != nil || common.BytesToAddress(res[0].Data) != devnet.Address(holder) {
		t.Errorf("ownerOf(1) in a batch: %x %v", res[0].Data, res[0].Err)
	}
	if !errors.Is(res[1].Err, chain.ErrExecution) || errors.Is(res[1].Err, chain.ErrAmbiguous) {
		t.Errorf("ownerOf(2) (no such token) in a batch: %v, want a revert with data", res[1].Err)
	}
	if !errors.Is(res[2].Err, chain.ErrAmbiguous) {
		t.Errorf("a gas burner in a batch: %v, want ErrAmbiguous", res[2].Err)
	}
	var calls int
	var sent string
	for len(bodies) > 0 {
		if b := <-bodies; bytes.Contains(b, []byte("eth_call")) {
			calls++
			sent = string(b)
		}
	}
	// 1,000,000 + 1,000,000 + 30,000 gas.
	if calls != 1 || !strings.Contains(sent, `"gas":"0x1ef9b0"`) || !strings.Contains(sent, strings.ToLower(chain.Multicall3Address.Hex()[2:])) {
		t.Errorf("%d eth_calls, last %s: want one to Multicall3 with gas 0x1ef9b0", calls, sent)
	}
	if _, err := ch.Aggregate(context.Background(), make([]chain.Call, cfg.MulticallSize+1)); err == nil {
		t.Error("a batch over MulticallSize was sent")
	}
}

// TestNoMulticall: a chain without Multicall3's code is read call by call.
func TestNoMulticall(t *testing.T) {
	t.Parallel()
	c, err := devnet.New(devnet.Options{Addr: "127.0.0.1:0", NoMulticall3: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	r, err := chain.New(context.Background(), chains(chain.Spec{ID: c.ChainID.Uint64(), Endpoints: []string{c.URL}}), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ch, _ := r.Chain(c.ChainID.Uint64())
	if ch.Multicall() {
		t.Error("Multicall3 found on a chain without it")
	}
}

// TestSlowCallLeavesLiveEndpointUp: one call that times out on an
// endpoint that keeps answering others is slow, not down: the endpoint
// stays healthy (the call itself moves on to the next endpoint). Before,
// one heavy call moved every caller off the endpoint.
func TestSlowCallLeavesLiveEndpointUp(t *testing.T) {
	t.Parallel()
	c, token := newChain(t)
	slowTo := common.HexToAddress("0x00000000000000000000000000000000005105e0")
	// The proxy holds calls to slowTo until the client gives up, and
	// forwards the rest.
	proxy := testenv.RPCProxy(t, c.URL, func(r *http.Request, body []byte) bool {
		if bytes.Contains(bytes.ToLower(body), []byte(strings.ToLower(slowTo.Hex()[2:]))) {
			<-r.Context().Done()
			return false
		}
		return true
	})
	id := c.ChainID.Uint64()
	r, err := chain.New(context.Background(), withTimeout(chains(chain.Spec{ID: id, Endpoints: []string{proxy, c.URL}}), time.Second), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	caller, _ := r.ContractCaller(id)
	balance := append(common.FromHex("0x70a08231"), make([]byte, 32)...)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		for ctx.Err() == nil {
			_, _ = caller.CallContract(ctx, ethereum.CallMsg{To: &token, Data: balance}, nil)
			time.Sleep(20 * time.Millisecond)
		}
	})
	_, err = caller.CallContract(context.Background(), ethereum.CallMsg{To: &slowTo, Data: balance}, nil)
	cancel()
	wg.Wait()
	if err != nil {
		t.Fatalf("the slow call should have moved on to the next endpoint: %v", err)
	}
	if st := r.Status(); !st[0].Healthy {
		t.Errorf("one slow call marked a live endpoint down for everyone: %+v", st[0])
	}
}
