package playback_test

import (
	"math/big"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/streamgate/streamgate/contracts/bindings"
	"github.com/streamgate/streamgate/contracts/devnet"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/playback"
)

// TestAuthorizeReusesRecentGrantAfterEveryCheck: a holder asking again
// at once gets the token it was just given, another session of the same
// wallet its own; once the holder sells the pass, the next Authorize is
// refused although its last token is still within the reuse window: the
// gate runs before the reuse.
func TestAuthorizeReusesRecentGrantAfterEveryCheck(t *testing.T) {
	t.Parallel()
	// Holds answers are trusted 1 ms, so that every check reads the chain.
	g := newGated(t, func(c *playback.Config) { c.TokenTTL, c.RenewBefore = time.Hour, 20*time.Minute },
		func(c *gate.Config) { c.PositiveTTL, c.NegativeTTL = time.Millisecond, time.Millisecond })
	id := g.video.id.String()
	first, err := authorize(t.Context(), g.holder.Playback, id)
	if err != nil {
		t.Fatal(err)
	}
	again, err := authorize(t.Context(), g.holder.Playback, id)
	if err != nil {
		t.Fatal(err)
	}
	if again.GetToken() != first.GetToken() || !again.GetExpireTime().AsTime().Equal(first.GetExpireTime().AsTime()) {
		t.Fatalf("asked again at once: token %.20s... expiring %s, want the first grant (%.20s..., %s)",
			again.GetToken(), again.GetExpireTime().AsTime(), first.GetToken(), first.GetExpireTime().AsTime())
	}
	laptop, _ := g.signIn(g.holderKey)
	other, err := authorize(t.Context(), laptop.Playback, id)
	if err != nil {
		t.Fatal(err)
	}
	if other.GetToken() == first.GetToken() || claimsOf(t, other.GetToken())["sid"] == claimsOf(t, first.GetToken())["sid"] {
		t.Fatal("another session of the wallet was given the first session's token")
	}
	g.checkGrant(again, time.Hour)

	buyerKey, _ := crypto.GenerateKey()
	nft := bindings.NewGateERC721()
	err = g.chain.Send(g.holderKey, &bindings.GateERC721MetaData, g.collection,
		nft.PackTransferFrom(devnet.Address(g.holderKey), devnet.Address(buyerKey), big.NewInt(1)))
	if err != nil {
		t.Fatalf("transfer: %v", err)
	}
	if _, err := authorize(t.Context(), g.holder.Playback, id); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("authorize after selling the pass, within the reuse window: %v, want permission_denied", err)
	}
}

// TestAuthorizeReuseEndsWithTheSessionAndVisibility: within the reuse
// window, a video made private is not_found for a viewer, and a signed
// out session is unauthenticated; nothing about a recent grant skips
// those checks.
func TestAuthorizeReuseEndsWithTheSessionAndVisibility(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *playback.Config) { c.TokenTTL, c.RenewBefore = time.Hour, 20*time.Minute })
	_, creator := h.viewer()
	v := h.readyVideo(creator)
	c, _ := h.viewer()
	// The session's access token, sent by hand: the SDK forgets it at
	// sign-out, and without one a public video plays anonymously.
	bearer := playbackv1connect.NewPlaybackServiceClient(h.h2c, h.url,
		connect.WithInterceptors(testenv.Bearer(c.Tokens().Access)))
	first, err := authorize(t.Context(), bearer, v.id.String())
	if err != nil {
		t.Fatal(err)
	}
	h.setVisibility(v, "private")
	if _, err := authorize(t.Context(), bearer, v.id.String()); connect.CodeOf(err) != connect.CodeNotFound {
		t.Fatalf("a video made private: %v, want not_found", err)
	}
	h.setVisibility(v, "public")
	if g, err := authorize(t.Context(), bearer, v.id.String()); err != nil || g.GetToken() != first.GetToken() {
		t.Fatalf("public again: %v, or not the recent grant", err)
	}
	if err := c.SignOut(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := authorize(t.Context(), bearer, v.id.String()); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("after signing out: %v, want unauthenticated", err)
	}
}
