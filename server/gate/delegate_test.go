package gate_test

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/common"
	"github.com/google/uuid"

	"github.com/streamgate/streamgate/contracts/bindings"
	"github.com/streamgate/streamgate/contracts/devnet"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
)

// delegFixture is a chain of its own (the tests write delegations) with
// the test registry at the canonical address from genesis.
var (
	delegOnce sync.Once
	delegF    *fixture
	delegErr  error
)

func delegChain(t *testing.T) *fixture {
	t.Helper()
	delegOnce.Do(func() { delegF, delegErr = newFixture() })
	if delegErr != nil {
		t.Fatal(delegErr)
	}
	return delegF
}

// delegate sends one registry call from the vault.
func delegate(t *testing.T, f *fixture, vault *ecdsa.PrivateKey, data []byte) {
	t.Helper()
	if err := f.chain.Send(vault, &bindings.DelegateRegistryMetaData, devnet.DelegateRegistryAddress, data); err != nil {
		t.Fatal(err)
	}
}

func withDelegation(rights string) func(*gatev1.Condition) {
	return func(c *gatev1.Condition) { c.Delegation = &gatev1.Delegation{Rights: rights} }
}

// explain is ExplainAccess for a wallet, as the video's creator.
func (e *env) explain(id uuid.UUID, wallet common.Address) *gatev1.ExplainAccessResponse {
	e.t.Helper()
	res, err := e.client.ExplainAccess(context.Background(), as(creator, &gatev1.ExplainAccessRequest{VideoId: id.String(), Address: wallet.Hex()}))
	if err != nil {
		e.t.Fatalf("ExplainAccess: %v", err)
	}
	return res.Msg
}

// wantVault checks the decision and the vault the evaluation names.
func wantVault(t *testing.T, res *gatev1.ExplainAccessResponse, allowed bool, vault string) {
	t.Helper()
	if res.GetAllowed() != allowed || res.GetEvaluation().GetVault() != vault {
		t.Fatalf("allowed %v via vault %q (%s: %s), want %v via %q", res.GetAllowed(), res.GetEvaluation().GetVault(),
			res.GetEvaluation().GetDescription(), res.GetEvaluation().GetDetail(), allowed, vault)
	}
}

func hotWallet() common.Address { return randomWallet() }

// The delegation tests share one chain and its funded vaults, whose
// transactions must not race for nonces: they do not run in parallel.
func TestDelegation(t *testing.T) {
	f := delegChain(t)
	e := newEnvOn(t, f)
	reg := bindings.NewDelegateRegistry()
	var zero [32]byte
	id721 := func(mut ...func(*gatev1.Condition)) uuid.UUID {
		v := e.video(creator)
		e.mustSet(v, cond(f.chain.ChainID.Uint64(), f.erc721, gatev1.Standard_STANDARD_ERC721, mut...))
		return v
	}

	t.Run("all", func(t *testing.T) {
		hot := hotWallet()
		delegate(t, f, holder, reg.PackDelegateAll(hot, zero, true))
		opted, plain := id721(withDelegation("")), id721()
		wantVault(t, e.explain(opted, hot), true, addr(holder))
		if ev := e.explain(opted, hot).GetEvaluation(); ev.GetDetail() == "" {
			t.Fatal("no detail for a delegated holding")
		}
		// A rule that did not opt in ignores the delegation.
		wantVault(t, e.explain(plain, hot), false, "")
		// A labelled rule accepts a full delegation; a labelled delegation
		// does not serve a rule asking for full ones.
		label := "0x" + common.Bytes2Hex(common.LeftPadBytes([]byte("streamgate"), 32))
		wantVault(t, e.explain(id721(withDelegation(label), minAmount("1")), hot), true, addr(holder))
		hot2 := hotWallet()
		var lab [32]byte
		copy(lab[:], common.FromHex(label))
		delegate(t, f, holder, reg.PackDelegateAll(hot2, lab, true))
		wantVault(t, e.explain(opted, hot2), false, "")
		wantVault(t, e.explain(id721(withDelegation(label), tokenRange("1", "2")), hot2), true, addr(holder))
	})

	t.Run("contract", func(t *testing.T) {
		hot := hotWallet()
		delegate(t, f, holder, reg.PackDelegateContract(hot, f.erc20, zero, true))
		erc20 := e.video(creator)
		e.mustSet(erc20, cond(f.chain.ChainID.Uint64(), f.erc20, gatev1.Standard_STANDARD_ERC20, minAmount("500"), withDelegation("")))
		wantVault(t, e.explain(erc20, hot), true, addr(holder))
		// Another contract was not delegated.
		wantVault(t, e.explain(id721(withDelegation("")), hot), false, "")
	})

	t.Run("token", func(t *testing.T) {
		hot := hotWallet()
		delegate(t, f, holder2, reg.PackDelegateERC721(hot, f.erc721, big.NewInt(5), zero, true))
		wantVault(t, e.explain(id721(ids("5"), withDelegation("")), hot), true, addr(holder2))
		// Token 1 is holder's, who delegated nothing to hot.
		wantVault(t, e.explain(id721(ids("1"), withDelegation("")), hot), false, "")
		// An ERC-1155 amount: what was delegated caps what counts.
		delegate(t, f, holder, reg.PackDelegateERC1155(hot, f.erc1155, big.NewInt(7), zero, big.NewInt(2)))
		for _, c := range []struct {
			min  string
			want bool
		}{{"2", true}, {"3", false}} {
			v := e.video(creator)
			e.mustSet(v, cond(f.chain.ChainID.Uint64(), f.erc1155, gatev1.Standard_STANDARD_ERC1155, ids("7"), minAmount(c.min), withDelegation("")))
			vault := ""
			if c.want {
				vault = addr(holder)
			}
			wantVault(t, e.explain(v, hot), c.want, vault)
		}
	})
}

