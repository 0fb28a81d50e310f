package gate

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/server/chain"
)

// DelegateRegistry is where the delegate.xyz v2 registry lives: the same
// address on every chain (a keyless deployment).
var DelegateRegistry = common.HexToAddress("0x00000000000000447e69651d841bD8D104Bed493")

// Selectors of the registry's reads.
var (
	selIncoming      = selector("getIncomingDelegations(address)")
	selCheckContract = selector("checkDelegateForContract(address,address,address,bytes32)")
	selCheckERC721   = selector("checkDelegateForERC721(address,address,address,uint256,bytes32)")
	selCheckERC20    = selector("checkDelegateForERC20(address,address,address,bytes32)")
	selCheckERC1155  = selector("checkDelegateForERC1155(address,address,address,uint256,bytes32)")
)

func selector(sig string) []byte { return crypto.Keccak256([]byte(sig))[:4] }

// The registry's delegation types (IDelegateRegistry.DelegationType).
const (
	delegAll      = 1
	delegContract = 2
	delegERC721   = 3
	delegERC20    = 4
	delegERC1155  = 5
)

// delegation is one entry of getIncomingDelegations.
type delegation struct {
	kind     uint8
	from     common.Address
	rights   [32]byte
	contract common.Address
	tokenID  *big.Int
}

// maxIncoming bounds the delegations read from one answer: a wallet
// anyone may delegate to must not make the gate decode without end.
const maxIncoming = 1024

