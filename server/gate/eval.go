package gate

import (
	"context"
	"errors"
	"fmt"
	"math/big"
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

// evaluate decides a normalised rule for one wallet. Every node is
// evaluated (children in parallel, under the chain-call cap) so that the
// answer can say what held and what did not.
func (g *Checker) evaluate(ctx context.Context, r *gatev1.Rule, wallet common.Address) *gatev1.Evaluation {
	switch x := r.GetNode().(type) {
	case *gatev1.Rule_Condition:
		return g.condition(ctx, x.Condition, wallet)
	case *gatev1.Rule_Any:
		return g.group(ctx, x.Any, wallet, true)
	case *gatev1.Rule_All:
		return g.group(ctx, x.All, wallet, false)
	}
	return &gatev1.Evaluation{Outcome: notHeld, Description: "empty rule"}
}

func (g *Checker) group(ctx context.Context, grp *gatev1.RuleGroup, wallet common.Address, anyOf bool) *gatev1.Evaluation {
	kids := make([]*gatev1.Evaluation, len(grp.GetRules()))
	var wg sync.WaitGroup
	for i, r := range grp.GetRules() {
		wg.Go(func() { kids[i] = g.evaluate(ctx, r, wallet) })
	}
	wg.Wait()
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

func (g *Checker) condition(ctx context.Context, c *gatev1.Condition, wallet common.Address) *gatev1.Evaluation {
	e := &gatev1.Evaluation{Description: describe(c)}
	caller, err := g.chains.ContractCaller(c.GetChainId())
	if err != nil {
		e.Outcome, e.Detail = unknown, "chain not configured on this server"
		return e
	}
	token := common.HexToAddress(c.GetContract())
	min, _ := new(big.Int).SetString(c.GetMinAmount(), 10)
	if min == nil {
		min = big.NewInt(1)
	}
	var ok bool
	var detail string
	switch c.GetStandard() {
	case gatev1.Standard_STANDARD_ERC1155:
		id, _ := new(big.Int).SetString(c.GetTokenIds()[0], 10)
		var bal *big.Int
		if bal, err = g.balanceOf1155(ctx, caller, token, wallet, id); err == nil {
			ok, detail = bal.Cmp(min) >= 0, "balance "+bal.String()
		}
	case gatev1.Standard_STANDARD_ERC721:
		ok, detail, err = g.erc721(ctx, caller, c, token, wallet, min)
	default:
		var bal *big.Int
		if bal, err = g.balanceOf(ctx, caller, token, wallet); err == nil {
			ok, detail = bal.Cmp(min) >= 0, "balance "+bal.String()
		}
	}
	switch {
	case errors.Is(err, chain.ErrExecution):
		e.Outcome, e.Detail = notHeld, "the contract call failed: "+shortErr(err)
	case err != nil && errors.Is(context.Cause(ctx), errAnsweredFromCache):
		e.Outcome, e.Detail = unknown, "answered from the cache first"
	case err != nil && errors.Is(ctx.Err(), context.Canceled):
		e.Outcome, e.Detail = unknown, "the check was cancelled"
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

// erc721 checks balanceOf first (one call answers "holds none"), then
// ownerOf on the named ids until one is the wallet's.
func (g *Checker) erc721(ctx context.Context, caller bind.ContractCaller, c *gatev1.Condition, token, wallet common.Address, min *big.Int) (bool, string, error) {
	bal, err := g.balanceOf(ctx, caller, token, wallet)
	if err != nil {
		return false, "", err
	}
	ids := tokenIDs(c)
	if len(ids) == 0 {
		return bal.Cmp(min) >= 0, "balance " + bal.String(), nil
	}
	if bal.Sign() == 0 {
		return false, "balance 0", nil
	}
	for _, id := range ids {
		owner, err := g.ownerOf(ctx, caller, token, id)
		if err != nil {
			return false, "", err
		}
		if owner == wallet {
			return true, "owns token " + id.String(), nil
		}
	}
	return false, fmt.Sprintf("balance %s, none of the %d named tokens", bal, len(ids)), nil
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

// describe puts a condition in words, e.g. "at least 1 of ERC-721
// 0xAb…cd on chain 1".
func describe(c *gatev1.Condition) string {
	std := map[gatev1.Standard]string{
		gatev1.Standard_STANDARD_ERC721: "ERC-721", gatev1.Standard_STANDARD_ERC1155: "ERC-1155",
		gatev1.Standard_STANDARD_ERC20: "ERC-20",
	}[c.GetStandard()]
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
