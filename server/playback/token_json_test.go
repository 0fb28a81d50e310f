package playback

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// claimsJSONCase builds Claims from fuzzable parts.
func claimsJSONCase(sub, vid, sid, jti, aud string, exp int64, chain uint64, anon, nbf bool) Claims {
	c := Claims{
		RegisteredClaims: jwt.RegisteredClaims{Subject: sub, ID: jti, ExpiresAt: jwt.NewNumericDate(time.Unix(exp, 0))},
		VideoID:          vid, Kind: Kind, SessionID: sid, ContractChainID: chain, Anonymous: anon,
	}
	if aud != "" {
		c.Audience = jwt.ClaimStrings{aud}
	}
	if nbf {
		c.NotBefore = jwt.NewNumericDate(time.Unix(exp-600, 0))
		c.IssuedAt = c.NotBefore
	}
	return c
}

// FuzzClaimsJSON: AppendJSON writes what encoding/json writes, for any
// claims (the seeds are the shapes Authorize, Renew and anonymous grants
// mint, and strings that need escaping).
func FuzzClaimsJSON(f *testing.F) {
	f.Add("0xAbC0000000000000000000000000000000000001", "0b6a9c1e-8f7d-4a39-9d0e-1f2a3b4c5d6e", "7c1e0f8a-1b2c-4d3e-8f9a-0b1c2d3e4f5a", "1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", Audience, int64(1_800_000_600), uint64(0), false, true)
	f.Add("", "0b6a9c1e-8f7d-4a39-9d0e-1f2a3b4c5d6e", "", "x", Audience, int64(1_800_000_600), uint64(0), true, true)
	f.Add("0xabc", "v", "s", "j", Audience, int64(1), uint64(8453), false, false)
	f.Add("<a href=\"&\">\\", "\u2028\x00é", "\xff", "", "", int64(-5), uint64(1<<63), false, true)
	f.Fuzz(func(t *testing.T, sub, vid, sid, jti, aud string, exp int64, chain uint64, anon, nbf bool) {
		if exp > 1<<40 || exp < -(1<<40) {
			return // beyond what time.Unix round-trips
		}
		c := claimsJSONCase(sub, vid, sid, jti, aud, exp, chain, anon, nbf)
		want, err := json.Marshal(c)
		if err != nil {
			t.Skip()
		}
		if got := c.AppendJSON([]byte("prefix")); !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Fatalf("AppendJSON\n%s\nencoding/json\nprefix%s", got, want)
		}
	})
}

func TestClaimsJSONTwoAudiences(t *testing.T) {
	t.Parallel()
	c := claimsJSONCase("0xabc", "v", "", "", Audience, 100, 0, false, false)
	c.Audience = append(c.Audience, "other")
	want, _ := json.Marshal(c)
	if got := c.AppendJSON(nil); !bytes.Equal(got, want) {
		t.Fatalf("AppendJSON %s, want %s", got, want)
	}
}
