package auth_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"google.golang.org/genproto/googleapis/rpc/errdetails"

	"github.com/streamgate/streamgate/db"
	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/auth"
	"github.com/streamgate/streamgate/server/tokens"
)

func (e *env) whoAmI(token string) error {
	_, err := e.client.WhoAmI(context.Background(), bearer(&authv1.WhoAmIRequest{}, token))
	return err
}

func (e *env) refresh(token string) (*authv1.Tokens, error) {
	res, err := e.client.Refresh(context.Background(), connect.NewRequest(&authv1.RefreshRequest{RefreshToken: token}))
	if err != nil {
		return nil, err
	}
	return res.Msg.Tokens, nil
}

func TestRefreshRotates(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	first := e.login(t, newWallet(t)).Tokens
	second, err := e.refresh(first.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken {
		t.Fatal("refresh did not rotate the tokens")
	}
	third, err := e.refresh(second.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.whoAmI(third.AccessToken); err != nil {
		t.Fatal(err)
	}
	// The raw token is never stored, only its hash.
	if n := e.count(t, "SELECT count(*) FROM sessions WHERE generation = 2 AND position($1::bytea in refresh_hash) = 0", []byte(third.RefreshToken)); n != 1 {
		t.Fatalf("%d rotated sessions", n)
	}
}

func TestRefreshReuseRevokesSession(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	first := e.login(t, newWallet(t)).Tokens
	second, err := e.refresh(first.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	// The old token again: a copy is in someone else's hands.
	_, err = e.refresh(first.RefreshToken)
	wantCode(t, err, connect.CodeUnauthenticated)
	if !strings.Contains(err.Error(), "reused") {
		t.Errorf("error %q does not say why", err)
	}
	_, err = e.refresh(second.RefreshToken)
	wantCode(t, err, connect.CodeUnauthenticated)
	wantCode(t, e.whoAmI(second.AccessToken), connect.CodeUnauthenticated)
	wantCode(t, e.whoAmI(first.AccessToken), connect.CodeUnauthenticated)
}

func TestRefreshRefuses(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	for name, tc := range map[string]struct {
		token string
		code  connect.Code
	}{
		"too short":  {"sgr_abc", connect.CodeInvalidArgument},
		"not ours":   {strings.Repeat("x", 47), connect.CodeInvalidArgument},
		"unknown":    {"sgr_" + strings.Repeat("A", 43), connect.CodeUnauthenticated},
		"an access":  {e.login(t, newWallet(t)).Tokens.AccessToken, connect.CodeInvalidArgument},
		"whitespace": {" sgr_" + strings.Repeat("A", 43), connect.CodeInvalidArgument},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := e.refresh(tc.token)
			wantCode(t, err, tc.code)
		})
	}
}

func TestSignOut(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	w := newWallet(t)
	a, b := e.login(t, w), e.login(t, w)
	if _, err := e.client.SignOut(context.Background(), bearer(&authv1.SignOutRequest{}, a.Tokens.AccessToken)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, e.whoAmI(a.Tokens.AccessToken), connect.CodeUnauthenticated)
	_, err := e.refresh(a.Tokens.RefreshToken)
	wantCode(t, err, connect.CodeUnauthenticated)
	// The wallet's other session lives on.
	if err := e.whoAmI(b.Tokens.AccessToken); err != nil {
		t.Fatal(err)
	}
	_, err = e.client.SignOut(context.Background(), connect.NewRequest(&authv1.SignOutRequest{}))
	wantCode(t, err, connect.CodeUnauthenticated)
}

func TestAccessTokenRefused(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	good := e.login(t, newWallet(t)).Tokens.AccessToken
	otherKeys, _ := tokens.Ephemeral()
	forged, _ := otherKeys.Sign(&auth.AccessClaims{RegisteredClaims: jwt.RegisteredClaims{
		Subject: newWallet(t).address, Audience: jwt.ClaimStrings{auth.AccessAudience}, Issuer: e.cfg.URI,
		ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour)),
	}})
	parts := strings.Split(good, ".")
	tampered := parts[0] + "." + strings.TrimRight(parts[1], "=") + "x." + parts[2]
	wantCode(t, e.whoAmI(""), connect.CodeUnauthenticated)
	for name, token := range map[string]string{"garbage": "nope", "forged": forged, "tampered": tampered} {
		if err := e.whoAmI(token); connect.CodeOf(err) != connect.CodeUnauthenticated {
			t.Errorf("%s token: %v", name, err)
		}
	}
}

// A process that does not host sign-in still verifies access tokens, with
// the keys from config: the services can be split across deployments.
func TestVerifyWithoutAuthService(t *testing.T) {
	t.Parallel()
	signing, err := tokens.ParseKey("k1", []byte("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="))
	if err != nil {
		t.Fatal(err)
	}
	// No session cache, so a sign-out on one replica reaches the other at
	// once (with one, within its TTL: TestSessionCache).
	e := start(t, func(c *auth.Config) { c.Keys, c.SessionCacheTTL = []tokens.Key{signing}, 0 })
	res := e.login(t, newWallet(t))
	rdb, _ := testenv.Redis(t)
	s3, bucket := testenv.S3(t)
	videoOnly, err := server.New(server.Config{Services: []string{"video"}, ReadMaxBytes: 1 << 20, Svc: server.ServiceConfig{Auth: e.cfg}},
		server.Deps{Log: slog.New(slog.DiscardHandler), Store: db.NewStore(e.pool), Redis: rdb, S3: s3, Bucket: bucket})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(videoOnly.Close)
	url, client := testenv.Serve(t, videoOnly)
	videos := videov1connect.NewVideoServiceClient(client, url)
	get := func(token string) error {
		_, err := videos.GetVideo(context.Background(), bearer(&videov1.GetVideoRequest{Id: uuid.NewString()}, token))
		return err
	}
	if err := get(res.Tokens.AccessToken); connect.CodeOf(err) == connect.CodeUnauthenticated {
		t.Fatalf("a video-only server refused a good token: %v", err)
	}
	wantCode(t, get(res.Tokens.AccessToken+"x"), connect.CodeUnauthenticated)
	if _, err := e.client.SignOut(context.Background(), bearer(&authv1.SignOutRequest{}, res.Tokens.AccessToken)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, get(res.Tokens.AccessToken), connect.CodeUnauthenticated)
}

