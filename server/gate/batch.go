package gate

import (
	"context"
	"errors"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/streamgate/streamgate/server/chain"
)

// readAll runs view calls on one chain and answers each: in batches of
// MulticallSize through Multicall3 where the chain has it, else one by
// one; every call, single or batch, is one of the check's budget and
// takes a shared slot. A batched call that failed without revert data
// (Multicall3 forwards all gas, so a gas-hungry sibling can starve it)
// is asked again on its own, within the budget.
func (g *Checker) readAll(ctx context.Context, caller bind.ContractCaller, calls []chain.Call) []chain.Result {
	out := make([]chain.Result, len(calls))
	b, ok := caller.(batcher)
	if !ok || !b.Multicall() || len(calls) < 2 {
		g.oneByOne(ctx, caller, calls, out, func(chain.Result) bool { return true })
		return out
	}
	size := b.MulticallSize()
	var work []func()
	for start := 0; start < len(calls); start += size {
		part, res := calls[start:min(start+size, len(calls))], out[start:min(start+size, len(calls))]
		work = append(work, func() {
			_, err := g.call(ctx, func(ctx context.Context) ([]byte, error) {
				r, err := b.Aggregate(ctx, part)
				if err == nil {
					copy(res, r)
				}
				return nil, err
			})
			if err != nil {
				for i := range res {
					res[i].Err = err
				}
			}
			// A batch that failed in the EVM as a whole (out of gas), or
			// calls that failed without saying why: each on its own.
			g.oneByOne(ctx, caller, part, res, func(r chain.Result) bool {
				return errors.Is(r.Err, chain.ErrAmbiguous) || (errors.Is(err, chain.ErrExecution) && r.Err != nil)
			})
		})
	}
	all(work)
	return out
}

// oneByOne runs the calls whose result redo selects, each as its own
// eth_call, in parallel under the shared slots.
func (g *Checker) oneByOne(ctx context.Context, caller bind.ContractCaller, calls []chain.Call, out []chain.Result, redo func(chain.Result) bool) {
	if len(calls) == 1 {
		// One call (a rule of one condition: the common uncached check)
		// runs here, with no closures to build.
		if redo(out[0]) {
			out[0] = g.callOne(ctx, caller, calls[0])
		}
		return
	}
	var work []func()
	for i, c := range calls {
		if !redo(out[i]) {
			continue
		}
		work = append(work, func() { out[i] = g.callOne(ctx, caller, c) })
	}
	all(work)
}

// callOne runs one view call as its own eth_call, under the budget and a
// shared slot (g.call).
func (g *Checker) callOne(ctx context.Context, caller bind.ContractCaller, c chain.Call) chain.Result {
	data, err := g.call(ctx, func(ctx context.Context) ([]byte, error) {
		return caller.CallContract(ctx, ethereum.CallMsg{To: &c.To, Gas: c.Gas, Data: c.Data}, nil)
	})
	return chain.Result{Data: data, Err: err}
}
