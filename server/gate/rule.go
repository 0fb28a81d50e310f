package gate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"google.golang.org/protobuf/proto"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/server/chain"
)

// maxRangeIDs caps the token ids one ERC-721 range may span: each may
// cost an ownerOf call.
const maxRangeIDs = 100

var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// normalizer checks a rule's meaning and rewrites it into the one form
// that is stored and hashed: checksummed addresses, canonical numbers, and
// STANDARD_AUTO resolved on chain.
type normalizer struct {
	g          *Checker
	conditions int
}

// normalize returns the canonical copy of r.
func (g *Checker) normalize(ctx context.Context, r *gatev1.Rule) (*gatev1.Rule, error) {
	n := &normalizer{g: g}
	out := proto.Clone(r).(*gatev1.Rule)
	if err := n.node(ctx, out, 0); err != nil {
		return nil, err
	}
	if err := g.overBudget(out); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadRule, err)
	}
	return out, nil
}

func (n *normalizer) node(ctx context.Context, r *gatev1.Rule, depth int) error {
	switch x := r.GetNode().(type) {
	case *gatev1.Rule_Condition:
		n.conditions++
		if n.conditions > n.g.cfg.MaxConditions {
			return fmt.Errorf("%w: more than %d conditions", ErrBadRule, n.g.cfg.MaxConditions)
		}
		return n.condition(ctx, x.Condition)
	case *gatev1.Rule_Any:
		return n.group(ctx, x.Any, depth+1)
	case *gatev1.Rule_All:
		return n.group(ctx, x.All, depth+1)
	}
	return fmt.Errorf("%w: a rule node must be a condition, any or all", ErrBadRule)
}

func (n *normalizer) group(ctx context.Context, g *gatev1.RuleGroup, depth int) error {
	if depth > n.g.cfg.MaxDepth {
		return fmt.Errorf("%w: groups nest deeper than %d", ErrBadRule, n.g.cfg.MaxDepth)
	}
	if len(g.GetRules()) == 0 {
		return fmt.Errorf("%w: an any/all group needs at least one rule", ErrBadRule)
	}
	for _, c := range g.GetRules() {
		if err := n.node(ctx, c, depth); err != nil {
			return err
		}
	}
	return nil
}

func (n *normalizer) condition(ctx context.Context, c *gatev1.Condition) error {
	where := fmt.Sprintf("condition on %s (chain %d)", c.GetContract(), c.GetChainId())
	addr, err := checksummed(c.GetContract())
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrBadRule, where, err)
	}
	c.Contract = addr.Hex()
	if err := canonicalNumbers(c); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrBadRule, where, err)
	}
	caller, err := n.g.chains.ContractCaller(c.GetChainId())
	if err != nil {
		if errors.Is(err, chain.ErrUnknownChain) {
			return fmt.Errorf("%w: %s: chain %d is not configured on this server", ErrBadRule, where, c.GetChainId())
		}
		return err
	}
	code, err := n.g.call(ctx, func(ctx context.Context) ([]byte, error) { return caller.CodeAt(ctx, addr, nil) })
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrUnavailable, where, err)
	}
	if len(code) == 0 {
		return fmt.Errorf("%w: %s: no contract is deployed at that address", ErrBadRule, where)
	}
	if c.GetStandard() == gatev1.Standard_STANDARD_AUTO {
		std, err := n.g.detect(ctx, caller, addr)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		c.Standard = std
	}
	if d := c.GetDelegation(); d != nil {
		if err := n.delegation(ctx, caller, c.GetChainId(), d); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	return shapeOf(c)
}

// delegation writes the rights label in lower case, the zero label as
// none (both mean full delegations only), and checks that the chain has
// the delegate.xyz registry.
func (n *normalizer) delegation(ctx context.Context, caller bind.ContractCaller, chainID uint64, d *gatev1.Delegation) error {
	d.Rights = strings.ToLower(d.GetRights())
	if d.Rights == "0x"+strings.Repeat("0", 64) {
		d.Rights = ""
	}
	code, err := n.g.call(ctx, func(ctx context.Context) ([]byte, error) { return caller.CodeAt(ctx, DelegateRegistry, nil) })
	if err != nil {
		return fmt.Errorf("%w: looking for the delegate.xyz registry: %w", ErrUnavailable, err)
	}
	if len(code) == 0 {
		return fmt.Errorf("%w: chain %d has no delegate.xyz registry at %s, so delegations cannot be read there", ErrBadRule, chainID, DelegateRegistry.Hex())
	}
	return nil
}