func TestRateLimits(t *testing.T) {
	t.Parallel()
	e := start(t, func(c *auth.Config) { c.RatePerAddress = 2; c.RatePerIP = 5; c.RateWindow = time.Hour })
	// Challenges and sign-ins count per client IP.
	for range 5 {
		e.challenge(t, newWallet(t), 31337)
	}
	_, err := e.client.GetChallenge(context.Background(), connect.NewRequest(&authv1.GetChallengeRequest{Address: newWallet(t).address, ChainId: 31337}))
	wantCode(t, err, connect.CodeResourceExhausted)
	checkRetryHint(t, err)
	_, err = e.signIn(context.Background(), "not a message", "0x00")
	wantCode(t, err, connect.CodeResourceExhausted)
	checkRetryHint(t, err)
}

// TestStrangerCannotLockOutAWallet: challenges for someone else's address
// and sign-ins naming it with bad signatures, from another IP, do not
// count against the address; only what the address signed does.
func TestStrangerCannotLockOutAWallet(t *testing.T) {
	t.Parallel()
	e := start(t, func(c *auth.Config) {
		c.RatePerAddress, c.RatePerIP, c.RateWindow, c.ClientIPHeader = 2, 100, time.Hour, "X-Forwarded-For"
	})
	from := func(ip string, msg *authv1.GetChallengeRequest) *connect.Request[authv1.GetChallengeRequest] {
		req := connect.NewRequest(msg)
		req.Header().Set("X-Forwarded-For", ip)
		return req
	}
	signIn := func(ip, message, sig string) error {
		req := connect.NewRequest(&authv1.SignInRequest{Message: message, Signature: sig})
		req.Header().Set("X-Forwarded-For", ip)
		_, err := e.client.SignIn(context.Background(), req)
		return err
	}
	victim, attacker := newWallet(t), newWallet(t)
	var lastMsg string
	for range 10 {
		ch, err := e.client.GetChallenge(context.Background(), from("203.0.113.66", &authv1.GetChallengeRequest{Address: victim.address, ChainId: 31337}))
		if err != nil {
			t.Fatalf("challenges for one address from one IP: %v", err)
		}
		lastMsg = ch.Msg.GetMessage()
	}
	for range 5 {
		wantCode(t, signIn("203.0.113.66", lastMsg, attacker.sign(t, lastMsg)), connect.CodeUnauthenticated)
	}
	// The owner still gets in, twice (the address's limit), from their IP.
	for i := range 3 {
		ch, err := e.client.GetChallenge(context.Background(), from("198.51.100.7", &authv1.GetChallengeRequest{Address: victim.address, ChainId: 31337}))
		if err != nil {
			t.Fatalf("the owner's challenge %d: %v", i, err)
		}
		err = signIn("198.51.100.7", ch.Msg.GetMessage(), victim.sign(t, ch.Msg.GetMessage()))
		if i < 2 && err != nil {
			t.Fatalf("the owner's sign-in %d: %v", i, err)
		}
		if i == 2 {
			wantCode(t, err, connect.CodeResourceExhausted)
		}
	}
}

func checkRetryHint(t *testing.T, err error) {
	t.Helper()
	var cerr *connect.Error
	if !errors.As(err, &cerr) {
		t.Fatalf("%v is not a connect error", err)
	}
	if cerr.Meta().Get("Retry-After") == "" {
		t.Error("no Retry-After header")
	}
	for _, d := range cerr.Details() {
		v, derr := d.Value()
		if info, ok := v.(*errdetails.RetryInfo); derr == nil && ok {
			if delay := info.GetRetryDelay().AsDuration(); delay <= 0 || delay > time.Hour {
				t.Errorf("retry delay %v", delay)
			}
			return
		}
	}
	t.Error("no RetryInfo detail")
}

// Behind a trusted proxy, the client IP is the last entry of its header.
func TestRateLimitPerProxiedIP(t *testing.T) {
	t.Parallel()
	e := start(t, func(c *auth.Config) { c.RatePerIP = 1; c.RateWindow = time.Hour; c.ClientIPHeader = "X-Forwarded-For" })
	challenge := func(xff string) error {
		req := connect.NewRequest(&authv1.GetChallengeRequest{Address: newWallet(t).address, ChainId: 31337})
		req.Header().Set("X-Forwarded-For", xff)
		_, err := e.client.GetChallenge(context.Background(), req)
		return err
	}
	if err := challenge("203.0.113.7, 198.51.100.1"); err != nil {
		t.Fatal(err)
	}
	if err := challenge("198.51.100.2"); err != nil {
		t.Fatalf("another client IP was limited: %v", err)
	}
	// A spoofed first entry does not make a new client.
	wantCode(t, challenge("192.0.2.99, 198.51.100.1"), connect.CodeResourceExhausted)
}
