package gate

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/server/chain"
)

const (
	held    = gatev1.Outcome_OUTCOME_HELD
	notHeld = gatev1.Outcome_OUTCOME_NOT_HELD
	unknown = gatev1.Outcome_OUTCOME_UNKNOWN
)

// evaluate decides a normalised rule for one wallet. It reads the chain
// in two rounds, each batched through Multicall3 where the chain has it:
// every condition's balance, then the owner of every ERC-721 id named
// by a condition whose balance is not zero. Every condition is decided,
// so that the answer can say what held and what did not.
func (g *Checker) evaluate(ctx context.Context, r *gatev1.Rule, wallet common.Address) *gatev1.Evaluation {
	p := g.planOf(r)
	reads := make([]condRead, len(p.conds))
	for i, cp := range p.conds {
		reads[i] = condRead{condPlan: cp, deleg: newDelegRead(cp.c)}
	}
	var work []func()
	for i, id := range p.chains {
		crs := make([]*condRead, len(p.byChain[i]))
		for j, k := range p.byChain[i] {
			crs[j] = &reads[k]
		}
		caller, err := g.chains.ContractCaller(id)
		if err != nil {
			for _, cr := range crs {
				cr.unconfigured = true
			}
			continue
		}
		if len(p.chains) == 1 {
			// One chain: read it on this goroutine, with no closure.
			g.readChain(ctx, caller, crs, wallet)
			break
		}
		work = append(work, func() { g.readChain(ctx, caller, crs, wallet) })
	}
	all(work)
	return g.decide(ctx, r, p, reads)
}

// all runs fns at once and waits for them; one runs on the caller's own
// goroutine, since a hand-off costs an uncached check a scheduler wake-up.
func all(fns []func()) {
	if len(fns) == 0 {
		return
	}
	if len(fns) == 1 {
		fns[0]()
		return
	}
	var wg sync.WaitGroup
	for _, fn := range fns {
		wg.Go(fn)
	}
	wg.Wait()
}

// condRead is what the chain said for one condition.
type condRead struct {
	*condPlan
	unconfigured bool
	bal          *big.Int
	owns         *big.Int // an id the wallet owns, when found
	err          error
	deleg        *delegRead // set when the condition accepts delegations
}

// balanceCall is the condition's first read: balanceOf, or ERC-1155's
// balanceOf of its one id.
func (cr *condRead) balanceCall(wallet common.Address) chain.Call {
	return chain.Call{To: cr.token, Data: cr.balanceData(wallet)}
}

// readChain reads one chain's conditions: balances (and, when a
// condition accepts delegations, the wallet's incoming delegate.xyz
// delegations in the same round), then owners, then the vaults.
func (g *Checker) readChain(ctx context.Context, caller bind.ContractCaller, crs []*condRead, wallet common.Address) {
	calls := make([]chain.Call, len(crs), len(crs)+1)
	for i, cr := range crs {
		calls[i] = cr.balanceCall(wallet)
	}
	delegated := slices.ContainsFunc(crs, func(cr *condRead) bool { return cr.deleg != nil })
	if delegated {
		calls = append(calls, incomingCall(wallet))
	}
	res := g.readAll(ctx, caller, calls)
	for i, res := range res[:len(crs)] {
		w, err := firstWord(res.Data, res.Err)
		if err != nil {
			crs[i].err = err
			continue
		}
		crs[i].bal = new(big.Int).SetBytes(w)
	}
	g.readOwners(ctx, caller, crs, wallet)
	if delegated {
		g.readVaults(ctx, caller, crs, wallet, res[len(crs)])
	}
}

