package cli_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	"github.com/streamgate/streamgate/gen/streamgate/auth/v1/authv1connect"
	"github.com/streamgate/streamgate/internal/teststack"
	streamgate "github.com/streamgate/streamgate/sdk/go"
	"github.com/streamgate/streamgate/server/auth"
	"github.com/streamgate/streamgate/server/tokens"
)

// TestHelp: --help, -h and help print the usage and exit 0.
func TestHelp(t *testing.T) {
	t.Parallel()
	u := &user{t: t, server: "http://127.0.0.1:1", config: t.TempDir()}
	for _, arg := range []string{"--help", "-h", "help"} {
		out, errOut, code := u.run(arg)
		if code != 0 || !strings.Contains(out, "usage: streamgate") || strings.Contains(errOut, "unknown command") {
			t.Fatalf("streamgate %s: exit %d\nstdout: %s\nstderr: %s", arg, code, out, errOut)
		}
	}
}

// TestStaleSessionAfterServerKeyChange is `make run` restarted with a new
// ephemeral key: the saved access token names a key id the server no
// longer has. Commands say to sign in again, and login itself works
// without deleting anything.
func TestStaleSessionAfterServerKeyChange(t *testing.T) {
	t.Parallel()
	s := teststack.Start(t, teststack.Options{NoWorker: true})
	u := newUser(t, s, crypto.FromECDSA(s.Creator))
	u.must("login", "--key-file", u.keyFile)
	files, _ := filepath.Glob(filepath.Join(u.config, "session-*.json"))
	if len(files) != 1 {
		t.Fatalf("session files %v", files)
	}
	// Replace the saved session with one signed by another server key.
	other, _ := tokens.Ephemeral()
	now := time.Now()
	access, err := other.Sign(&auth.AccessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: s.URL, Subject: crypto.PubkeyToAddress(s.Creator.PublicKey).Hex(), Audience: jwt.ClaimStrings{auth.AccessAudience},
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
		},
		ChainID: s.ChainID, SessionID: uuid.NewString(),
	})
	if err != nil {
		t.Fatal(err)
	}
	stale, _ := json.Marshal(streamgate.Tokens{
		Access: access, AccessExpiry: now.Add(time.Hour), Refresh: "stale-refresh-token", RefreshExpiry: now.Add(24 * time.Hour),
	})
	if err := os.WriteFile(files[0], stale, 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := u.run("whoami")
	if code != 3 || !strings.Contains(errOut, "signed by another server key: sign in again") {
		t.Fatalf("whoami with a stale session: exit %d, stderr %q", code, errOut)
	}
	u.must("login", "--key-file", u.keyFile)
	if who := u.must("whoami"); !strings.Contains(who, crypto.PubkeyToAddress(s.Creator.PublicKey).Hex()) {
		t.Fatalf("whoami after login: %q", who)
	}
}

// refusingAuth is a hostile server relaying another site's challenge.
type refusingAuth struct {
	authv1connect.UnimplementedAuthServiceHandler
	signIns chan string
}

func (h *refusingAuth) GetChallenge(_ context.Context, req *connect.Request[authv1.GetChallengeRequest]) (*connect.Response[authv1.GetChallengeResponse], error) {
	msg := "victim.example wants you to sign in with your Ethereum account:\n" + req.Msg.GetAddress() +
		"\n\n\nURI: https://victim.example\nVersion: 1\nChain ID: 31337\nNonce: abcdefgh12345678\nIssued At: " +
		time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	return connect.NewResponse(&authv1.GetChallengeResponse{Message: msg}), nil
}

func (h *refusingAuth) SignIn(_ context.Context, req *connect.Request[authv1.SignInRequest]) (*connect.Response[authv1.SignInResponse], error) {
	h.signIns <- req.Msg.GetSignature()
	return nil, connect.NewError(connect.CodeUnauthenticated, errors.New("hostile"))
}

// TestLoginRefusesForeignChallenge: `streamgate login --server HOSTILE`
// signs nothing when the challenge is another site's, says why, and
// saves no session.
func TestLoginRefusesForeignChallenge(t *testing.T) {
	t.Parallel()
	h := &refusingAuth{signIns: make(chan string, 1)}
	mux := http.NewServeMux()
	mux.Handle(authv1connect.NewAuthServiceHandler(h))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	key, _ := crypto.GenerateKey()
	u := &user{t: t, server: srv.URL, config: t.TempDir(), keyFile: filepath.Join(t.TempDir(), "key")}
	if err := os.WriteFile(u.keyFile, []byte(hex.EncodeToString(crypto.FromECDSA(key))), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := u.run("login", "--key-file", u.keyFile)
	if code == 0 || !strings.Contains(errOut, "refusing to sign the challenge") || !strings.Contains(errOut, "victim.example") {
		t.Fatalf("login: exit %d, stderr %q", code, errOut)
	}
	select {
	case sig := <-h.signIns:
		t.Fatalf("the hostile server got a signature: %s", sig)
	default:
	}
	if files, _ := filepath.Glob(filepath.Join(u.config, "session-*.json")); len(files) != 0 {
		t.Fatalf("a session was saved: %v", files)
	}
}