// parseIncoming decodes getIncomingDelegations' answer, an array of
// (uint8 type_, address to, address from, bytes32 rights, address
// contract_, uint256 tokenId, uint256 amount), strictly: anything else
// is an EVM failure (chain.ErrExecution).
func parseIncoming(out []byte) ([]delegation, error) {
	bad := func(why string) ([]delegation, error) {
		return nil, fmt.Errorf("%w: getIncomingDelegations answered %d bytes: %s", chain.ErrExecution, len(out), why)
	}
	if len(out) < 64 {
		return bad("too short")
	}
	off := new(big.Int).SetBytes(out[:32])
	if !off.IsInt64() || off.Int64() > int64(len(out)-32) {
		return bad("offset out of bounds")
	}
	o := int(off.Int64())
	n := new(big.Int).SetBytes(out[o : o+32])
	const size = 7 * 32
	if !n.IsInt64() || n.Int64() > int64((len(out)-o-32)/size) {
		return bad("length out of bounds")
	}
	count := int(n.Int64())
	out = out[o+32:]
	ds := make([]delegation, 0, min(count, maxIncoming))
	for i := range min(count, maxIncoming) {
		w := out[i*size : (i+1)*size]
		if !allZero(w[:31]) || !allZero(w[64:76]) || !allZero(w[128:140]) {
			return bad("not a delegation struct")
		}
		d := delegation{kind: w[31], from: common.BytesToAddress(w[76:96]), contract: common.BytesToAddress(w[140:160]), tokenID: new(big.Int).SetBytes(w[160:192])}
		copy(d.rights[:], w[96:128])
		ds = append(ds, d)
	}
	return ds, nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// delegRead is what the registry said for one opted-in condition.
type delegRead struct {
	rights [32]byte
	// vaults that delegated for this condition, in the registry's order.
	vaults []*vaultRead
	err    error // reading the registry or a vault failed
	// skipped counts vaults past Config.MaxVaults.
	skipped int
}

// vaultRead is one vault's side of a condition.
type vaultRead struct {
	from common.Address
	// whole: a delegation of everything or of the whole contract;
	// otherwise tokens lists the named ERC-721 ids it delegated.
	whole  bool
	tokens []*big.Int
	bal    *big.Int // balance (ERC-20, ERC-1155, collection-wide ERC-721)
	grant  *big.Int // what the registry says is delegated (1 for yes)
	owns   *big.Int // a named id the vault owns under a valid delegation
	held   bool
}

func newDelegRead(c *gatev1.Condition) *delegRead {
	if c.GetDelegation() == nil {
		return nil
	}
	d := &delegRead{}
	copy(d.rights[:], common.FromHex(c.GetDelegation().GetRights()))
	return d
}

// applies reports whether delegation x can count for condition cr, and
// if it covers the whole contract (or wallet).
func (cr *condRead) applies(x delegation) (ok, whole bool) {
	if x.rights != ([32]byte{}) && x.rights != cr.deleg.rights {
		return false, false
	}
	switch x.kind {
	case delegAll:
		return true, true
	case delegContract:
		return x.contract == cr.token, true
	}
	if x.contract != cr.token {
		return false, false
	}
	switch cr.c.GetStandard() {
	case gatev1.Standard_STANDARD_ERC721:
		return x.kind == delegERC721 && slices.ContainsFunc(cr.ids, func(id *big.Int) bool { return id.Cmp(x.tokenID) == 0 }), false
	case gatev1.Standard_STANDARD_ERC1155:
		id, _ := new(big.Int).SetString(cr.c.GetTokenIds()[0], 10)
		return x.kind == delegERC1155 && x.tokenID.Cmp(id) == 0, false
	case gatev1.Standard_STANDARD_ERC20:
		return x.kind == delegERC20, false
	}
	return false, false
}

// candidates sorts the wallet's incoming delegations into the vaults of
// each opted-in condition, at most max vaults per condition.
func candidates(crs []*condRead, incoming []delegation, max int) {
	for _, cr := range crs {
		if cr.deleg == nil || cr.heldOwn() {
			continue
		}
		byVault := map[common.Address]*vaultRead{}
		skipped := map[common.Address]bool{}
		for _, x := range incoming {
			ok, whole := cr.applies(x)
			if !ok {
				continue
			}
			v := byVault[x.from]
			if v == nil {
				if len(cr.deleg.vaults) == max {
					if !skipped[x.from] {
						skipped[x.from] = true
						cr.deleg.skipped++
					}
					continue
				}
				v = &vaultRead{from: x.from}
				byVault[x.from] = v
				cr.deleg.vaults = append(cr.deleg.vaults, v)
			}
			if whole {
				v.whole = true
			} else if cr.c.GetStandard() == gatev1.Standard_STANDARD_ERC721 {
				v.tokens = append(v.tokens, x.tokenID)
			}
		}
	}
}

// heldOwn reports whether the wallet met the condition by itself.
func (cr *condRead) heldOwn() bool {
	if cr.err != nil || cr.bal == nil {
		return false
	}
	if len(cr.ids) > 0 {
		return cr.owns != nil
	}
	return cr.bal.Cmp(cr.min) >= 0
}

// vaultPlan is the calls that decide one condition's vaults, and how to
// read their answers back.
type vaultPlan struct {
	calls  []chain.Call
	settle []func(chain.Result)
}

func (p *vaultPlan) add(c chain.Call, settle func(chain.Result)) {
	p.calls = append(p.calls, c)
	p.settle = append(p.settle, settle)
}

// plan lists the reads of cr's vaults for wallet: for a condition naming
// ERC-721 ids, every id's owner and each vault's delegation of the
// contract or of each id it delegated; otherwise each vault's balance and
// the amount (or yes) the registry says it delegated.
func (cr *condRead) plan(p *vaultPlan, wallet common.Address) {
	d := cr.deleg
	if d == nil || len(d.vaults) == 0 {
		return
	}
	fail := func(r chain.Result) error {
		if r.Err != nil && !errors.Is(r.Err, chain.ErrExecution) && d.err == nil {
			d.err = r.Err
		}
		return r.Err
	}
	head := word(wallet.Bytes())
	if len(cr.ids) > 0 {
		owners := make([]common.Address, len(cr.ids))
		for i, id := range cr.ids {
			p.add(chain.Call{To: cr.token, Data: slices.Concat(selOwnerOf, word(id.Bytes()))}, func(r chain.Result) {
				if w, err := firstWord(r.Data, r.Err); err == nil {
					owners[i] = common.BytesToAddress(w)
				} else {
					fail(chain.Result{Err: err})
				}
			})
		}
		for _, v := range d.vaults {
			args := slices.Concat(head, word(v.from.Bytes()), word(cr.token.Bytes()))
			if v.whole {
				p.add(chain.Call{To: DelegateRegistry, Data: slices.Concat(selCheckContract, args, d.rights[:])}, func(r chain.Result) {
					if yes(r, fail) {
						v.owns = ownedBy(cr.ids, owners, v.from)
					}
				})
				continue
			}
			for _, id := range v.tokens {
				i := slices.IndexFunc(cr.ids, func(x *big.Int) bool { return x.Cmp(id) == 0 })
				p.add(chain.Call{To: DelegateRegistry, Data: slices.Concat(selCheckERC721, args, word(id.Bytes()), d.rights[:])}, func(r chain.Result) {
					// Owners settle first: they are planned first.
					if yes(r, fail) && v.owns == nil && owners[i] == v.from {
						v.owns = id
					}
				})
			}
		}
		return
	}
	for _, v := range d.vaults {
		p.add(cr.balanceCall(v.from), func(r chain.Result) {
			if w, err := firstWord(r.Data, r.Err); err == nil {
				v.bal = new(big.Int).SetBytes(w)
			} else {
				fail(chain.Result{Err: err})
			}
		})
		args := slices.Concat(head, word(v.from.Bytes()), word(cr.token.Bytes()))
		var data []byte
		switch cr.c.GetStandard() {
		case gatev1.Standard_STANDARD_ERC20:
			data = slices.Concat(selCheckERC20, args, d.rights[:])
		case gatev1.Standard_STANDARD_ERC1155:
			id, _ := new(big.Int).SetString(cr.c.GetTokenIds()[0], 10)
			data = slices.Concat(selCheckERC1155, args, word(id.Bytes()), d.rights[:])
		default: // a whole ERC-721 collection: its contract must be delegated
			data = slices.Concat(selCheckContract, args, d.rights[:])
		}
		p.add(chain.Call{To: DelegateRegistry, Data: data}, func(r chain.Result) {
			if w, err := firstWord(r.Data, r.Err); err == nil {
				v.grant = new(big.Int).SetBytes(w)
			} else {
				fail(chain.Result{Err: err})
			}
		})
	}
}

// yes reads a registry check that answers a bool.
func yes(r chain.Result, fail func(chain.Result) error) bool {
	w, err := firstWord(r.Data, r.Err)
	if err != nil {
		fail(chain.Result{Err: err})
		return false
	}
	return new(big.Int).SetBytes(w).Cmp(big.NewInt(1)) == 0
}

func ownedBy(ids []*big.Int, owners []common.Address, vault common.Address) *big.Int {
	for i, o := range owners {
		if o == vault && vault != (common.Address{}) {
			return ids[i]
		}
	}
	return nil
}

// via is the first vault that meets the condition by itself: what it
// holds, capped by what it delegated, at least min_amount; or a named id
// it owns and delegated.
func (cr *condRead) via() *vaultRead {
	if cr.deleg == nil {
		return nil
	}
	for _, v := range cr.deleg.vaults {
		switch {
		case len(cr.ids) > 0:
			v.held = v.owns != nil
		case v.bal != nil && v.grant != nil:
			usable := v.bal
			if cr.c.GetStandard() != gatev1.Standard_STANDARD_ERC721 && v.grant.Cmp(usable) < 0 {
				usable = v.grant
			}
			v.held = v.grant.Sign() > 0 && usable.Cmp(cr.min) >= 0
		}
		if v.held {
			return v
		}
	}
	return nil
}

// incomingCall asks the registry for every delegation to wallet.
func incomingCall(wallet common.Address) chain.Call {
	return chain.Call{To: DelegateRegistry, Data: slices.Concat(selIncoming, word(wallet.Bytes()))}
}

// vaultDetail is the evaluation's detail for a condition met through vault v.
func (cr *condRead) vaultDetail(v *vaultRead) string {
	if v.owns != nil {
		return fmt.Sprintf("vault %s owns token %s and delegated it (delegate.xyz)", v.from.Hex(), v.owns)
	}
	return fmt.Sprintf("vault %s holds %s and delegated it (delegate.xyz)", v.from.Hex(), v.bal)
}

// delegNote adds what the registry said to a condition not met.
func (cr *condRead) delegNote(detail string) string {
	d := cr.deleg
	switch {
	case d == nil:
		return detail
	case len(d.vaults) == 0 && d.skipped == 0:
		return detail + "; no delegate.xyz vault delegated it"
	case d.skipped > 0:
		return fmt.Sprintf("%s; none of the first %d delegate.xyz vaults meets it (%d more not read)", detail, len(d.vaults), d.skipped)
	}
	return fmt.Sprintf("%s; none of %d delegate.xyz vaults meets it", detail, len(d.vaults))
}

// readVaults decides the opted-in conditions the wallet did not meet by
// itself through the vaults that delegated to it: inc is the answer of
// getIncomingDelegations, read with the balances; the vaults' reads go
// in one more round, batched like the others and within the budget.
func (g *Checker) readVaults(ctx context.Context, caller bind.ContractCaller, crs []*condRead, wallet common.Address, inc chain.Result) {
	var incoming []delegation
	err := inc.Err
	if err == nil {
		incoming, err = parseIncoming(inc.Data)
	}
	if err != nil {
		for _, cr := range crs {
			if cr.deleg != nil {
				cr.deleg.err = fmt.Errorf("delegate.xyz registry: %w", err)
			}
		}
		return
	}
	candidates(crs, incoming, g.cfg.MaxVaults)
	var p vaultPlan
	for _, cr := range crs {
		cr.plan(&p, wallet)
	}
	if len(p.calls) == 0 {
		return
	}
	for i, r := range g.readAll(ctx, caller, p.calls) {
		p.settle[i](r)
	}
}

// vaultCost is the most calls reading cr's vaults may take: every named
// id's owner and, per vault, a delegation check for each id; or per vault
// a balance and a delegation check.
func vaultCost(c *gatev1.Condition, maxVaults int) int {
	if c.GetDelegation() == nil {
		return 0
	}
	if c.GetStandard() == gatev1.Standard_STANDARD_ERC721 {
		if n := idCount(c); n > 0 {
			return n + maxVaults*n
		}
	}
	return 2 * maxVaults
}
