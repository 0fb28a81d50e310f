package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/streamgate/streamgate/internal/siwe"
)

// maxSignatureBytes bounds what is forwarded to a contract wallet.
const maxSignatureBytes = 1024

// eip1271Magic is what isValidSignature(bytes32,bytes) returns on success;
// it is also the function's selector.
var eip1271Magic = []byte{0x16, 0x26, 0xba, 0x7e}

// verifySignature accepts an EOA's EIP-191 signature of text (the
// message m was parsed from) by the message's address, or else, when the
// address holds code, the contract wallet's EIP-1271 approval, or for a
// signature ending in the EIP-6492 suffix, the approval of a smart account
// that may not be deployed yet (eip6492.go). Parse
// guarantees m renders back to exactly text, so text is what is hashed.
//
// contractChain is zero for an EOA, whose key signs for its address on
// every chain, and the message's chain for a contract wallet: its code
// there approved, and the same address on another chain may be other
// code with another owner, so the session is scoped to that chain.
func (s *Service) verifySignature(ctx context.Context, m *siwe.Message, text, sigHex string) (contractChain uint64, err error) {
	sig, err := hexutil.Decode(sigHex)
	if err != nil || len(sig) > maxWrappedSignatureBytes {
		return 0, fmt.Errorf("%w: want 0x-prefixed hex of at most %d bytes", ErrBadSignatureEncoding, maxWrappedSignatureBytes)
	}
	hash := textHash(text)
	addr := common.HexToAddress(m.Address)
	if _, wrapped, err := Unwrap6492(sig); wrapped {
		// A smart account that may not be deployed yet (EIP-6492): only
		// the chain can say, and its approval holds on that chain alone.
		if err == nil {
			err = s.verify6492(ctx, m.ChainID, addr, hash, sig)
		}
		if err != nil {
			return 0, err
		}
		return m.ChainID, nil
	}
	if len(sig) > maxSignatureBytes {
		return 0, fmt.Errorf("%w: %d bytes; a signature that is not EIP-6492-wrapped is at most %d", ErrBadSignatureEncoding, len(sig), maxSignatureBytes)
	}
	eoaErr := VerifyEOA(hash, sig, addr)
	if eoaErr == nil {
		return 0, nil
	}
	if err := s.verifyContract(ctx, m.ChainID, addr, hash, sig, eoaErr); err != nil {
		return 0, err
	}
	return m.ChainID, nil
}

// textHash is accounts.TextHash of text, the EIP-191 personal_sign
// hash keccak256("\x19Ethereum Signed Message:\n" + len + text), written
// straight into the hasher rather than formatted into a copy first.
func textHash(text string) []byte {
	var buf [len(personalSignPrefix) + 20]byte
	prefix := strconv.AppendInt(append(buf[:0], personalSignPrefix...), int64(len(text)), 10)
	h := crypto.NewKeccakState()
	h.Write(prefix)
	h.Write([]byte(text))
	out := make([]byte, 32)
	_, _ = h.Read(out)
	return out
}

const personalSignPrefix = "\x19Ethereum Signed Message:\n"

// VerifyEOA checks that sig, 65 bytes r || s || v with v in 27/28 or 0/1
// and s in the lower half of the curve order, signs hash by addr. A
// malformed signature wraps ErrBadSignatureEncoding; a well-formed one by
// another key, or with a high s, wraps ErrBadSignature.
//
// It recovers the uncompressed public key with crypto.Ecrecover and
// hashes it straight into an address: the same recovery as
// crypto.SigToPub, without decoding the key into a curve point only to
// encode it again.
func VerifyEOA(hash, sig []byte, addr common.Address) error {
	if len(sig) != 65 {
		return fmt.Errorf("%w: %d bytes, an EOA signature is 65", ErrBadSignatureEncoding, len(sig))
	}
	v := sig[64]
	if v == 27 || v == 28 {
		v -= 27
	}
	if v > 1 {
		return fmt.Errorf("%w: v is %d, want 27, 28, 0 or 1", ErrBadSignatureEncoding, sig[64])
	}
	if !crypto.ValidateSignatureValues(v, new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:64]), true) {
		return fmt.Errorf("%w: r or s out of range, or s is high (not canonical)", ErrBadSignature)
	}
	var norm [65]byte
	copy(norm[:], sig[:64])
	norm[64] = v
	pub, err := crypto.Ecrecover(hash, norm[:])
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	if len(pub) != 65 || pub[0] != 4 || common.BytesToAddress(crypto.Keccak256(pub[1:])[12:]) != addr {
		return ErrBadSignature
	}
	return nil
}

// verifyContract asks the address, when it holds code, whether it
// accepts sig for hash (EIP-1271). An address without code keeps its
// EOA verdict.
func (s *Service) verifyContract(ctx context.Context, chainID uint64, addr common.Address, hash, sig []byte, eoaErr error) error {
	var caller bind.ContractCaller
	var err error
	if s.d.Chains != nil {
		caller, err = s.d.Chains.ContractCaller(chainID)
	}
	if s.d.Chains == nil || err != nil {
		// No access to this chain: the EOA verdict stands, except that a
		// signature no EOA makes can only be a contract wallet's.
		if errors.Is(eoaErr, ErrBadSignatureEncoding) && len(sig) != 65 {
			return fmt.Errorf("%w on chain %d (and %v)", ErrNoChainAccess, chainID, eoaErr)
		}
		return eoaErr
	}
	code, err := caller.CodeAt(ctx, addr, nil)
	if err != nil {
		return fmt.Errorf("%w: read code of %s: %w", ErrChainUnavailable, addr.Hex(), err)
	}
	if len(code) == 0 {
		return eoaErr
	}
	out, err := caller.CallContract(ctx, ethereum.CallMsg{To: &addr, Data: isValidSignatureCall(hash, sig)}, nil)
	var reverted interface{ ErrorData() any }
	switch {
	case errors.As(err, &reverted):
		return fmt.Errorf("%w: contract wallet reverted", ErrBadSignature)
	case err != nil:
		return fmt.Errorf("%w: call isValidSignature on %s: %w", ErrChainUnavailable, addr.Hex(), err)
	case len(out) < 4 || !bytes.Equal(out[:4], eip1271Magic):
		return fmt.Errorf("%w: contract wallet did not return the EIP-1271 magic value", ErrBadSignature)
	}
	return nil
}

// isValidSignatureCall ABI-encodes isValidSignature(bytes32 hash, bytes sig).
func isValidSignatureCall(hash, sig []byte) []byte {
	padded := (len(sig) + 31) / 32 * 32
	data := make([]byte, 4+32+32+32+padded)
	copy(data, eip1271Magic)
	copy(data[4:], hash)
	data[4+32+31] = 0x40 // offset of the bytes argument
	big.NewInt(int64(len(sig))).FillBytes(data[4+64 : 4+96])
	copy(data[4+96:], sig)
	return data
}
