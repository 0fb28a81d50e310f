package playback_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	streamgate "github.com/streamgate/streamgate/sdk/go"
	"github.com/streamgate/streamgate/server/playback"
)

func authorize(ctx context.Context, c playbackv1connect.PlaybackServiceClient, id string) (*playbackv1.Grant, error) {
	res, err := c.Authorize(ctx, connect.NewRequest(&playbackv1.AuthorizeRequest{VideoId: id}))
	if err != nil {
		return nil, err
	}
	return res.Msg.GetGrant(), nil
}

func renew(ctx context.Context, c playbackv1connect.PlaybackServiceClient, token string) (*playbackv1.Grant, error) {
	res, err := c.Renew(ctx, connect.NewRequest(&playbackv1.RenewRequest{Token: token}))
	if err != nil {
		return nil, err
	}
	return res.Msg.GetGrant(), nil
}

// checkGrant asserts a grant's shape and that ffmpeg plays it to the end.
func (h *harness) checkGrant(g *playbackv1.Grant, ttl time.Duration) {
	h.t.Helper()
	if want := h.url + "/play/" + g.GetToken() + "/master.m3u8"; g.GetPlaybackUrl() != want {
		h.t.Fatalf("playback URL %q, want %q", g.GetPlaybackUrl(), want)
	}
	exp, renewAt := g.GetExpireTime().AsTime(), g.GetRenewTime().AsTime()
	if d := time.Until(exp); d > ttl || d < ttl-time.Minute {
		h.t.Errorf("expires in %s, want about %s", d, ttl)
	}
	if !renewAt.Before(exp) || renewAt.Before(time.Now().Add(-time.Minute)) {
		h.t.Errorf("renew at %s for expiry %s", renewAt, exp)
	}
	_, want := sourceClip(h.t)
	got, err := frameHashes(g.GetPlaybackUrl())
	if err != nil || !slices.Equal(got, want) {
		h.t.Fatalf("ffmpeg played %d of %d frames: %v", len(got), len(want), err)
	}
}

func TestOwnerAuthorizesAndPlays(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *playback.Config) { c.TokenTTL, c.RenewBefore = 2*time.Minute, 2*time.Minute/3 })
	c, addr := h.viewer()
	v := h.readyVideo(strings.ToLower(addr)) // owners match without case
	g, err := authorize(t.Context(), c.Playback, v.id.String())
	if err != nil {
		t.Fatal(err)
	}
	h.checkGrant(g, 2*time.Minute)
	if !h.scraped(`streamgate_playback_authorizations_total{result="allowed"} 1`) {
		t.Error("allowed authorization not counted")
	}
	if !h.scraped(`streamgate_playback_bytes_served_total{kind="key"} 16`) {
		t.Error("key bytes not counted")
	}
}

