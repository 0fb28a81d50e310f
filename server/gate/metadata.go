package gate

import (
	"context"
	"errors"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"golang.org/x/sync/singleflight"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/server/chain"
)

// What a rule's contracts are called, read from the chain (name() and
// symbol() of ERC-721 and ERC-20, and of the ERC-1155 contracts that have
// them) so that a viewer reads "2 of Test Pass (TP)" before signing in.
// A contract without them, or a chain that cannot answer, leaves them
// out: this never fails the read of a rule.

// Selectors of the optional metadata functions.
var (
	selName   = []byte{0x06, 0xfd, 0xde, 0x03} // name()
	selSymbol = []byte{0x95, 0xd8, 0x9b, 0x41} // symbol()
)

const (
	// metaTTL is how long a contract's name is kept: names almost never
	// change, and a stale one only mislabels.
	metaTTL = 24 * time.Hour
	// metaRetry is how long a chain that could not answer is left alone.
	metaRetry = 30 * time.Second
	// metaTimeout bounds the reads behind one rule's description.
	metaTimeout = 3 * time.Second
	// metaGas is plenty for returning a stored string.
	metaGas = 200_000
	// maxMeta bounds the cache; past it, it starts over.
	maxMeta = 4096
	// maxMetaText bounds a name or symbol, in characters.
	maxMetaText = 64
)

type metaKey struct {
	chainID  uint64
	contract common.Address
}

type contractMeta struct {
	name, symbol string
	expires      time.Time
}

// metaCache holds contracts' names, at most maxMeta of them (NewChecker
// sets entries' bound).
type metaCache struct {
	entries memo // metaKey to contractMeta
	flight  singleflight.Group
}

func (c *metaCache) get(k metaKey, now time.Time) (contractMeta, bool) {
	v, ok := c.entries.Load(k)
	if !ok {
		return contractMeta{}, false
	}
	m := v.(contractMeta)
	return m, now.Before(m.expires)
}

func (c *metaCache) put(k metaKey, m contractMeta) { c.entries.Store(k, m) }

// describe lists the chains and contracts a rule names, once each, in
// the rule's order, with what the chain says the contracts are called.
func (g *Checker) describe(ctx context.Context, r *gatev1.Rule) ([]*gatev1.Chain, []*gatev1.ContractInfo) {
	if r == nil {
		return nil, nil
	}
	var keys []metaKey
	seen := map[metaKey]bool{}
	walkConditions(r, func(c *gatev1.Condition) {
		k := metaKey{c.GetChainId(), common.HexToAddress(c.GetContract())}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	})
	ctx, cancel := context.WithTimeout(ctx, metaTimeout)
	defer cancel()
	metas := make([]contractMeta, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Go(func() { metas[i] = g.contractMeta(ctx, k) })
	}
	wg.Wait()
	var chains []*gatev1.Chain
	named := map[uint64]bool{}
	contracts := make([]*gatev1.ContractInfo, len(keys))
	for i, k := range keys {
		contracts[i] = &gatev1.ContractInfo{ChainId: k.chainID, Contract: k.contract.Hex(),
			Name: metas[i].name, Symbol: metas[i].symbol, ExplorerUrl: g.explorerLink(k.chainID, k.contract)}
		if !named[k.chainID] {
			named[k.chainID] = true
			chains = append(chains, g.chainMessage(k.chainID))
		}
	}
	return chains, contracts
}

func walkConditions(r *gatev1.Rule, fn func(*gatev1.Condition)) {
	if c := r.GetCondition(); c != nil {
		fn(c)
	}
	for _, child := range append(r.GetAny().GetRules(), r.GetAll().GetRules()...) {
		walkConditions(child, fn)
	}
}

// contractMeta is a contract's name and symbol, from the cache or the
// chain; one read per contract at a time.
func (g *Checker) contractMeta(ctx context.Context, k metaKey) contractMeta {
	if m, ok := g.meta.get(k, time.Now()); ok {
		return m
	}
	// The read outlives a caller that gives up (the next one gets it);
	// the caller waits no longer than its own deadline.
	ch := g.meta.flight.DoChan(strconv.FormatUint(k.chainID, 10)+k.contract.Hex(), func() (any, error) {
		m, definite := g.readMeta(context.WithoutCancel(ctx), k)
		ttl := metaTTL
		if !definite {
			ttl = metaRetry
		}
		m.expires = time.Now().Add(ttl)
		g.meta.put(k, m)
		return m, nil
	})
	select {
	case r := <-ch:
		return r.Val.(contractMeta)
	case <-ctx.Done():
		return contractMeta{}
	}
}

// readMeta reads name() and symbol(). definite is false when the chain
// could not answer (as opposed to a contract that has no such function).
func (g *Checker) readMeta(ctx context.Context, k metaKey) (m contractMeta, definite bool) {
	ctx, cancel := context.WithTimeout(ctx, metaTimeout)
	defer cancel()
	caller, err := g.chains.ContractCaller(k.chainID)
	if err != nil {
		return contractMeta{}, errors.Is(err, chain.ErrUnknownChain)
	}
	definite = true
	read := func(sel []byte) string {
		out, err := caller.CallContract(ctx, ethereum.CallMsg{To: &k.contract, Gas: metaGas, Data: sel}, nil)
		if err != nil {
			if !errors.Is(err, chain.ErrExecution) {
				definite = false
			}
			return ""
		}
		s, _ := decodeText(out)
		return s
	}
	m.name, m.symbol = read(selName), read(selSymbol)
	return m, definite
}

// decodeText reads what a name() or symbol() returned: an ABI string, or
// a bytes32 as some early tokens return. It keeps printable text only,
// at most maxMetaText characters; ok is false for anything else.
func decodeText(out []byte) (string, bool) {
	var raw []byte
	switch {
	case len(out) == 32:
		raw = []byte(strings.TrimRight(string(out), "\x00"))
	case len(out) >= 64:
		off, ok := abiLength(out[:32], len(out)-32)
		if !ok {
			return "", false
		}
		n, ok := abiLength(out[off:off+32], len(out)-off-32)
		if !ok {
			return "", false
		}
		raw = out[off+32 : off+32+n]
	default:
		return "", false
	}
	if !utf8.Valid(raw) {
		return "", false
	}
	s := strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || !unicode.IsPrint(r) && r != ' ' {
			return -1
		}
		return r
	}, string(raw)))
	if s == "" {
		return "", false
	}
	if utf8.RuneCountInString(s) > maxMetaText {
		s = string([]rune(s)[:maxMetaText-1]) + "…"
	}
	return s, true
}

// abiLength reads a 32-byte word as an offset or length no greater than
// max.
func abiLength(w []byte, max int) (int, bool) {
	v := new(big.Int).SetBytes(w)
	if !v.IsInt64() || v.Int64() > int64(max) || max < 0 {
		return 0, false
	}
	return int(v.Int64()), true
}
