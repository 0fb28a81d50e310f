package chain

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
)

// Multicall3Address is where Multicall3 is deployed on most EVM chains
// (the same address everywhere, by a keyless deployment). A chain has it
// when there is code there; the dev chain puts it there at genesis.
var Multicall3Address = common.HexToAddress("0xcA11bde05977b3631167028862bE2a173976CA11")

// MaxBatchGas caps the gas of one multicall whatever its size: geth's
// default eth_call cap (--rpc.gascap), which public endpoints match or
// exceed, so that no endpoint clamps or refuses a batch.
const MaxBatchGas = 50_000_000

// Call is one view call of a batch.
type Call struct {
	To   common.Address
	Data []byte
	// Gas is the most the call needs; 0 or more than CallGas means CallGas.
	Gas uint64
}

// Result is one call's answer: its return data, or Err, which wraps
// ErrExecution when the call failed in the EVM.
type Result struct {
	Data []byte
	Err  error
}

// ErrAmbiguous marks a batched call that failed without revert data: it
// may have reverted bare, or run out of the gas a sibling left it
// (Multicall3 forwards all remaining gas to each call). Only the call on
// its own tells which.
var ErrAmbiguous = errors.New("failed inside a batch without revert data")

var aggregate3 = func() abi.Method {
	const def = `[{"type":"function","name":"aggregate3","stateMutability":"payable",
	 "inputs":[{"name":"calls","type":"tuple[]","components":[{"name":"target","type":"address"},{"name":"allowFailure","type":"bool"},{"name":"callData","type":"bytes"}]}],
	 "outputs":[{"name":"returnData","type":"tuple[]","components":[{"name":"success","type":"bool"},{"name":"returnData","type":"bytes"}]}]}]`
	a, err := abi.JSON(strings.NewReader(def))
	if err != nil {
		panic(err)
	}
	return a.Methods["aggregate3"]
}()

type call3 struct {
	Target       common.Address
	AllowFailure bool
	CallData     []byte
}

// Multicall reports whether the chain has Multicall3, as the last probe
// of its endpoints found (at start-up, then every health interval).
func (c *Chain) Multicall() bool { return c.multicall.Load() }

// MulticallSize is the most calls one Aggregate takes.
func (c *Chain) MulticallSize() int { return c.cfg.MulticallSize }

// probeMulticall looks for Multicall3's code through one endpoint.
func (c *Chain) probeMulticall(ctx context.Context, cl *ethclient.Client) error {
	code, err := cl.CodeAt(ctx, Multicall3Address, c.block)
	if err != nil {
		return fmt.Errorf("eth_getCode at Multicall3: %w", err)
	}
	c.multicall.Store(len(code) > 0)
	return nil
}

// Aggregate runs calls as one eth_call to Multicall3's aggregate3, each
// allowed to fail on its own. The batch carries the gas its calls would
// have had one by one (each at most CallGas), at most MaxBatchGas: a
// batch costs the endpoint no more than the calls it replaces. The error
// is for the batch as a whole (ErrUnavailable, or ErrExecution when the
// batch itself failed, e.g. out of gas); per call, Result.Err.
func (c *Chain) Aggregate(ctx context.Context, calls []Call) ([]Result, error) {
	if len(calls) > c.cfg.MulticallSize {
		return nil, fmt.Errorf("chain %d multicall: %d calls, more than %d", c.id, len(calls), c.cfg.MulticallSize)
	}
	in := make([]call3, len(calls))
	var gas uint64
	for i, cl := range calls {
		in[i] = call3{Target: cl.To, AllowFailure: true, CallData: cl.Data}
		gas += c.gas(cl.Gas)
	}
	data, err := aggregate3.Inputs.Pack(in)
	if err != nil {
		return nil, fmt.Errorf("chain %d multicall: pack: %w", c.id, err)
	}
	to := Multicall3Address
	msg := ethereum.CallMsg{To: &to, Gas: min(gas, MaxBatchGas), Data: append(aggregate3.ID[:len(aggregate3.ID):len(aggregate3.ID)], data...)}
	out, err := do(ctx, c, "eth_call multicall", func(ctx context.Context, cl *ethclient.Client) ([]byte, error) {
		return cl.CallContract(ctx, msg, c.block)
	})
	if err != nil {
		return nil, err
	}
	return unpackAggregate(c.id, out, len(calls))
}

func unpackAggregate(id uint64, out []byte, n int) ([]Result, error) {
	vals, err := aggregate3.Outputs.Unpack(out)
	if err != nil || len(vals) != 1 {
		return nil, fmt.Errorf("chain %d multicall: %w: undecodable answer: %v", id, ErrExecution, err)
	}
	type result struct {
		Success    bool
		ReturnData []byte
	}
	rs := *abi.ConvertType(vals[0], new([]result)).(*[]result)
	if len(rs) != n {
		return nil, fmt.Errorf("chain %d multicall: %w: %d answers for %d calls", id, ErrExecution, len(rs), n)
	}
	res := make([]Result, n)
	for i, r := range rs {
		switch {
		case r.Success:
			res[i].Data = r.ReturnData
		case len(r.ReturnData) == 0:
			res[i].Err = fmt.Errorf("%w: %w", ErrExecution, ErrAmbiguous)
		default:
			res[i].Err = fmt.Errorf("%w: reverted with 0x%x", ErrExecution, r.ReturnData[:min(len(r.ReturnData), 68)])
		}
	}
	return res, nil
}
