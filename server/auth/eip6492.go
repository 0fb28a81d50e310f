package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/streamgate/streamgate/contracts/bindings"
)

// erc6492Suffix ends every EIP-6492 signature: 0x6492 sixteen times.
var erc6492Suffix = bytes.Repeat([]byte{0x64, 0x92}, 16)

// maxWrappedSignatureBytes bounds an EIP-6492 signature, whose factory
// call and inner signature (a passkey's WebAuthn assertion, for Coinbase
// Smart Wallet) make it longer than a plain contract-wallet signature.
const maxWrappedSignatureBytes = 4096

// validatorGas is the most the universal validator may burn: enough to
// deploy a smart account through its factory and ask it, inside an
// eth_call that is never mined. The chain's --chain-call-gas caps it too.
const validatorGas = 3_000_000

// validatorCode is the universal validator's creation code
// (contracts/src/ValidateSigOffchain.sol).
var validatorCode = common.FromHex(bindings.ValidateSigOffchainMetaData.Bin)

// Wrapped6492 is an EIP-6492 signature taken apart: the call to Factory
// that deploys the signing account, and the signature that account's
// EIP-1271 isValidSignature accepts once deployed.
type Wrapped6492 struct {
	Factory         common.Address
	FactoryCalldata []byte
	Signature       []byte
}

// Unwrap6492 parses an EIP-6492 signature, abi.encode(address factory,
// bytes factoryCalldata, bytes signature) followed by erc6492Suffix.
// wrapped is false when sig does not end with the suffix (a plain
// signature); a signature that does but is not that encoding wraps
// ErrBadSignatureEncoding. The ABI decoding is strict: offsets and
// lengths in bounds, the address word's top 12 bytes zero.
func Unwrap6492(sig []byte) (w Wrapped6492, wrapped bool, err error) {
	if len(sig) < len(erc6492Suffix) || !bytes.Equal(sig[len(sig)-len(erc6492Suffix):], erc6492Suffix) {
		return Wrapped6492{}, false, nil
	}
	body := sig[:len(sig)-len(erc6492Suffix)]
	bad := func(why string) (Wrapped6492, bool, error) {
		return Wrapped6492{}, true, fmt.Errorf("%w: EIP-6492 wrapper: %s", ErrBadSignatureEncoding, why)
	}
	if len(body) < 3*32 {
		return bad("shorter than its three head words")
	}
	if !allZero(body[:12]) {
		return bad("the factory word is not an address")
	}
	calldata, ok := abiBytes(body, body[32:64])
	if !ok {
		return bad("the factory calldata's offset or length is out of bounds")
	}
	inner, ok := abiBytes(body, body[64:96])
	if !ok {
		return bad("the signature's offset or length is out of bounds")
	}
	return Wrapped6492{Factory: common.BytesToAddress(body[12:32]), FactoryCalldata: calldata, Signature: inner}, true, nil
}

// abiBytes reads the dynamic bytes whose offset into body is the word
// at: a length word at the offset, then that many bytes, all within body.
func abiBytes(body, at []byte) ([]byte, bool) {
	off, ok := smallWord(at, len(body))
	if !ok || off+32 > len(body) {
		return nil, false
	}
	n, ok := smallWord(body[off:off+32], len(body))
	if !ok || off+32+n > len(body) {
		return nil, false
	}
	return body[off+32 : off+32+n], true
}

// smallWord reads a 32-byte big-endian word that must not exceed limit.
func smallWord(w []byte, limit int) (int, bool) {
	if !allZero(w[:24]) {
		return 0, false
	}
	v := new(big.Int).SetBytes(w[24:32])
	if !v.IsInt64() || v.Int64() > int64(limit) {
		return 0, false
	}
	return int(v.Int64()), true
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// verify6492 asks the universal validator, in one deployless eth_call on
// the message's chain, whether sig (still wrapped) is addr's signature of
// hash: the validator runs the factory call when the account has no code
// yet, then the account's EIP-1271 check, and returns 0x01 when it
// approves. Nothing is deployed: the call is never mined. The caller has
// already counted the attempt against the client IP's limit.
func (s *Service) verify6492(ctx context.Context, chainID uint64, addr common.Address, hash, sig []byte) error {
	var caller bind.ContractCaller
	var err error
	if s.d.Chains != nil {
		caller, err = s.d.Chains.ContractCaller(chainID)
	}
	if s.d.Chains == nil || err != nil {
		return fmt.Errorf("%w on chain %d (an EIP-6492 signature of a wallet not yet deployed)", ErrNoChainAccess, chainID)
	}
	out, err := caller.CallContract(ctx, ethereum.CallMsg{Gas: validatorGas, Data: validatorCall(addr, hash, sig)}, nil)
	var reverted interface{ ErrorData() any }
	switch {
	case errors.As(err, &reverted):
		return fmt.Errorf("%w: the EIP-6492 validation reverted", ErrBadSignature)
	case err != nil:
		return fmt.Errorf("%w: EIP-6492 validation of %s: %w", ErrChainUnavailable, addr.Hex(), err)
	case len(out) != 1 || out[0] != 1:
		return fmt.Errorf("%w: the smart account (EIP-6492) did not approve the signature", ErrBadSignature)
	}
	return nil
}

// validatorCall is the validator's creation code followed by the ABI
// encoding of its constructor's (address signer, bytes32 hash, bytes
// signature).
func validatorCall(addr common.Address, hash, sig []byte) []byte {
	padded := (len(sig) + 31) / 32 * 32
	data := make([]byte, len(validatorCode)+4*32+padded)
	copy(data, validatorCode)
	args := data[len(validatorCode):]
	copy(args[12:32], addr.Bytes())
	copy(args[32:64], hash)
	args[64+31] = 0x60 // offset of the bytes argument
	big.NewInt(int64(len(sig))).FillBytes(args[96:128])
	copy(args[128:], sig)
	return data
}
