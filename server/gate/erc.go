package gate

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/server/chain"
)

// Function selectors (the first 4 bytes of keccak256 of the signature).
var (
	selBalanceOf         = []byte{0x70, 0xa0, 0x82, 0x31} // balanceOf(address)
	selOwnerOf           = []byte{0x63, 0x52, 0x21, 0x1e} // ownerOf(uint256)
	selBalanceOf1155     = []byte{0x00, 0xfd, 0xd5, 0x8e} // balanceOf(address,uint256)
	selSupportsInterface = []byte{0x01, 0xff, 0xc9, 0xa7} // supportsInterface(bytes4)
)

// ERC-165 interface ids.
var (
	ifaceERC165  = [4]byte{0x01, 0xff, 0xc9, 0xa7}
	ifaceInvalid = [4]byte{0xff, 0xff, 0xff, 0xff}
	ifaceERC721  = [4]byte{0x80, 0xac, 0x58, 0xcd}
	ifaceERC1155 = [4]byte{0xd9, 0xb6, 0x7a, 0x26}
)

// erc165Gas is the gas ERC-165 allows supportsInterface; a contract that
// spends more does not implement it.
const erc165Gas = 30_000

// call runs one chain call: charged to the check's budget, in a slot
// shared fairly between videos (see slots).
func (g *Checker) call(ctx context.Context, fn func(context.Context) ([]byte, error)) ([]byte, error) {
	run := runOf(ctx)
	if err := run.charge(); err != nil {
		return nil, err
	}
	if err := g.slots.acquire(ctx, run.key()); err != nil {
		return nil, fmt.Errorf("%w: %w", chain.ErrUnavailable, err)
	}
	defer g.slots.release()
	return fn(ctx)
}

// read calls a view function and returns its one 32-byte word.
func (g *Checker) read(ctx context.Context, c bind.ContractCaller, to common.Address, gas uint64, data ...[]byte) ([]byte, error) {
	var input []byte
	for _, d := range data {
		input = append(input, d...)
	}
	out, err := g.call(ctx, func(ctx context.Context) ([]byte, error) {
		return c.CallContract(ctx, ethereum.CallMsg{To: &to, Gas: gas, Data: input}, nil)
	})
	return firstWord(out, err)
}

// firstWord is a call's one 32-byte word; less is an EVM failure.
func firstWord(out []byte, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	if len(out) < 32 {
		return nil, fmt.Errorf("%w: returned %d bytes, want a 32-byte word", chain.ErrExecution, len(out))
	}
	return out[:32], nil
}

func word(b []byte) []byte { return common.LeftPadBytes(b, 32) }

// supports asks supportsInterface with the ERC-165 gas cap; an EVM
// failure (revert, out of gas, no answer) is "no".
func (g *Checker) supports(ctx context.Context, c bind.ContractCaller, token common.Address, iface [4]byte) (bool, error) {
	w, err := g.read(ctx, c, token, erc165Gas, selSupportsInterface, common.RightPadBytes(iface[:], 32))
	if errors.Is(err, chain.ErrExecution) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return new(big.Int).SetBytes(w).Cmp(big.NewInt(1)) == 0, nil
}

// detect resolves STANDARD_AUTO by ERC-165, following its detection
// procedure (0x01ffc9a7 yes, 0xffffffff no) before asking for 721/1155.
func (g *Checker) detect(ctx context.Context, c bind.ContractCaller, token common.Address) (gatev1.Standard, error) {
	yes, err := g.supports(ctx, c, token, ifaceERC165)
	if err == nil && yes {
		var no bool
		no, err = g.supports(ctx, c, token, ifaceInvalid)
		yes = !no
	}
	if err != nil {
		return 0, fmt.Errorf("%w: detecting the standard: %w", ErrUnavailable, err)
	}
	if !yes {
		return 0, fmt.Errorf("%w: the contract does not implement ERC-165 (supportsInterface reverted, ran out of gas or said no), so its standard cannot be detected: name it (ERC-721, ERC-1155 or ERC-20)", ErrBadRule)
	}
	for _, s := range []struct {
		iface [4]byte
		std   gatev1.Standard
	}{{ifaceERC721, gatev1.Standard_STANDARD_ERC721}, {ifaceERC1155, gatev1.Standard_STANDARD_ERC1155}} {
		ok, err := g.supports(ctx, c, token, s.iface)
		if err != nil {
			return 0, fmt.Errorf("%w: detecting the standard: %w", ErrUnavailable, err)
		}
		if ok {
			return s.std, nil
		}
	}
	return 0, fmt.Errorf("%w: the contract implements ERC-165 but neither ERC-721 nor ERC-1155", ErrBadRule)
}