// A revoked delegation stops counting once the cached answer expires.
func TestDelegationRevoked(t *testing.T) {
	f := delegChain(t)
	e := newEnvOn(t, f, func(c *gate.Config, _ *chain.Config) {
		c.PositiveTTL, c.NegativeTTL = time.Millisecond, time.Millisecond
	})
	reg := bindings.NewDelegateRegistry()
	var zero [32]byte
	hot := hotWallet()
	delegate(t, f, holder, reg.PackDelegateAll(hot, zero, true))
	v := e.video(creator)
	e.mustSet(v, cond(f.chain.ChainID.Uint64(), f.erc721, gatev1.Standard_STANDARD_ERC721, withDelegation("")))
	wantVault(t, e.explain(v, hot), true, addr(holder))
	delegate(t, f, holder, reg.PackDelegateAll(hot, zero, false))
	time.Sleep(20 * time.Millisecond)
	res := e.explain(v, hot)
	wantVault(t, res, false, "")
	t.Logf("after revocation: %s", res.GetEvaluation().GetDetail())
}

// The vaults' reads are one more Multicall3 batch within the check's
// budget: a rule whose delegation reads would pass it is refused, and a
// wallet with more vaults than --gate-max-vaults has only the first read.
func TestDelegationBudget(t *testing.T) {
	f := delegChain(t)
	reg := bindings.NewDelegateRegistry()
	var zero [32]byte
	id := f.chain.ChainID.Uint64()
	tight := newEnvOn(t, f, func(c *gate.Config, _ *chain.Config) { c.MaxCallsPerCheck = 1 })
	v := tight.video(creator)
	if _, err := tight.set(v, cond(id, f.erc721, gatev1.Standard_STANDARD_ERC721)); err != nil {
		t.Fatalf("a one-call rule: %v", err)
	}
	_, err := tight.set(v, cond(id, f.erc721, gatev1.Standard_STANDARD_ERC721, withDelegation("")))
	if connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Fatalf("a delegated rule over a one-call budget: %v", err)
	}

	e := newEnvOn(t, f, func(c *gate.Config, _ *chain.Config) { c.MaxVaults, c.MaxCallsPerCheck = 1, 2 })
	hot := hotWallet()
	// The chain's owner holds nothing: as the first vault it takes the only slot.
	delegate(t, f, f.chain.Owner, reg.PackDelegateAll(hot, zero, true))
	delegate(t, f, holder, reg.PackDelegateAll(hot, zero, true))
	delegate(t, f, holder, reg.PackDelegateContract(hot, f.erc721, zero, true))
	v = e.video(creator)
	e.mustSet(v, cond(id, f.erc721, gatev1.Standard_STANDARD_ERC721, withDelegation("")))
	before, batched := e.calls.n.Load(), e.calls.batched.Load()
	res := e.explain(v, hot)
	calls, inBatches := e.calls.n.Load()-before, e.calls.batched.Load()-batched
	t.Logf("%d chain calls carrying %d reads: %s", calls, inBatches, res.GetEvaluation().GetDetail())
	wantVault(t, res, false, "")
	if !strings.Contains(res.GetEvaluation().GetDetail(), "(1 more not read)") {
		t.Fatalf("detail %q does not count the one vault left unread", res.GetEvaluation().GetDetail())
	}
	// Balance and incoming delegations, then the one vault's balance and check.
	if calls != 2 || inBatches != 4 {
		t.Fatalf("%d chain calls carrying %d reads, want 2 carrying 4", calls, inBatches)
	}
}
