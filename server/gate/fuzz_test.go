package gate

import (
	"testing"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

// FuzzConditionNumbers feeds untrusted ids, ranges and amounts through the
// normaliser: it must never panic, and what it accepts must be canonical
// (normalising again changes nothing) and fit the limits.
func FuzzConditionNumbers(f *testing.F) {
	f.Add("1", "3", "6", "")
	f.Add("007", "0", "99", "1000")
	f.Add("115792089237316195423570985008687907853269984665640564039457584007913129639936", "1", "1", "0")
	f.Fuzz(func(t *testing.T, id, first, last, amount string) {
		c := &gatev1.Condition{TokenIds: []string{id}, TokenRange: &gatev1.TokenRange{First: first, Last: last}, MinAmount: amount}
		if err := canonicalNumbers(c); err != nil {
			return
		}
		again := &gatev1.Condition{TokenIds: append([]string(nil), c.GetTokenIds()...),
			TokenRange: &gatev1.TokenRange{First: c.GetTokenRange().GetFirst(), Last: c.GetTokenRange().GetLast()}, MinAmount: c.GetMinAmount()}
		if err := canonicalNumbers(again); err != nil {
			t.Fatalf("canonical form rejected: %v", err)
		}
		if again.GetTokenIds()[0] != c.GetTokenIds()[0] || again.GetMinAmount() != c.GetMinAmount() || again.GetTokenRange().GetFirst() != c.GetTokenRange().GetFirst() {
			t.Fatalf("not canonical: %v vs %v", c, again)
		}
		if n := len(tokenIDs(c)); n < 1+1 || n > 1+maxRangeIDs {
			t.Fatalf("range expands to %d ids", n-1)
		}
	})
}

// FuzzChecksummed: any accepted address round-trips to its EIP-55 form,
// and an accepted mixed-case input is exactly that form.
func FuzzChecksummed(f *testing.F) {
	f.Add("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
	f.Add("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
	f.Add("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
	f.Add("0x0000000000000000000000000000000000000000")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := checksummed(s)
		if err != nil {
			return
		}
		if _, err := checksummed(a.Hex()); err != nil {
			t.Fatalf("checksummed form %s rejected: %v", a.Hex(), err)
		}
	})
}
