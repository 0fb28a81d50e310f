package auth_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/golang-jwt/jwt/v5"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	"github.com/streamgate/streamgate/internal/siwe"
	"github.com/streamgate/streamgate/server/auth"
)

func TestSignInHappyPath(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string][]connect.ClientOption{
		"connect-json": {connect.WithProtoJSON()}, "grpc": {connect.WithGRPC()}, "grpc-web": {connect.WithGRPCWeb()},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := start(t, nil, opts...)
			w := newWallet(t)
			ch := e.challenge(t, w, 31337)
			m, err := siwe.Parse(ch.Message)
			if err != nil {
				t.Fatalf("challenge message does not parse: %v\n%s", err, ch.Message)
			}
			if m.Address != w.address || m.Nonce != ch.Nonce || m.ChainID != 31337 || m.Domain != "127.0.0.1:8080" ||
				m.Scheme != "http" || m.URI != "http://127.0.0.1:8080" || len(ch.Nonce) < 16 ||
				!m.ExpirationTime.Time.Equal(ch.ExpiresAt.AsTime()) {
				t.Fatalf("challenge %+v\n%s", ch, ch.Message)
			}
			res, err := e.signIn(context.Background(), ch.Message, w.sign(t, ch.Message))
			if err != nil {
				t.Fatal(err)
			}
			if res.Address != w.address || res.ChainId != 31337 || res.Tokens.AccessToken == "" || res.Tokens.RefreshToken == "" {
				t.Fatalf("sign in answered %+v", res)
			}
			who, err := e.client.WhoAmI(context.Background(), bearer(&authv1.WhoAmIRequest{}, res.Tokens.AccessToken))
			if err != nil {
				t.Fatal(err)
			}
			if who.Msg.Address != w.address || who.Msg.ChainId != 31337 || who.Msg.SessionId != res.SessionId {
				t.Fatalf("who am I: %+v", who.Msg)
			}
			if n := e.count(t, "SELECT count(*) FROM accounts WHERE address = $1", w.address); n != 1 {
				t.Fatalf("%d account rows", n)
			}
		})
	}
}

func TestSignInAcceptsRecoveryID(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	w := newWallet(t)
	ch := e.challenge(t, w, 1)
	sig := hexutil.MustDecode(w.sign(t, ch.Message))
	sig[64] -= 27 // v as 0/1, as some hardware wallets send it
	if _, err := e.signIn(context.Background(), ch.Message, hexutil.Encode(sig)); err != nil {
		t.Fatal(err)
	}
	// A second sign-in updates the account, it does not duplicate it.
	e.login(t, w)
	if n := e.count(t, "SELECT count(*) FROM accounts WHERE address = $1 AND last_sign_in_at >= first_seen_at", w.address); n != 1 {
		t.Fatalf("%d account rows", n)
	}
	if n := e.count(t, "SELECT count(*) FROM sessions WHERE address = $1", w.address); n != 2 {
		t.Fatalf("%d sessions", n)
	}
}

// secp256k1N is the curve order; n - s is the high-s twin of a signature.
var secp256k1N, _ = new(big.Int).SetString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16)