// readOwners reads the owner of every ERC-721 id named by a condition
// whose balance is not zero.
func (g *Checker) readOwners(ctx context.Context, caller bind.ContractCaller, crs []*condRead, wallet common.Address) {
	var owned []*condRead
	for _, cr := range crs {
		if len(cr.ids) > 0 && cr.err == nil && cr.bal.Sign() > 0 {
			owned = append(owned, cr)
		}
	}
	if len(owned) == 0 {
		return
	}
	if batchCost(caller, 2) == 2 {
		// Call by call: stop at the first id the wallet owns.
		work := make([]func(), len(owned))
		for i, cr := range owned {
			work[i] = func() { g.ownersOneByOne(ctx, caller, cr, wallet) }
		}
		all(work)
		return
	}
	var ownerCalls []chain.Call
	for _, cr := range owned {
		for _, id := range cr.ids {
			ownerCalls = append(ownerCalls, chain.Call{To: cr.token, Data: slices.Concat(selOwnerOf, word(id.Bytes()))})
		}
	}
	res := g.readAll(ctx, caller, ownerCalls)
	for _, cr := range owned {
		cr.settleOwners(res[:len(cr.ids)], wallet)
		res = res[len(cr.ids):]
	}
}

func (g *Checker) ownersOneByOne(ctx context.Context, caller bind.ContractCaller, cr *condRead, wallet common.Address) {
	for _, id := range cr.ids {
		w, err := g.read(ctx, caller, cr.token, 0, selOwnerOf, word(id.Bytes()))
		if errors.Is(err, chain.ErrExecution) {
			continue // ERC-721 reverts for a token that does not exist
		}
		if err != nil {
			cr.err = err
			return
		}
		if common.BytesToAddress(w) == wallet {
			cr.owns = id
			return
		}
	}
}

// settleOwners reads ownerOf answers: an id the wallet owns decides,
// whatever else failed; a revert is "no such token".
func (cr *condRead) settleOwners(res []chain.Result, wallet common.Address) {
	for i, r := range res {
		w, err := firstWord(r.Data, r.Err)
		if err == nil && common.BytesToAddress(w) == wallet {
			cr.owns = cr.ids[i]
			return
		}
		if err != nil && !errors.Is(err, chain.ErrExecution) && cr.err == nil {
			cr.err = err
		}
	}
}

// decide builds the evaluation tree from what was read.
func (g *Checker) decide(ctx context.Context, r *gatev1.Rule, p *rulePlan, reads []condRead) *gatev1.Evaluation {
	switch x := r.GetNode().(type) {
	case *gatev1.Rule_Condition:
		return g.condition(ctx, &reads[p.index[x.Condition]])
	case *gatev1.Rule_Any:
		return g.group(ctx, x.Any, p, reads, true)
	case *gatev1.Rule_All:
		return g.group(ctx, x.All, p, reads, false)
	}
	return &gatev1.Evaluation{Outcome: notHeld, Description: "empty rule"}
}

func (g *Checker) group(ctx context.Context, grp *gatev1.RuleGroup, p *rulePlan, reads []condRead, anyOf bool) *gatev1.Evaluation {
	kids := make([]*gatev1.Evaluation, len(grp.GetRules()))
	for i, r := range grp.GetRules() {
		kids[i] = g.decide(ctx, r, p, reads)
	}
	count := map[gatev1.Outcome]int{}
	for _, k := range kids {
		count[k.GetOutcome()]++
	}
	e := &gatev1.Evaluation{Children: kids}
	if anyOf {
		e.Description = fmt.Sprintf("any of %d", len(kids))
		switch {
		case count[held] > 0:
			e.Outcome = held
		case count[unknown] > 0:
			e.Outcome = unknown
		default:
			e.Outcome = notHeld
		}
	} else {
		e.Description = fmt.Sprintf("all of %d", len(kids))
		switch {
		case count[notHeld] > 0:
			e.Outcome = notHeld
		case count[unknown] > 0:
			e.Outcome = unknown
		default:
			e.Outcome = held
		}
	}
	e.Detail = fmt.Sprintf("%d held, %d not held, %d unknown", count[held], count[notHeld], count[unknown])
	return e
}

