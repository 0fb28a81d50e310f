package playback_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/golang-jwt/jwt/v5"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
)

// claimsOf reads a playback token's claims without checking them.
func claimsOf(t *testing.T, token string) jwt.MapClaims {
	t.Helper()
	c := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// wantEnded asserts that a token's session ended: Renew refuses it as
// Unauthenticated, saying why, and its key fetch is a bare 403. Its
// (encrypted) segments stay served until it expires.
func (h *harness) wantEnded(anon playbackv1connect.PlaybackServiceClient, g *playbackv1.Grant) {
	h.t.Helper()
	_, err := renew(h.t.Context(), anon, g.GetToken())
	if connect.CodeOf(err) != connect.CodeUnauthenticated || !strings.Contains(err.Error(), "session") {
		h.t.Fatalf("renewal after the session ended: %v, want unauthenticated naming the session", err)
	}
	if res, _ := h.get("/play/" + g.GetToken() + "/key"); res.StatusCode != http.StatusForbidden {
		h.t.Fatalf("key fetch after the session ended: %d, want 403", res.StatusCode)
	}
	if res, _ := h.get("/play/" + g.GetToken() + "/" + rung + "/seg_000.ts"); res.StatusCode != http.StatusOK {
		h.t.Fatalf("segment after the session ended: %d, want 200 until the token expires", res.StatusCode)
	}
}

// wantLive asserts that a token renews and fetches its key.
func (h *harness) wantLive(anon playbackv1connect.PlaybackServiceClient, g *playbackv1.Grant) *playbackv1.Grant {
	h.t.Helper()
	fresh, err := renew(h.t.Context(), anon, g.GetToken())
	if err != nil {
		h.t.Fatalf("renewal while the session is live: %v", err)
	}
	if res, _ := h.get("/play/" + g.GetToken() + "/key"); res.StatusCode != http.StatusOK {
		h.t.Fatalf("key fetch while the session is live: %d", res.StatusCode)
	}
	return fresh
}

// TestSignOutEndsPlaybackTokens: a leaked /play URL no longer renews
// once its viewer signs out, nor does any token renewed from it, and
// neither fetches the key; another session of the same wallet plays on.
func TestSignOutEndsPlaybackTokens(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	_, creator := h.viewer()
	v := h.readyVideo(creator)
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	phone, addr := h.signIn(key)
	laptop, _ := h.signIn(key)
	g, err := authorize(t.Context(), phone.Playback, v.id.String())
	if err != nil {
		t.Fatal(err)
	}
	other, err := authorize(t.Context(), laptop.Playback, v.id.String())
	if err != nil {
		t.Fatal(err)
	}
	anon := playbackv1connect.NewPlaybackServiceClient(h.h2c, h.url)
	renewed := h.wantLive(anon, g)
	if err := phone.SignOut(t.Context()); err != nil {
		t.Fatal(err)
	}
	h.wantEnded(anon, g)
	h.wantEnded(anon, renewed)
	h.wantLive(anon, other)
	c, rc := claimsOf(t, g.GetToken()), claimsOf(t, renewed.GetToken())
	if c["sid"] == nil || c["sid"] == claimsOf(t, other.GetToken())["sid"] || c["sub"] != addr {
		t.Fatalf("token claims %v: want the wallet and its own session", c)
	}
	if rc["sid"] != c["sid"] {
		t.Fatal("a renewal dropped or changed the session binding")
	}
}

// TestRefreshReuseEndsPlaybackTokens: presenting a replaced refresh token
// revokes its session (someone copied it), and with it every playback
// token the session was granted.
func TestRefreshReuseEndsPlaybackTokens(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	_, creator := h.viewer()
	v := h.readyVideo(creator)
	c, _ := h.viewer()
	g, err := authorize(t.Context(), c.Playback, v.id.String())
	if err != nil {
		t.Fatal(err)
	}
	anon := playbackv1connect.NewPlaybackServiceClient(h.h2c, h.url)
	h.wantLive(anon, g)
	stolen := c.Tokens().Refresh
	refresh := func() error {
		_, err := c.Auth.Refresh(t.Context(), connect.NewRequest(&authv1.RefreshRequest{RefreshToken: stolen}))
		return err
	}
	if err := refresh(); err != nil {
		t.Fatal(err)
	}
	if err := refresh(); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("reused refresh token: %v", err)
	}
	h.wantEnded(anon, g)
}

// TestUnboundWalletTokenDoesNotRenew: a wallet's token that names no
// session (one issued before tokens were bound) plays until it expires
// but cannot be renewed into a fresh one: the wallet signs in again.
func TestUnboundWalletTokenDoesNotRenew(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	_, addr := h.viewer()
	v := h.readyVideo(addr)
	tok := h.mint(claimsFor(v.id, addr, time.Now().Add(time.Minute)))
	anon := playbackv1connect.NewPlaybackServiceClient(h.h2c, h.url)
	if _, err := renew(t.Context(), anon, tok); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("renewing a token without a session: %v, want unauthenticated", err)
	}
	if res, _ := h.get("/play/" + tok + "/key"); res.StatusCode != http.StatusOK {
		t.Fatalf("key fetch with an unexpired unbound token: %d", res.StatusCode)
	}
}
