package auth_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/streamgate/streamgate/server/auth"
)

// FuzzUnwrap6492 checks that any bytes give a plain signature, a clean
// encoding error or a wrapper whose parts, encoded again, read back the
// same; never a panic.
func FuzzUnwrap6492(f *testing.F) {
	f.Add(wrap6492(f, common.HexToAddress("0x00000000000000000000000000000000000fac70"), []byte("deploy"), make([]byte, 65)))
	f.Add(wrap6492(f, common.Address{}, nil, nil))
	f.Add(magic6492)
	f.Add(make([]byte, 65))
	f.Fuzz(func(t *testing.T, sig []byte) {
		w, wrapped, err := auth.Unwrap6492(sig)
		if wrapped != bytes.HasSuffix(sig, magic6492) {
			t.Fatalf("wrapped %v for %x", wrapped, sig)
		}
		if err != nil {
			if !wrapped || !errors.Is(err, auth.ErrBadSignatureEncoding) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if !wrapped {
			return
		}
		again, wrapped2, err := auth.Unwrap6492(wrap6492(t, w.Factory, w.FactoryCalldata, w.Signature))
		if err != nil || !wrapped2 || again.Factory != w.Factory || !bytes.Equal(again.FactoryCalldata, w.FactoryCalldata) || !bytes.Equal(again.Signature, w.Signature) {
			t.Fatalf("re-encoded wrapper reads %+v, %v; want %+v", again, err, w)
		}
	})
}
