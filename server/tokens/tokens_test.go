package tokens_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/streamgate/streamgate/server/tokens"
)

func newKey(t *testing.T, id string) tokens.Key {
	t.Helper()
	seed := make([]byte, ed25519.SeedSize)
	_, _ = rand.Read(seed)
	k, err := tokens.ParseKey(id, []byte(base64.StdEncoding.EncodeToString(seed)))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func claims(aud string, ttl time.Duration) *jwt.RegisteredClaims {
	now := time.Now()
	return &jwt.RegisteredClaims{
		Subject: "0xabc", Audience: jwt.ClaimStrings{aud},
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}
}

func TestSignParseAndRotate(t *testing.T) {
	t.Parallel()
	oldKey, newKeyK := newKey(t, "k1"), newKey(t, "k2")
	before, err := tokens.New(oldKey)
	if err != nil {
		t.Fatal(err)
	}
	oldToken, err := before.Sign(claims("a", time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	rotated, err := tokens.New(newKeyK, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	var got jwt.RegisteredClaims
	if err := rotated.Parse(oldToken, &got, jwt.WithAudience("a")); err != nil {
		t.Fatalf("old key no longer verifies after rotation: %v", err)
	}
	newToken, _ := rotated.Sign(claims("a", time.Minute))
	tok, _, _ := jwt.NewParser().ParseUnverified(newToken, &jwt.RegisteredClaims{})
	if tok.Header["kid"] != "k2" || tok.Header["alg"] != "EdDSA" {
		t.Fatalf("header %v: want kid k2, alg EdDSA", tok.Header)
	}
	retired, _ := tokens.New(newKeyK)
	if err := retired.Parse(oldToken, &got, jwt.WithAudience("a")); !errors.Is(err, tokens.ErrInvalidToken) {
		t.Fatalf("retired key still verifies: %v", err)
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	ks, _ := tokens.New(newKey(t, "k1"))
	other, _ := tokens.New(newKey(t, "k1"))
	good, _ := ks.Sign(claims("a", time.Minute))
	expired, _ := ks.Sign(claims("a", -time.Minute))
	forged, _ := other.Sign(claims("a", time.Minute))
	noExp, _ := ks.Sign(&jwt.RegisteredClaims{Audience: jwt.ClaimStrings{"a"}})
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, claims("a", time.Minute))
	hs.Header["kid"] = "k1"
	hmacToken, _ := hs.SignedString([]byte("k1"))
	none := jwt.NewWithClaims(jwt.SigningMethodNone, claims("a", time.Minute))
	none.Header["kid"] = "k1"
	noneToken, _ := none.SignedString(jwt.UnsafeAllowNoneSignatureType)
	for name, tc := range map[string]struct{ token, aud string }{
		"wrong audience": {good, "b"},
		"expired":        {expired, "a"},
		"other key":      {forged, "a"},
		"no expiry":      {noExp, "a"},
		"HS256":          {hmacToken, "a"},
		"alg none":       {noneToken, "a"},
		"garbage":        {"a.b.c", "a"},
		"truncated":      {good[:len(good)-4], "a"},
	} {
		t.Run(name, func(t *testing.T) {
			var c jwt.RegisteredClaims
			if err := ks.Parse(tc.token, &c, jwt.WithAudience(tc.aud)); !errors.Is(err, tokens.ErrInvalidToken) {
				t.Fatalf("got %v, want ErrInvalidToken", err)
			}
		})
	}
}

func TestJWKSVerifies(t *testing.T) {
	t.Parallel()
	k1, k2 := newKey(t, "k1"), newKey(t, "k2")
	ks, _ := tokens.New(k2, k1)
	raw, err := ks.JWKS()
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Keys []map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		t.Fatal(err)
	}
	if len(set.Keys) != 2 || set.Keys[0]["kid"] != "k2" {
		t.Fatalf("jwks %s: want k2 then k1", raw)
	}
	for _, k := range set.Keys {
		if k["kty"] != "OKP" || k["crv"] != "Ed25519" || k["alg"] != "EdDSA" || k["use"] != "sig" {
			t.Fatalf("bad jwk %v", k)
		}
		if _, ok := k["d"]; ok {
			t.Fatal("jwks leaks the private key")
		}
	}
	// A verifier that knows only the JWKS checks a token.
	x, _ := base64.RawURLEncoding.DecodeString(set.Keys[0]["x"])
	token, _ := ks.Sign(claims("a", time.Minute))
	if _, err := jwt.Parse(token, func(*jwt.Token) (any, error) { return ed25519.PublicKey(x), nil },
		jwt.WithValidMethods([]string{"EdDSA"})); err != nil {
		t.Fatalf("token does not verify with the published key: %v", err)
	}
}

func TestParseKeyPEM(t *testing.T) {
	t.Parallel()
	// openssl genpkey -algorithm ed25519
	const pemKey = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIHk8mA7Gm0x0ZGtp+7XTE3ZxGC4k3yEy2lYDMcyUGZ47
-----END PRIVATE KEY-----`
	if _, err := tokens.ParseKey("p", []byte(pemKey)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "short", strings.Repeat("A", 40), "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----"} {
		if _, err := tokens.ParseKey("p", []byte(bad)); err == nil {
			t.Errorf("ParseKey(%q) accepted", bad)
		}
	}
	if _, err := tokens.New(); err == nil {
		t.Error("New with no keys accepted")
	}
}

// TestUnknownKeySaysSignInAgain: a token from a server since restarted
// with another key is refused with a message that tells the user what to
// do, not a bare "unknown kid".
func TestUnknownKeySaysSignInAgain(t *testing.T) {
	t.Parallel()
	before, _ := tokens.Ephemeral()
	after, _ := tokens.Ephemeral()
	token, err := before.Sign(claims("a", time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	err = after.Parse(token, &jwt.RegisteredClaims{}, jwt.WithAudience("a"))
	if !errors.Is(err, tokens.ErrInvalidToken) || !strings.Contains(err.Error(), "signed by another server key: sign in again") {
		t.Fatalf("got %v", err)
	}
}

// appendingClaims appends its JSON by hand, as playback's claims do.
type appendingClaims struct{ jwt.RegisteredClaims }

func (c appendingClaims) AppendJSON(b []byte) []byte {
	out, _ := json.Marshal(c.RegisteredClaims)
	return append(b, out...)
}

// TestSignAsGolangJWT: Sign writes the very bytes golang-jwt's
// SignedString does (Ed25519 is deterministic), with claims encoded by
// encoding/json or appended by the claims themselves, and they parse.
func TestSignAsGolangJWT(t *testing.T) {
	t.Parallel()
	k := newKey(t, "kid-1")
	ks, err := tokens.New(k, newKey(t, "kid-0"))
	if err != nil {
		t.Fatal(err)
	}
	c := claims("aud-x", time.Hour)
	for name, in := range map[string]jwt.Claims{"encoding/json": c, "JSONAppender": appendingClaims{*c}} {
		got, err := ks.Sign(in)
		if err != nil {
			t.Fatal(err)
		}
		ref := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
		ref.Header["kid"] = k.ID
		want, err := ref.SignedString(k.Private)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: Sign\n%s\nSignedString\n%s", name, got, want)
		}
		var back jwt.RegisteredClaims
		if err := ks.Parse(got, &back, jwt.WithAudience("aud-x")); err != nil || back.Subject != c.Subject {
			t.Errorf("%s: parse %v, %+v", name, err, back)
		}
	}
}
