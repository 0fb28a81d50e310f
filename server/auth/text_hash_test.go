package auth

import (
	"bytes"
	"testing"

	"github.com/ethereum/go-ethereum/accounts"
)

// FuzzTextHash checks textHash against go-ethereum's EIP-191 hash for
// any text, the lengths whose decimal digits change included.
func FuzzTextHash(f *testing.F) {
	for _, s := range []string{"", "a", "hello", string(bytes.Repeat([]byte("x"), 9)), string(bytes.Repeat([]byte("y"), 10)),
		string(bytes.Repeat([]byte("z"), 100)), string(bytes.Repeat([]byte("\n"), 4096)), "\x19Ethereum Signed Message:\n5hello"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := textHash(text), accounts.TextHash([]byte(text)); !bytes.Equal(got, want) {
			t.Fatalf("textHash(%q) = %x, want %x", text, got, want)
		}
	})
}