func (g *Checker) condition(ctx context.Context, cr *condRead) *gatev1.Evaluation {
	c := cr.c
	e := &gatev1.Evaluation{Description: cr.desc}
	if cr.unconfigured {
		e.Outcome, e.Detail = unknown, "chain not configured on this server"
		return e
	}
	var ok bool
	var detail string
	err := cr.err
	switch {
	case cr.owns != nil:
		ok, detail, err = true, "owns token "+cr.owns.String(), nil
	case err != nil:
	case len(cr.ids) > 0 && cr.bal.Sign() == 0:
		detail = "balance 0"
	case len(cr.ids) > 0:
		detail = fmt.Sprintf("balance %s, none of the %d named tokens", cr.bal, len(cr.ids))
	default:
		ok, detail = cr.bal.Cmp(cr.min) >= 0, "balance "+cr.bal.String()
	}
	if !ok && cr.deleg != nil {
		if v := cr.via(); v != nil {
			e.Outcome, e.Detail, e.Vault = held, cr.vaultDetail(v), v.from.Hex()
			return e
		}
		if err == nil && cr.deleg.err != nil {
			err = cr.deleg.err
		} else if err == nil {
			detail = cr.delegNote(detail)
		}
	}
	switch {
	case errors.Is(err, chain.ErrExecution):
		e.Outcome, e.Detail = notHeld, "the contract call failed: "+shortErr(err)
	case err != nil && runOf(ctx).answeredFromCache():
		e.Outcome, e.Detail = unknown, "answered from the cache first"
	case err != nil && errors.Is(ctx.Err(), context.Canceled):
		e.Outcome, e.Detail = unknown, "the check was cancelled"
	case errors.Is(err, errOverBudget):
		e.Outcome, e.Detail = unknown, "over the check's chain-call budget"
	case err != nil:
		e.Outcome, e.Detail = unknown, "the chain could not be read"
		g.log.WarnContext(ctx, "gate: chain read failed", "chain", c.GetChainId(), "contract", c.GetContract(), "err", err)
	case ok:
		e.Outcome, e.Detail = held, detail
	default:
		e.Outcome, e.Detail = notHeld, detail
	}
	return e
}

func tokenIDs(c *gatev1.Condition) []*big.Int {
	var ids []*big.Int
	for _, s := range c.GetTokenIds() {
		v, _ := new(big.Int).SetString(s, 10)
		ids = append(ids, v)
	}
	if r := c.GetTokenRange(); r != nil {
		first, _ := new(big.Int).SetString(r.GetFirst(), 10)
		last, _ := new(big.Int).SetString(r.GetLast(), 10)
		for v := new(big.Int).Set(first); v.Cmp(last) <= 0; v = new(big.Int).Add(v, big.NewInt(1)) {
			ids = append(ids, v)
		}
	}
	return ids
}

var standardNames = map[gatev1.Standard]string{
	gatev1.Standard_STANDARD_ERC721: "ERC-721", gatev1.Standard_STANDARD_ERC1155: "ERC-1155",
	gatev1.Standard_STANDARD_ERC20: "ERC-20",
}

// describe puts a condition in words, e.g. "at least 1 of ERC-721
// 0xAb…cd on chain 1".
func describe(c *gatev1.Condition) string {
	std := standardNames[c.GetStandard()]
	where := fmt.Sprintf("%s %s on chain %d", std, c.GetContract(), c.GetChainId())
	switch {
	case c.GetStandard() == gatev1.Standard_STANDARD_ERC1155:
		return fmt.Sprintf("at least %s of token %s of %s", c.GetMinAmount(), c.GetTokenIds()[0], where)
	case len(c.GetTokenIds()) == 1:
		return fmt.Sprintf("token %s of %s", c.GetTokenIds()[0], where)
	case len(c.GetTokenIds()) > 1:
		return fmt.Sprintf("one of tokens %s of %s", strings.Join(c.GetTokenIds(), ", "), where)
	case c.GetTokenRange() != nil:
		return fmt.Sprintf("one of tokens %s to %s of %s", c.GetTokenRange().GetFirst(), c.GetTokenRange().GetLast(), where)
	case c.GetStandard() == gatev1.Standard_STANDARD_ERC20:
		return fmt.Sprintf("at least %s base units of %s", c.GetMinAmount(), where)
	}
	return fmt.Sprintf("at least %s of %s", c.GetMinAmount(), where)
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && i+2 < len(s) {
		s = s[i+2:]
	}
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}
