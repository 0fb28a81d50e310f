package playback_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/streamgate/streamgate/contracts/bindings"
	"github.com/streamgate/streamgate/contracts/devnet"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	streamgate "github.com/streamgate/streamgate/sdk/go"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/playback"
)

// gated is a harness on its own simulated chain with an ERC-721
// collection, token 1 minted to holder, and a ready video whose creator
// gated it on holding any token of the collection.
type gated struct {
	*harness
	chain      *devnet.Chain
	collection common.Address
	holderKey  *ecdsa.PrivateKey
	holder     *streamgate.Client
	video      video
}

func newGated(t *testing.T, cfg func(*playback.Config), gcfg func(*gate.Config)) *gated {
	t.Helper()
	holderKey, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	c, err := devnet.New(devnet.Options{Addr: "127.0.0.1:0", Funded: []common.Address{devnet.Address(holderKey)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	nft := bindings.NewGateERC721()
	collection, err := c.Deploy(&bindings.GateERC721MetaData, nft.PackConstructor("Test Pass", "TP"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(nil, &bindings.GateERC721MetaData, collection, nft.PackMint(devnet.Address(holderKey), big.NewInt(1))); err != nil {
		t.Fatal(err)
	}
	ccfg := chain.DefaultConfig()
	ccfg.Chains, ccfg.CallTimeout, ccfg.MaxHeadAge = []chain.Spec{{ID: c.ChainID.Uint64(), Endpoints: []string{c.URL}}}, 5*time.Second, 0
	reg, err := chain.New(context.Background(), ccfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	g := &gated{harness: newHarnessOn(t, cfg, reg, gcfg), chain: c, collection: collection, holderKey: holderKey}
	creator, creatorAddr := g.viewer()
	g.video = g.readyVideo(creatorAddr)
	_, err = creator.Gate.SetAccessRule(t.Context(), connect.NewRequest(&gatev1.SetAccessRuleRequest{
		VideoId: g.video.id.String(),
		Rule: &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
			ChainId: c.ChainID.Uint64(), Contract: collection.Hex(), Standard: gatev1.Standard_STANDARD_ERC721,
		}}},
	}))
	if err != nil {
		t.Fatalf("set access rule: %v", err)
	}
	g.holder, _ = g.signIn(holderKey)
	return g
}

// evaluation returns the gate's Evaluation carried by a denial.
func evaluation(t *testing.T, err error) *gatev1.Evaluation {
	t.Helper()
	var cerr *connect.Error
	if !asConnect(err, &cerr) {
		t.Fatalf("not a Connect error: %v", err)
	}
	for _, d := range cerr.Details() {
		v, derr := d.Value()
		if ev, ok := v.(*gatev1.Evaluation); derr == nil && ok {
			return ev
		}
	}
	t.Fatalf("denial without an Evaluation detail: %v", err)
	return nil
}

func TestHolderPlaysNonHolderDenied(t *testing.T) {
	t.Parallel()
	g := newGated(t, func(c *playback.Config) { c.TokenTTL, c.RenewBefore = 5*time.Minute, 5*time.Minute/3 }, nil)
	grant, err := authorize(t.Context(), g.holder.Playback, g.video.id.String())
	if err != nil {
		t.Fatalf("holder: %v", err)
	}
	g.checkGrant(grant, 5*time.Minute) // ffmpeg decodes every frame, key included

	stranger, _ := g.viewer()
	_, err = authorize(t.Context(), stranger.Playback, g.video.id.String())
	if connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("non-holder: %v, want permission_denied", err)
	}
	if !strings.Contains(err.Error(), "do not hold") {
		t.Errorf("denial does not say why: %v", err)
	}
	if ev := evaluation(t, err); ev.GetOutcome() != gatev1.Outcome_OUTCOME_NOT_HELD {
		t.Errorf("evaluation outcome %s, want not held", ev.GetOutcome())
	}
	if !g.scraped(`streamgate_playback_authorizations_total{result="denied"} 1`) ||
		!g.scraped(`streamgate_playback_authorizations_total{result="allowed"} 1`) {
		t.Error("authorizations not counted")
	}
}

func TestRenewFailsAfterTheNFTIsTransferred(t *testing.T) {
	t.Parallel()
	// Holds answers are trusted 1 ms here, so that the next check reads the
	// chain; in production the renewal period outlasts the gate's cache.
	g := newGated(t, func(c *playback.Config) { c.TokenTTL, c.RenewBefore = time.Minute, 20*time.Second },
		func(c *gate.Config) { c.PositiveTTL, c.NegativeTTL = time.Millisecond, time.Millisecond })
	grant, err := authorize(t.Context(), g.holder.Playback, g.video.id.String())
	if err != nil {
		t.Fatal(err)
	}
	renewed, err := renew(t.Context(), g.holder.Playback, grant.GetToken())
	if err != nil {
		t.Fatalf("renew while holding: %v", err)
	}
	buyerKey, _ := crypto.GenerateKey()
	nft := bindings.NewGateERC721()
	err = g.chain.Send(g.holderKey, &bindings.GateERC721MetaData, g.collection,
		nft.PackTransferFrom(devnet.Address(g.holderKey), devnet.Address(buyerKey), big.NewInt(1)))
	if err != nil {
		t.Fatalf("transfer: %v", err)
	}
	if _, err := renew(t.Context(), g.holder.Playback, renewed.GetToken()); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("renew after selling the NFT: %v, want permission_denied", err)
	}
	if _, err := authorize(t.Context(), g.holder.Playback, g.video.id.String()); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("authorize after selling the NFT: %v, want permission_denied", err)
	}
	buyer, _ := g.signIn(buyerKey)
	if _, err := authorize(t.Context(), buyer.Playback, g.video.id.String()); err != nil {
		t.Fatalf("the buyer: %v", err)
	}
	if !g.scraped(`streamgate_playback_renewals_total{result="denied"} 1`) {
		t.Error("denied renewal not counted")
	}
}

func TestChainDownFailsClosed(t *testing.T) {
	t.Parallel()
	g := newGated(t, nil, nil)
	if err := g.chain.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := authorize(t.Context(), g.holder.Playback, g.video.id.String())
	if connect.CodeOf(err) != connect.CodeUnavailable {
		t.Fatalf("holder with the chain down: %v, want unavailable", err)
	}
	if !g.scraped(`streamgate_playback_authorizations_total{result="unavailable"} 1`) {
		t.Error("unavailable not counted")
	}
}

func asConnect(err error, target **connect.Error) bool { return errors.As(err, target) }