func TestSignInRefuses(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	type attempt struct{ message, signature string }
	// variant signs the challenge changed by edit, as a wallet would.
	variant := func(t *testing.T, w wallet, edit func(*siwe.Message)) attempt {
		ch := e.challenge(t, w, 31337)
		m, err := siwe.Parse(ch.Message)
		if err != nil {
			t.Fatal(err)
		}
		edit(m)
		return attempt{m.String(), w.sign(t, m.String())}
	}
	now := time.Now()
	for name, tc := range map[string]struct {
		make func(t *testing.T, w wallet) attempt
		code connect.Code
	}{
		"malformed message": {func(t *testing.T, w wallet) attempt {
			msg := strings.Replace(e.challenge(t, w, 31337).Message, "Version: 1", "Version: 2", 1)
			return attempt{msg, w.sign(t, msg)}
		}, connect.CodeInvalidArgument},
		"not hex signature": {func(t *testing.T, w wallet) attempt {
			return attempt{e.challenge(t, w, 31337).Message, "0xzz"}
		}, connect.CodeInvalidArgument},
		"odd hex signature": {func(t *testing.T, w wallet) attempt {
			ch := e.challenge(t, w, 31337)
			return attempt{ch.Message, w.sign(t, ch.Message)[:131]}
		}, connect.CodeInvalidArgument},
		"v is 29": {func(t *testing.T, w wallet) attempt {
			ch := e.challenge(t, w, 31337)
			sig := hexutil.MustDecode(w.sign(t, ch.Message))
			sig[64] = 29
			return attempt{ch.Message, hexutil.Encode(sig)}
		}, connect.CodeInvalidArgument},
		"64 bytes without chain access": {func(t *testing.T, w wallet) attempt {
			ch := e.challenge(t, w, 31337)
			return attempt{ch.Message, w.sign(t, ch.Message)[:130]}
		}, connect.CodeFailedPrecondition},
		"high s": {func(t *testing.T, w wallet) attempt {
			ch := e.challenge(t, w, 31337)
			sig := hexutil.MustDecode(w.sign(t, ch.Message))
			s := new(big.Int).Sub(secp256k1N, new(big.Int).SetBytes(sig[32:64]))
			s.FillBytes(sig[32:64])
			sig[64] = 55 - sig[64] // 27 <-> 28: with n - s it recovers the same key
			return attempt{ch.Message, hexutil.Encode(sig)}
		}, connect.CodeUnauthenticated},
		"other key": {func(t *testing.T, w wallet) attempt {
			ch := e.challenge(t, w, 31337)
			return attempt{ch.Message, newWallet(t).sign(t, ch.Message)}
		}, connect.CodeUnauthenticated},
		"signed another text": {func(t *testing.T, w wallet) attempt {
			ch := e.challenge(t, w, 31337)
			return attempt{ch.Message, w.sign(t, ch.Message+" ")}
		}, connect.CodeUnauthenticated},
		"zero signature": {func(t *testing.T, w wallet) attempt {
			return attempt{e.challenge(t, w, 31337).Message, hexutil.Encode(append(make([]byte, 64), 27))}
		}, connect.CodeUnauthenticated},
		"wrong domain": {func(t *testing.T, w wallet) attempt {
			return variant(t, w, func(m *siwe.Message) { m.Domain = "evil.example" })
		}, connect.CodeUnauthenticated},
		"wrong scheme": {func(t *testing.T, w wallet) attempt {
			return variant(t, w, func(m *siwe.Message) { m.Scheme = "https" })
		}, connect.CodeUnauthenticated},
		"absent scheme means https": {func(t *testing.T, w wallet) attempt {
			return variant(t, w, func(m *siwe.Message) { m.Scheme = "" })
		}, connect.CodeUnauthenticated},
		"wrong uri": {func(t *testing.T, w wallet) attempt {
			return variant(t, w, func(m *siwe.Message) { m.URI = "http://127.0.0.1:8080/other" })
		}, connect.CodeUnauthenticated},
		"chain not allowed": {func(t *testing.T, w wallet) attempt {
			return variant(t, w, func(m *siwe.Message) { m.ChainID = 5 })
		}, connect.CodeInvalidArgument},
		"nonce of another chain": {func(t *testing.T, w wallet) attempt {
			return variant(t, w, func(m *siwe.Message) { m.ChainID = 1 })
		}, connect.CodeUnauthenticated},
		"expired": {func(t *testing.T, w wallet) attempt {
			return variant(t, w, func(m *siwe.Message) { m.ExpirationTime = siwe.At(now.Add(-2 * time.Minute)) })
		}, connect.CodeUnauthenticated},
		"not yet valid": {func(t *testing.T, w wallet) attempt {
			return variant(t, w, func(m *siwe.Message) { m.NotBefore = siwe.At(now.Add(time.Hour)) })
		}, connect.CodeUnauthenticated},
		"issued in the future": {func(t *testing.T, w wallet) attempt {
			return variant(t, w, func(m *siwe.Message) { m.IssuedAt = siwe.At(now.Add(time.Hour)) })
		}, connect.CodeUnauthenticated},
		"issued long ago": {func(t *testing.T, w wallet) attempt {
			return variant(t, w, func(m *siwe.Message) { m.IssuedAt = siwe.At(now.Add(-time.Hour)) })
		}, connect.CodeUnauthenticated},
		"unknown nonce": {func(t *testing.T, w wallet) attempt {
			return variant(t, w, func(m *siwe.Message) { m.Nonce = "ZZZZZZZZZZZZZZZZZZZZZZZZZZ" })
		}, connect.CodeUnauthenticated},
		"nonce of another wallet": {func(t *testing.T, w wallet) attempt {
			other := e.challenge(t, newWallet(t), 31337)
			return variant(t, w, func(m *siwe.Message) { m.Nonce = other.Nonce })
		}, connect.CodeUnauthenticated},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := newWallet(t)
			a := tc.make(t, w)
			_, err := e.signIn(context.Background(), a.message, a.signature)
			wantCode(t, err, tc.code)
			if n := e.count(t, "SELECT count(*) FROM sessions WHERE address = $1", w.address); n != 0 {
				t.Fatalf("a refused sign-in opened %d sessions", n)
			}
		})
	}
}

