package playback_test

import (
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/golang-jwt/jwt/v5"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	"github.com/streamgate/streamgate/server/playback"
)

// claimsOf reads a token's claims without checking it (the test trusts
// its own server).
func anonClaimsOf(t *testing.T, token string) playback.Claims {
	t.Helper()
	var c playback.Claims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// A public or unlisted video with no rule plays with no wallet and no
// session; its token names nobody; a private one is unknown, as in the
// catalog.
func TestAnonymousPlaysUngatedVideos(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *playback.Config) { c.TokenTTL, c.RenewBefore = 2*time.Minute, 2*time.Minute/3 })
	_, ownerAddr := h.viewer()
	public, unlisted, private := h.readyVideo(ownerAddr), h.readyVideo(ownerAddr), h.readyVideo(ownerAddr)
	h.setVisibility(unlisted, "unlisted")
	h.setVisibility(private, "private")
	anon := playbackv1connect.NewPlaybackServiceClient(h.h2c, h.url)

	g, err := authorize(t.Context(), anon, public.id.String())
	if err != nil {
		t.Fatalf("public, ungated: %v", err)
	}
	h.checkGrant(g, 2*time.Minute)
	if c := anonClaimsOf(t, g.GetToken()); c.Subject != "" || !c.Anonymous {
		t.Errorf("anonymous token claims sub=%q anon=%v, want no wallet", c.Subject, c.Anonymous)
	}
	if _, err := authorize(t.Context(), anon, unlisted.id.String()); err != nil {
		t.Errorf("unlisted, ungated: %v", err)
	}
	if _, err := authorize(t.Context(), anon, private.id.String()); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("private: %v, want not_found", err)
	}
	if !h.scraped(`streamgate_playback_authorizations_total{result="allowed"} 2`) {
		t.Error("anonymous authorizations not counted")
	}
}

// An anonymous token renews with no session (and a signed-in caller's
// renewal of it stays anonymous), until its video turns private.
func TestAnonymousRenewStopsWhenTheVideoTurnsPrivate(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *playback.Config) { c.TokenTTL, c.RenewBefore = time.Minute, 20*time.Second })
	_, ownerAddr := h.viewer()
	v := h.readyVideo(ownerAddr)
	anon := playbackv1connect.NewPlaybackServiceClient(h.h2c, h.url)
	g, err := authorize(t.Context(), anon, v.id.String())
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := renew(t.Context(), anon, g.GetToken())
	if err != nil {
		t.Fatalf("anonymous renew: %v", err)
	}
	h.checkGrant(fresh, time.Minute)
	viewer, _ := h.viewer()
	again, err := renew(t.Context(), viewer.Playback, fresh.GetToken())
	if err != nil {
		t.Fatalf("signed-in renew of an anonymous token: %v", err)
	}
	if c := anonClaimsOf(t, again.GetToken()); c.Subject != "" || !c.Anonymous {
		t.Errorf("renewed by a wallet, the token became sub=%q anon=%v", c.Subject, c.Anonymous)
	}
	h.setVisibility(v, "private")
	if _, err := renew(t.Context(), anon, again.GetToken()); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("renew after the video turned private: %v, want not_found", err)
	}
	if res, _ := h.get("/play/" + again.GetToken() + "/master.m3u8"); res.StatusCode != 404 {
		t.Errorf("/play after the video turned private: %d, want 404", res.StatusCode)
	}
}

// A gated video needs a session, and a video gated after an anonymous
// grant stops renewing for it: no rule is ever skipped.
func TestAnonymousNeverSkipsARule(t *testing.T) {
	t.Parallel()
	g := newGated(t, nil, nil)
	anon := playbackv1connect.NewPlaybackServiceClient(g.h2c, g.url)
	if _, err := authorize(t.Context(), anon, g.video.id.String()); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Errorf("gated: %v, want unauthenticated", err)
	} else if !strings.Contains(err.Error(), "sign in") {
		t.Errorf("gated: %q does not say to sign in", err)
	}
	creator, creatorAddr := g.viewer()
	later := g.readyVideo(creatorAddr)
	grant, err := authorize(t.Context(), anon, later.id.String())
	if err != nil {
		t.Fatalf("not gated yet: %v", err)
	}
	_, err = creator.Gate.SetAccessRule(t.Context(), connect.NewRequest(&gatev1.SetAccessRuleRequest{
		VideoId: later.id.String(),
		Rule: &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
			ChainId: g.chain.ChainID.Uint64(), Contract: g.collection.Hex(), Standard: gatev1.Standard_STANDARD_ERC721,
		}}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := renew(t.Context(), anon, grant.GetToken()); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Errorf("renew after the video was gated: %v, want unauthenticated", err)
	}
	if _, err := renew(t.Context(), g.holder.Playback, grant.GetToken()); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Errorf("a holder's renewal of the anonymous token: %v, want unauthenticated (authorize instead)", err)
	}
	if !g.scraped(`streamgate_playback_renewals_total{result="denied"} 2`) {
		t.Error("refused anonymous renewals not counted")
	}
}

// Tokens that mix the two kinds are refused: an anonymous mark beside a
// wallet, or no wallet without the mark.
func TestAnonymousClaimsMustBeWhole(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	_, ownerAddr := h.viewer()
	v := h.readyVideo(ownerAddr)
	exp := time.Now().Add(time.Minute)
	withWallet := claimsFor(v.id, holder, exp)
	withWallet.Anonymous = true
	anon := playbackv1connect.NewPlaybackServiceClient(h.h2c, h.url)
	for name, c := range map[string]playback.Claims{"anon with a wallet": withWallet, "no wallet, no mark": claimsFor(v.id, "", exp)} {
		tok := h.mint(c)
		if _, err := renew(t.Context(), anon, tok); connect.CodeOf(err) != connect.CodeUnauthenticated {
			t.Errorf("%s: renew %v, want unauthenticated", name, err)
		}
		if res, _ := h.get("/play/" + tok + "/master.m3u8"); res.StatusCode != 403 {
			t.Errorf("%s: /play %d, want 403", name, res.StatusCode)
		}
	}
	ok := claimsFor(v.id, "", exp)
	ok.Anonymous = true
	if res, _ := h.get("/play/" + h.mint(ok) + "/master.m3u8"); res.StatusCode != 200 {
		t.Errorf("a whole anonymous token: /play %d, want 200", res.StatusCode)
	}
}

func (h *harness) setVisibility(v video, visibility string) {
	h.t.Helper()
	if _, err := h.pool.Exec(h.t.Context(), `UPDATE videos SET visibility = $2 WHERE id = $1`, v.id, visibility); err != nil {
		h.t.Fatal(err)
	}
}