// shapeOf checks that the fields fit the standard.
func shapeOf(c *gatev1.Condition) error {
	ids, rng := len(c.GetTokenIds()) > 0, c.GetTokenRange() != nil
	switch c.GetStandard() {
	case gatev1.Standard_STANDARD_ERC721:
		if ids && rng {
			return fmt.Errorf("%w: ERC-721: give token_ids or token_range, not both", ErrBadRule)
		}
		if (ids || rng) && c.GetMinAmount() != "1" {
			return fmt.Errorf("%w: ERC-721: min_amount applies to the whole collection, not to token ids", ErrBadRule)
		}
	case gatev1.Standard_STANDARD_ERC1155:
		if len(c.GetTokenIds()) != 1 || rng {
			return fmt.Errorf("%w: ERC-1155: name exactly one id in token_ids", ErrBadRule)
		}
	case gatev1.Standard_STANDARD_ERC20:
		if ids || rng {
			return fmt.Errorf("%w: ERC-20 has no token ids", ErrBadRule)
		}
	default:
		return fmt.Errorf("%w: unsupported standard %s", ErrBadRule, c.GetStandard())
	}
	return nil
}

// canonicalNumbers rewrites ids and amounts without leading zeros, within
// uint256, and the empty min_amount as 1.
func canonicalNumbers(c *gatev1.Condition) error {
	for i, id := range c.GetTokenIds() {
		v, err := uint256(id)
		if err != nil {
			return fmt.Errorf("token id %q: %w", id, err)
		}
		c.TokenIds[i] = v.String()
	}
	if r := c.GetTokenRange(); r != nil {
		first, err1 := uint256(r.GetFirst())
		last, err2 := uint256(r.GetLast())
		if err := errors.Join(err1, err2); err != nil {
			return fmt.Errorf("token range: %w", err)
		}
		span := new(big.Int).Sub(last, first)
		if span.Sign() < 0 {
			return errors.New("token range: first is after last")
		}
		if span.Cmp(big.NewInt(maxRangeIDs-1)) > 0 {
			return fmt.Errorf("token range: spans more than %d ids", maxRangeIDs)
		}
		r.First, r.Last = first.String(), last.String()
	}
	amount := c.GetMinAmount()
	if amount == "" {
		amount = "1"
	}
	v, err := uint256(amount)
	if err != nil {
		return fmt.Errorf("min_amount: %w", err)
	}
	if v.Sign() == 0 {
		return errors.New("min_amount: must be at least 1")
	}
	c.MinAmount = v.String()
	return nil
}

func uint256(s string) (*big.Int, error) {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok || v.Sign() < 0 {
		return nil, errors.New("not a decimal number")
	}
	if v.Cmp(maxUint256) > 0 {
		return nil, errors.New("exceeds uint256")
	}
	return v, nil
}

// checksummed parses an address; mixed case must be a valid EIP-55
// checksum, so that a typo is not silently accepted.
func checksummed(s string) (common.Address, error) {
	if !common.IsHexAddress(s) {
		return common.Address{}, errors.New("not a 20-byte hex address")
	}
	a := common.HexToAddress(s)
	body := strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if body != strings.ToLower(body) && body != strings.ToUpper(body) && a.Hex() != "0x"+body {
		return common.Address{}, fmt.Errorf("bad EIP-55 checksum (did you mean %s?)", a.Hex())
	}
	if a == (common.Address{}) {
		return common.Address{}, errors.New("the zero address is not a contract")
	}
	return a, nil
}

// ruleHash names a normalised rule's exact content.
func ruleHash(r *gatev1.Rule) (string, error) {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(r)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
