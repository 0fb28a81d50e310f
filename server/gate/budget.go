package gate

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/server/chain"
)

// batcher is what a chain caller offers when it can batch view calls
// through Multicall3; *chain.Chain does.
type batcher interface {
	Multicall() bool
	MulticallSize() int
	Aggregate(ctx context.Context, calls []chain.Call) ([]chain.Result, error)
}

// checkRun is one evaluation's share of the chain: the video whose turn
// its calls take (see slots) and the calls it may still make.
type checkRun struct {
	video string
	left  atomic.Int64
	over  atomic.Bool
	// cached is set when Redis answered first and the run's context was
	// cancelled to stop its chain calls (see evaluateHedged).
	cached atomic.Bool
}

type checkRunKey struct{}

func withRun(ctx context.Context, video string, budget int) (context.Context, *checkRun) {
	r := &checkRun{video: video}
	r.left.Store(int64(budget))
	return context.WithValue(ctx, checkRunKey{}, r), r
}

// key is the video whose turn the run's calls take (see slots); "" for
// calls outside a run.
func (r *checkRun) key() string {
	if r == nil {
		return ""
	}
	return r.video
}

// answeredFromCache reports whether Redis answered the run first.
func (r *checkRun) answeredFromCache() bool { return r != nil && r.cached.Load() }

func runOf(ctx context.Context) *checkRun {
	r, _ := ctx.Value(checkRunKey{}).(*checkRun)
	return r
}

// charge takes one call from the run's budget.
func (r *checkRun) charge() error {
	if r == nil {
		return nil
	}
	if r.left.Add(-1) < 0 {
		r.over.Store(true)
		return errOverBudget
	}
	return nil
}

// errOverBudget fails a read that a check's budget cannot pay for (a
// batched call's retry on its own: the plan already counted the rest).
var errOverBudget = fmt.Errorf("%w: over the check's chain-call budget", chain.ErrUnavailable)

// batchCost is the chain calls n reads take on a chain: one each, or one
// per MulticallSize when the chain batches.
func batchCost(c any, n int) int {
	b, ok := c.(batcher)
	if n <= 1 || !ok || !b.Multicall() {
		return n
	}
	size := b.MulticallSize()
	return (n + size - 1) / size
}

// cost is the most chain calls evaluating r takes (every balance of a
// chain in one round, then every named ERC-721 id, then the delegate.xyz
// vaults' reads), per chain, and the
// chains read without Multicall3, for the message.
func (g *Checker) cost(r *gatev1.Rule) (total int, unbatched []string) {
	type tally struct {
		balances, ids, vaults int
		delegated             bool
	}
	per := map[uint64]*tally{}
	walkConditions(r, func(c *gatev1.Condition) {
		t := per[c.GetChainId()]
		if t == nil {
			t = &tally{}
			per[c.GetChainId()] = t
		}
		t.balances++
		if c.GetStandard() == gatev1.Standard_STANDARD_ERC721 {
			t.ids += idCount(c)
		}
		if c.GetDelegation() != nil {
			t.delegated = true
			t.vaults += vaultCost(c, g.cfg.MaxVaults)
		}
	})
	for id, t := range per {
		caller, err := g.chains.ContractCaller(id)
		if err != nil {
			continue // read as unknown, at no cost
		}
		if t.delegated {
			t.balances++ // getIncomingDelegations, in the balances' round
		}
		total += batchCost(caller, t.balances) + batchCost(caller, t.ids) + batchCost(caller, t.vaults)
		if b, ok := caller.(batcher); !ok || !b.Multicall() {
			unbatched = append(unbatched, fmt.Sprint(id))
		}
	}
	sort.Strings(unbatched)
	return total, unbatched
}

// idCount is the ERC-721 ids a condition names, without listing them.
func idCount(c *gatev1.Condition) int {
	n := len(c.GetTokenIds())
	if r := c.GetTokenRange(); r != nil {
		first, err1 := uint256(r.GetFirst())
		last, err2 := uint256(r.GetLast())
		if err1 == nil && err2 == nil && last.Cmp(first) >= 0 {
			n += int(last.Sub(last, first).Int64()) + 1
		}
	}
	return n
}

// overBudget is the error for a rule whose checks may cost more than
// MaxCallsPerCheck, or nil.
func (g *Checker) overBudget(r *gatev1.Rule) error {
	n, unbatched := g.cost(r)
	if n <= g.cfg.MaxCallsPerCheck {
		return nil
	}
	why := ""
	if len(unbatched) > 0 {
		why = " (chain " + strings.Join(unbatched, ", ") + " has no Multicall3, so each read is its own call)"
	}
	return fmt.Errorf("%w: a check of this rule may take %d chain calls%s, more than the %d this server allows per check: name fewer token ids", ErrOverBudget, n, why, g.cfg.MaxCallsPerCheck)
}
