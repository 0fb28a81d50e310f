package gate

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

// rulePlan is what evaluating a rule needs that does not depend on the
// wallet, worked out once per decoded rule (rules are immutable once
// decoded and memoised by hash) instead of on every check that reads the
// chain: each condition's contract, amounts and token ids parsed, its
// description written, its calldata's fixed part encoded, the conditions
// grouped by chain, and whether the rule is within the per-check budget
// even read call by call.
type rulePlan struct {
	conds []*condPlan
	// index finds a condition's plan (and its read) by pointer.
	index map[*gatev1.Condition]int
	// chains lists the chain ids in the order they first appear; byChain
	// holds each one's conditions, as indexes into conds.
	chains  []uint64
	byChain [][]int
	// cheap: every check of the rule costs at most MaxCallsPerCheck chain
	// calls even without Multicall3 (batching only ever lowers the count),
	// so the budget needs no look at the chains.
	cheap bool
}

// condPlan is one condition's part of a rulePlan. Its big.Ints are shared
// by every check: read them, never modify them.
type condPlan struct {
	c     *gatev1.Condition
	token common.Address
	min   *big.Int
	ids   []*big.Int
	desc  string
	// idWord is ERC-1155's token id as an ABI word.
	idWord []byte
}

// planOf returns r's plan, from the memo when it was made before.
func (g *Checker) planOf(r *gatev1.Rule) *rulePlan {
	if p, ok := g.plans.Load(r); ok {
		return p.(*rulePlan)
	}
	p := g.makePlan(r)
	g.plans.Store(r, p)
	return p
}

func (g *Checker) makePlan(r *gatev1.Rule) *rulePlan {
	p := &rulePlan{index: map[*gatev1.Condition]int{}}
	unbatched := map[uint64]int{}
	delegated := map[uint64]bool{}
	walkConditions(r, func(c *gatev1.Condition) {
		cp := &condPlan{c: c, token: common.HexToAddress(c.GetContract()), desc: describe(c)}
		if cp.min, _ = new(big.Int).SetString(c.GetMinAmount(), 10); cp.min == nil {
			cp.min = big.NewInt(1)
		}
		switch c.GetStandard() {
		case gatev1.Standard_STANDARD_ERC721:
			cp.ids = tokenIDs(c)
		case gatev1.Standard_STANDARD_ERC1155:
			id, _ := new(big.Int).SetString(c.GetTokenIds()[0], 10)
			cp.idWord = word(id.Bytes())
		}
		id := c.GetChainId()
		at := -1
		for i, ch := range p.chains {
			if ch == id {
				at = i
			}
		}
		if at < 0 {
			at = len(p.chains)
			p.chains = append(p.chains, id)
			p.byChain = append(p.byChain, nil)
		}
		p.index[c] = len(p.conds)
		p.byChain[at] = append(p.byChain[at], len(p.conds))
		p.conds = append(p.conds, cp)
		// The reads of cost (budget.go), none batched.
		unbatched[id] += 1 + len(cp.ids) + vaultCost(c, g.cfg.MaxVaults)
		if c.GetDelegation() != nil && !delegated[id] {
			delegated[id] = true
			unbatched[id]++ // getIncomingDelegations
		}
	})
	total := 0
	for _, n := range unbatched {
		total += n
	}
	p.cheap = total <= g.cfg.MaxCallsPerCheck
	return p
}

// balanceData is the calldata of the condition's first read for wallet:
// balanceOf(wallet), or ERC-1155's balanceOf(wallet, id), in one buffer.
func (cp *condPlan) balanceData(wallet common.Address) []byte {
	if cp.idWord != nil {
		b := make([]byte, 4+32+32)
		copy(b, selBalanceOf1155)
		copy(b[4+12:], wallet[:])
		copy(b[4+32:], cp.idWord)
		return b
	}
	b := make([]byte, 4+32)
	copy(b, selBalanceOf)
	copy(b[4+12:], wallet[:])
	return b
}
