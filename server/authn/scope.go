package authn

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ErrOtherChain is a contract wallet's session used for a rule on a
// chain it did not prove itself on; see ChainScopeError.
var ErrOtherChain = errors.New("a contract wallet's session holds only on the chain it signed in on")

// ChainScopeError refuses a contract wallet's session for a rule that
// reads other chains: the wallet's code approved its sign-in on Proven
// only, and the same address elsewhere may be someone else's code.
type ChainScopeError struct {
	Proven uint64
	Rule   []uint64
}

// InScope returns a *ChainScopeError when the caller is a contract wallet
// and chains (those a rule reads) name any chain but its own; nil for an
// EOA, whose key holds on every chain.
func (c Caller) InScope(chains []uint64) error {
	if c.ContractChainID == 0 {
		return nil
	}
	return ChainScope(c.ContractChainID, chains)
}

// ChainScope is InScope for a contract wallet proven on chain proven.
func ChainScope(proven uint64, chains []uint64) error {
	for _, ch := range chains {
		if ch != proven {
			return &ChainScopeError{Proven: proven, Rule: chains}
		}
	}
	return nil
}

func (e *ChainScopeError) Error() string {
	others := slices.DeleteFunc(slices.Clone(e.Rule), func(c uint64) bool { return c == e.Proven })
	names := make([]string, len(others))
	for i, c := range others {
		names[i] = strconv.FormatUint(c, 10)
	}
	head := fmt.Sprintf("your contract wallet signed in on chain %d, and a contract wallet is itself only on the chain it signed in on", e.Proven)
	if len(others) == 1 {
		return fmt.Sprintf("%s; this video's rule reads chain %s: sign in on chain %s", head, names[0], names[0])
	}
	return fmt.Sprintf("%s; this video's rule reads chains %s, which one contract-wallet session cannot prove: ask the creator for a rule on one chain", head, strings.Join(names, ", "))
}

// Is makes every ChainScopeError an ErrOtherChain.
func (e *ChainScopeError) Is(target error) bool { return target == ErrOtherChain }
