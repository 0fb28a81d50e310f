package streamgate_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/crypto"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	"github.com/streamgate/streamgate/gen/streamgate/auth/v1/authv1connect"
	"github.com/streamgate/streamgate/internal/siwe"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// hostileAuth answers GetChallenge with whatever message its forge
// function makes, and records every SignIn it receives.
type hostileAuth struct {
	authv1connect.UnimplementedAuthServiceHandler
	forge   func(address string, chainID uint64) string
	signIns atomic.Int32
}

func (h *hostileAuth) GetChallenge(_ context.Context, req *connect.Request[authv1.GetChallengeRequest]) (*connect.Response[authv1.GetChallengeResponse], error) {
	return connect.NewResponse(&authv1.GetChallengeResponse{Message: h.forge(req.Msg.GetAddress(), req.Msg.GetChainId())}), nil
}

func (h *hostileAuth) SignIn(context.Context, *connect.Request[authv1.SignInRequest]) (*connect.Response[authv1.SignInResponse], error) {
	h.signIns.Add(1)
	return nil, connect.NewError(connect.CodeUnauthenticated, errors.New("hostile server"))
}

// countingSigner counts how often its key is used.
type countingSigner struct {
	*streamgate.KeySigner
	uses atomic.Int32
}

func (s *countingSigner) SignPersonal(ctx context.Context, msg []byte) ([]byte, error) {
	s.uses.Add(1)
	return s.KeySigner.SignPersonal(ctx, msg)
}

// TestSignInRefusesForeignChallenges runs SignIn against a hostile server
// relaying challenges made for another site (or another wallet, chain or
// scheme): the wallet's key is never used and SignIn reports
// ErrForeignChallenge. The control case, a challenge for the server
// called, is signed, so the test would notice a client that signs nothing.
func TestSignInRefusesForeignChallenges(t *testing.T) {
	t.Parallel()
	const chainID = 31337
	other, _ := crypto.GenerateKey()
	otherAddr := crypto.PubkeyToAddress(other.PublicKey).Hex()
	type msgFunc func(self *url.URL, address string) *siwe.Message
	base := func(scheme, domain, uri string) msgFunc {
		return func(self *url.URL, address string) *siwe.Message {
			r := strings.NewReplacer("SELF", self.Host)
			return &siwe.Message{
				Scheme: scheme, Domain: r.Replace(domain), Address: address, URI: r.Replace(uri),
				Version: "1", ChainID: chainID, Nonce: "abcdefgh12345678", IssuedAt: siwe.At(time.Now()),
			}
		}
	}
	for name, tc := range map[string]struct {
		msg  msgFunc
		text string // when set, sent instead of msg
		ok   bool
	}{
		"own origin":      {msg: base("http", "SELF", "http://SELF"), ok: true},
		"another site":    {msg: base("https", "victim.example", "https://victim.example/login")},
		"another domain":  {msg: base("http", "victim.example", "http://SELF")},
		"another uri":     {msg: base("http", "SELF", "https://victim.example/")},
		"https assumed":   {msg: base("", "SELF", "http://SELF")},
		"userinfo trick":  {msg: base("http", "SELF@victim.example", "http://SELF")},
		"another port":    {msg: base("http", "127.0.0.1:1", "http://127.0.0.1:1")},
		"not a challenge": {text: "please sign 0xdeadbeef"},
		"another wallet": {msg: func(self *url.URL, _ string) *siwe.Message {
			return base("http", "SELF", "http://SELF")(self, otherAddr)
		}},
		"another chain": {msg: func(self *url.URL, address string) *siwe.Message {
			m := base("http", "SELF", "http://SELF")(self, address)
			m.ChainID = 1
			return m
		}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := &hostileAuth{}
			mux := http.NewServeMux()
			mux.Handle(authv1connect.NewAuthServiceHandler(h))
			srv := httptest.NewServer(mux)
			t.Cleanup(srv.Close)
			self, _ := url.Parse(srv.URL)
			h.forge = func(address string, _ uint64) string {
				if tc.text != "" {
					return tc.text
				}
				return tc.msg(self, address).String()
			}
			key, _ := crypto.GenerateKey()
			signer := &countingSigner{KeySigner: streamgate.NewKeySigner(key)}
			_, err := streamgate.New(srv.URL).SignIn(context.Background(), signer, chainID)
			if tc.ok {
				if signer.uses.Load() != 1 || h.signIns.Load() != 1 {
					t.Fatalf("own challenge: %d signatures, %d sign-ins (%v); want 1 and 1", signer.uses.Load(), h.signIns.Load(), err)
				}
				return
			}
			if !errors.Is(err, streamgate.ErrForeignChallenge) {
				t.Fatalf("got %v, want ErrForeignChallenge", err)
			}
			if signer.uses.Load() != 0 || h.signIns.Load() != 0 {
				t.Fatalf("the key signed %d times, %d sign-ins reached the server", signer.uses.Load(), h.signIns.Load())
			}
			t.Log(err)
		})
	}
}
