package auth_test

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/streamgate/streamgate/server/auth"
)

// FuzzVerifyEOA checks that any bytes as a signature give a clean,
// classified error or a genuine match, never a panic.
func FuzzVerifyEOA(f *testing.F) {
	key, _ := crypto.HexToECDSA(fixedKey)
	addr := crypto.PubkeyToAddress(key.PublicKey)
	hash := accounts.TextHash([]byte("hello"))
	sig, _ := crypto.Sign(hash, key)
	f.Add(sig)
	sig27 := append([]byte(nil), sig...)
	sig27[64] += 27
	f.Add(sig27)
	f.Add([]byte{})
	f.Add(make([]byte, 65))
	f.Fuzz(func(t *testing.T, sig []byte) {
		err := auth.VerifyEOA(hash, sig, addr)
		if err != nil && !errors.Is(err, auth.ErrBadSignature) && !errors.Is(err, auth.ErrBadSignatureEncoding) {
			t.Fatalf("unclassified error %v", err)
		}
		if err == nil {
			norm := append([]byte(nil), sig...)
			if norm[64] >= 27 {
				norm[64] -= 27
			}
			pub, perr := crypto.SigToPub(hash, norm)
			if perr != nil || crypto.PubkeyToAddress(*pub) != addr {
				t.Fatalf("accepted %x, which does not recover the address", sig)
			}
		}
	})
}