// A bad signature must not burn the wallet's nonce, or anyone who saw a
// challenge could lock its wallet out.
func TestBadSignatureKeepsNonce(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	w := newWallet(t)
	ch := e.challenge(t, w, 31337)
	_, err := e.signIn(context.Background(), ch.Message, newWallet(t).sign(t, ch.Message))
	wantCode(t, err, connect.CodeUnauthenticated)
	if _, err := e.signIn(context.Background(), ch.Message, w.sign(t, ch.Message)); err != nil {
		t.Fatalf("the owner's sign-in after a forged one: %v", err)
	}
}

func TestReplayYieldsOneSession(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	w := newWallet(t)
	ch := e.challenge(t, w, 31337)
	sig := w.sign(t, ch.Message)
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { _, errs[i] = e.signIn(context.Background(), ch.Message, sig) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case connect.CodeOf(err) == connect.CodeUnauthenticated:
		default:
			t.Fatalf("replay answered %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d of %d concurrent sign-ins with one nonce won, want exactly 1", won, n)
	}
	if got := e.count(t, "SELECT count(*) FROM sessions WHERE address = $1", w.address); got != 1 {
		t.Fatalf("%d sessions", got)
	}
	_, err := e.signIn(context.Background(), ch.Message, sig)
	wantCode(t, err, connect.CodeUnauthenticated)
}

func TestChallengeRefuses(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	for name, tc := range map[string]struct {
		req  *authv1.GetChallengeRequest
		code connect.Code
	}{
		"bad address":       {&authv1.GetChallengeRequest{Address: "0x123", ChainId: 1}, connect.CodeInvalidArgument},
		"no chain":          {&authv1.GetChallengeRequest{Address: newWallet(t).address}, connect.CodeInvalidArgument},
		"chain not allowed": {&authv1.GetChallengeRequest{Address: newWallet(t).address, ChainId: 5}, connect.CodeInvalidArgument},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := e.client.GetChallenge(context.Background(), connect.NewRequest(tc.req))
			wantCode(t, err, tc.code)
		})
	}
}

func TestJWKSVerifiesAccessToken(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	res := e.login(t, newWallet(t))
	httpRes, err := e.http.Get(e.url + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer httpRes.Body.Close()
	body, _ := io.ReadAll(httpRes.Body)
	var set struct {
		Keys []struct{ Kid, X, Alg string } `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil || len(set.Keys) != 1 {
		t.Fatalf("jwks %s: %v", body, err)
	}
	x, _ := base64.RawURLEncoding.DecodeString(set.Keys[0].X)
	var c auth.AccessClaims
	_, err = jwt.ParseWithClaims(res.Tokens.AccessToken, &c, func(tok *jwt.Token) (any, error) {
		if tok.Header["kid"] != set.Keys[0].Kid {
			t.Errorf("kid %v, jwks has %s", tok.Header["kid"], set.Keys[0].Kid)
		}
		return ed25519.PublicKey(x), nil
	}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithAudience(auth.AccessAudience))
	if err != nil {
		t.Fatalf("access token does not verify with the published key: %v", err)
	}
	if c.Subject != res.Address || c.SessionID != res.SessionId || c.ChainID != 31337 {
		t.Fatalf("claims %+v", c)
	}
}