func TestAuthorizeRefusals(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	c, addr := h.viewer()
	v := h.readyVideo(addr)
	processing := h.readyVideo(addr)
	if _, err := h.pool.Exec(t.Context(), `UPDATE videos SET status = 'processing' WHERE id = $1`, processing.id); err != nil {
		t.Fatal(err)
	}
	if _, err := h.pool.Exec(t.Context(), `UPDATE videos SET visibility = 'private' WHERE id = $1`, v.id); err != nil {
		t.Fatal(err)
	}
	before := h.videoRows()
	anon := playbackv1connect.NewPlaybackServiceClient(h.h2c, h.url)
	cases := []struct {
		name   string
		client playbackv1connect.PlaybackServiceClient
		id     string
		code   connect.Code
	}{
		// Anonymous playback of public, ungated videos: anonymous_test.go.
		{"anonymous, private", anon, v.id.String(), connect.CodeNotFound},
		{"anonymous, not ready", anon, processing.id.String(), connect.CodeFailedPrecondition},
		{"not a uuid", c.Playback, "not-a-uuid", connect.CodeInvalidArgument},
		{"empty id", c.Playback, "", connect.CodeInvalidArgument},
		{"unknown video", c.Playback, uuid.NewString(), connect.CodeNotFound},
		{"not ready", c.Playback, processing.id.String(), connect.CodeFailedPrecondition},
	}
	for _, tc := range cases {
		_, err := authorize(t.Context(), tc.client, tc.id)
		if connect.CodeOf(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	if after := h.videoRows(); after != before {
		t.Errorf("refused calls changed the videos:\n%s\n%s", before, after)
	}
}

func TestRenew(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *playback.Config) { c.TokenTTL, c.RenewBefore = time.Minute, 20*time.Second })
	c, addr := h.viewer()
	v := h.readyVideo(addr)
	g, err := authorize(t.Context(), c.Playback, v.id.String())
	if err != nil {
		t.Fatal(err)
	}
	// A player renews with the token alone: no session needed.
	anon := playbackv1connect.NewPlaybackServiceClient(h.h2c, h.url)
	fresh, err := renew(t.Context(), anon, g.GetToken())
	if err != nil {
		t.Fatal(err)
	}
	if fresh.GetToken() == g.GetToken() {
		t.Fatal("renewal returned the same token")
	}
	h.checkGrant(fresh, time.Minute)
	if !h.scraped(`streamgate_playback_renewals_total{result="renewed"} 1`) {
		t.Error("renewal not counted")
	}
	other, _ := h.viewer()
	forged := forged(t, h, v, h.readyVideo(addr))
	cases := []struct {
		name   string
		client playbackv1connect.PlaybackServiceClient
		token  string
		code   connect.Code
	}{
		{"another wallet's session", other.Playback, g.GetToken(), connect.CodePermissionDenied},
		{"too short", anon, "short", connect.CodeInvalidArgument},
		{"unknown video", anon, h.mint(boundTo(t, claimsFor(uuid.New(), addr, time.Now().Add(time.Minute)), g.GetToken())), connect.CodeNotFound},
	}
	for name, tok := range forged {
		if len(tok) >= 16 {
			cases = append(cases, struct {
				name   string
				client playbackv1connect.PlaybackServiceClient
				token  string
				code   connect.Code
			}{name, anon, tok, connect.CodeUnauthenticated})
		}
	}
	for _, tc := range cases {
		if _, err := renew(t.Context(), tc.client, tc.token); connect.CodeOf(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
}

// videoRows is the videos table as text, to prove refusals change nothing.
func (h *harness) videoRows() string {
	h.t.Helper()
	var s string
	err := h.pool.QueryRow(h.t.Context(), `SELECT coalesce(string_agg(v::text, E'\n' ORDER BY id), '') FROM videos v`).Scan(&s)
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

// scraped reports whether /metrics has line.
func (h *harness) scraped(line string) bool {
	h.t.Helper()
	res, err := h.client.Get(h.url + "/metrics")
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode == http.StatusOK && slices.Contains(strings.Split(string(body), "\n"), line)
}

func TestAuthorizeOverEveryProtocol(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	protocols := map[string]streamgate.Protocol{
		"connect": streamgate.ProtocolConnect, "grpc": streamgate.ProtocolGRPC, "grpc-web": streamgate.ProtocolGRPCWeb,
	}
	var v video
	for name, p := range protocols {
		c := streamgate.New(h.url, streamgate.WithHTTPClient(h.h2c), streamgate.WithProtocol(p))
		addr, err := c.SignIn(t.Context(), streamgate.NewKeySigner(key), 31337)
		if err != nil {
			t.Fatalf("%s: sign in: %v", name, err)
		}
		if v.prefix == "" {
			v = h.readyVideo(addr)
		}
		g, err := authorize(t.Context(), c.Playback, v.id.String())
		if err != nil || !strings.HasPrefix(g.GetPlaybackUrl(), h.url+"/play/") {
			t.Errorf("%s: authorize: %v", name, err)
		}
		if _, err := authorize(t.Context(), c.Playback, uuid.NewString()); connect.CodeOf(err) != connect.CodeNotFound {
			t.Errorf("%s: unknown video: %v", name, err)
		}
		if _, err := renew(t.Context(), c.Playback, "x"); connect.CodeOf(err) != connect.CodeInvalidArgument {
			t.Errorf("%s: short token: %v", name, err)
		}
	}
}

// An edge or CDN can check a playback token offline with the published
// JWKS: the token names its key, and that key verifies it.
func TestTokenVerifiesWithThePublishedJWKS(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	c, addr := h.viewer()
	v := h.readyVideo(addr)
	g, err := authorize(t.Context(), c.Playback, v.id.String())
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.client.Get(h.url + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var set struct {
		Keys []struct{ Kty, Crv, X, Kid, Alg string }
	}
	if err := json.NewDecoder(res.Body).Decode(&set); err != nil {
		t.Fatal(err)
	}
	keys := map[string]ed25519.PublicKey{}
	for _, k := range set.Keys {
		x, err := base64.RawURLEncoding.DecodeString(k.X)
		if err != nil || k.Kty != "OKP" || k.Crv != "Ed25519" {
			t.Fatalf("bad JWK %+v", k)
		}
		keys[k.Kid] = x
	}
	var claims playback.Claims
	_, err = jwt.ParseWithClaims(g.GetToken(), &claims, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		return keys[kid], nil
	}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithAudience(playback.Audience), jwt.WithExpirationRequired())
	if err != nil {
		t.Fatalf("offline verification: %v", err)
	}
	if claims.VideoID != v.id.String() || !strings.EqualFold(claims.Subject, addr) || claims.Kind != playback.Kind || claims.ID == "" {
		t.Fatalf("claims %+v", claims)
	}
}

// A private video exists for its owner only, gated or not: to anyone else
// Authorize, Renew and /play answer as for an unknown video.
func TestPrivateVideoIsOwnerOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	owner, ownerAddr := h.viewer()
	v := h.readyVideo(ownerAddr)
	stranger, strangerAddr := h.viewer()
	sg, err := authorize(t.Context(), stranger.Playback, v.id.String())
	if err != nil {
		t.Fatalf("public and ungated: %v", err)
	}
	leaked := h.mint(boundTo(t, claimsFor(v.id, strangerAddr, time.Now().Add(time.Minute)), sg.GetToken()))
	if _, err := h.pool.Exec(t.Context(), `UPDATE videos SET visibility = 'private' WHERE id = $1`, v.id); err != nil {
		t.Fatal(err)
	}
	g, err := authorize(t.Context(), owner.Playback, v.id.String())
	if err != nil {
		t.Fatalf("owner: %v", err)
	}
	if res, _ := h.get("/play/" + g.GetToken() + "/master.m3u8"); res.StatusCode != http.StatusOK {
		t.Errorf("owner's /play: %d", res.StatusCode)
	}
	if _, err := authorize(t.Context(), stranger.Playback, v.id.String()); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("stranger authorize: %v, want not_found", err)
	}
	if _, err := renew(t.Context(), stranger.Playback, leaked); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("stranger renew: %v, want not_found", err)
	}
	for _, r := range []string{"master.m3u8", rung + "/seg_000.ts", "key"} {
		if res, _ := h.get("/play/" + leaked + "/" + r); res.StatusCode != http.StatusNotFound {
			t.Errorf("stranger's /play %s: %d, want 404", r, res.StatusCode)
		}
	}
}

// boundTo binds c to the session of a token Authorize granted.
func boundTo(t *testing.T, c playback.Claims, token string) playback.Claims {
	t.Helper()
	sid, _ := claimsOf(t, token)["sid"].(string)
	c.SessionID = sid
	return c
}
