package gate

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"
)

// abiString encodes s as a contract returns a string.
func abiString(s string) []byte {
	out := append(common.LeftPadBytes([]byte{0x20}, 32), common.LeftPadBytes([]byte{byte(len(s))}, 32)...)
	return append(out, common.RightPadBytes([]byte(s), (len(s)+31)/32*32)...)
}

func TestDecodeText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   []byte
		want string
		ok   bool
	}{
		{abiString("Test Pass"), "Test Pass", true},
		{abiString(""), "", false},
		{common.RightPadBytes([]byte("MKR"), 32), "MKR", true},
		{abiString("a\x00b\nc"), "abc", true},
		{abiString(strings.Repeat("x", 100)), strings.Repeat("x", 63) + "…", true},
		{abiString("\xff\xfe"), "", false},
		{[]byte{1, 2, 3}, "", false},
		{append(common.LeftPadBytes([]byte{0xff, 0xff}, 32), make([]byte, 32)...), "", false},
	} {
		got, ok := decodeText(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("decodeText(%x) = %q %v, want %q %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// FuzzDecodeText: whatever a contract returns, the text is printable
// UTF-8 of bounded length, and nothing panics.
func FuzzDecodeText(f *testing.F) {
	f.Add(abiString("Test Pass"))
	f.Add(common.RightPadBytes([]byte("MKR"), 32))
	f.Add(abiString("\u202eevil\x1b[31m"))
	f.Add(append(common.LeftPadBytes([]byte{0x40}, 32), make([]byte, 64)...))
	f.Add(append(common.LeftPadBytes([]byte{0x20}, 32), common.LeftPadBytes([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 32)...))
	f.Fuzz(func(t *testing.T, out []byte) {
		s, ok := decodeText(out)
		if !ok {
			if s != "" {
				t.Fatalf("refused, yet returned %q", s)
			}
			return
		}
		if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxMetaText || !printable(s, maxMetaText) {
			t.Fatalf("decodeText(%x) = %q", out, s)
		}
	})
}
