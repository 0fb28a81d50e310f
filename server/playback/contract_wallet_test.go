package playback_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/streamgate/streamgate/contracts/bindings"
	"github.com/streamgate/streamgate/contracts/devnet"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	streamgate "github.com/streamgate/streamgate/sdk/go"
	"github.com/streamgate/streamgate/server/chain"
)

// ownerWallet is the EIP-1271 test wallet the auth tests deploy
// (server/auth/testdata: it approves its owner's personal_sign).
func ownerWallet(t *testing.T) *bind.MetaData {
	t.Helper()
	raw, err := os.ReadFile("../auth/testdata/contracts.json")
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		OwnerWallet struct {
			ABI      json.RawMessage `json:"abi"`
			Bytecode string          `json:"bytecode"`
		}
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	c := out.OwnerWallet
	return &bind.MetaData{ID: "OwnerWallet", ABI: string(c.ABI), Bin: c.Bytecode}
}

// contractSigner signs in as a contract wallet: its address is the
// wallet's, its signatures its owner key's, which the wallet approves.
type contractSigner struct {
	wallet common.Address
	key    *ecdsa.PrivateKey
}

func (s contractSigner) Address() string { return s.wallet.Hex() }

func (s contractSigner) SignPersonal(_ context.Context, msg []byte) ([]byte, error) {
	sig, err := crypto.Sign(accounts.TextHash(msg), s.key)
	if err != nil {
		return nil, err
	}
	sig[64] += 27
	return sig, nil
}

// TestContractWalletIsScopedToItsChain: one address, two chains. On
// chain 31337 it is the owner's wallet and holds the pass the video's
// rule asks for; on chain 1 the same address is another wallet, deployed
// by someone else, that approves the attacker's signatures. The
// attacker's sign-in on chain 1 is real, but it proves nothing on chain
// 31337: Authorize refuses it, saying to sign in on chain 31337, while
// the owner's sign-in there plays and renews.
func TestContractWalletIsScopedToItsChain(t *testing.T) {
	t.Parallel()
	owner, attacker := newKey(t), newKey(t)
	home, err := devnet.New(devnet.Options{ChainID: 31337, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = home.Close() })
	elsewhere, err := devnet.New(devnet.Options{ChainID: 1, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = elsewhere.Close() })
	// The same deployer's first deployment on each chain: the same address.
	meta := ownerWallet(t)
	wallet, err := home.Deploy(meta, common.LeftPadBytes(devnet.Address(owner).Bytes(), 32))
	if err != nil {
		t.Fatal(err)
	}
	twin, err := elsewhere.Deploy(meta, common.LeftPadBytes(devnet.Address(attacker).Bytes(), 32))
	if err != nil || twin != wallet {
		t.Fatalf("twin wallet at %s, %v: want %s", twin.Hex(), err, wallet.Hex())
	}
	nft := bindings.NewGateERC721()
	pass, err := home.Deploy(&bindings.GateERC721MetaData, nft.PackConstructor("Pass", "P"))
	if err != nil {
		t.Fatal(err)
	}
	// Minted to the deployer, then moved without the receiver check that
	// a safe mint makes (the test wallet implements no ERC-721 receiver).
	deployer := devnet.Address(home.Owner)
	if err := home.Send(nil, &bindings.GateERC721MetaData, pass, nft.PackMint(deployer, big.NewInt(1))); err != nil {
		t.Fatal(err)
	}
	if err := home.Send(nil, &bindings.GateERC721MetaData, pass, nft.PackTransferFrom(deployer, wallet, big.NewInt(1))); err != nil {
		t.Fatal(err)
	}
	ccfg := chain.DefaultConfig()
	ccfg.Chains = []chain.Spec{{ID: 31337, Endpoints: []string{home.URL}}, {ID: 1, Endpoints: []string{elsewhere.URL}}}
	ccfg.CallTimeout, ccfg.MaxHeadAge = 5*time.Second, 0
	reg, err := chain.New(context.Background(), ccfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	h := newHarnessOn(t, nil, reg, nil)
	creator, creatorAddr := h.viewer()
	v := h.readyVideo(creatorAddr)
	signIn := func(key *ecdsa.PrivateKey, chainID uint64) *streamgate.Client {
		c := streamgate.New(h.url, streamgate.WithHTTPClient(h.h2c))
		if _, err := c.SignIn(t.Context(), contractSigner{wallet: wallet, key: key}, chainID); err != nil {
			t.Fatalf("contract wallet sign-in on chain %d: %v", chainID, err)
		}
		return c
	}
	// While the video is ungated the impostor plays it like anyone.
	impostor := signIn(attacker, 1)
	early, err := authorize(t.Context(), impostor.Playback, v.id.String())
	if err != nil {
		t.Fatalf("an ungated video: %v", err)
	}
	if _, err := creator.Gate.SetAccessRule(t.Context(), connect.NewRequest(&gatev1.SetAccessRuleRequest{
		VideoId: v.id.String(),
		Rule: &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
			ChainId: 31337, Contract: pass.Hex(), Standard: gatev1.Standard_STANDARD_ERC721,
		}}},
	})); err != nil {
		t.Fatal(err)
	}
	wantScoped := func(what string, err error) {
		t.Helper()
		if connect.CodeOf(err) != connect.CodePermissionDenied || !strings.Contains(err.Error(), "sign in on chain 31337") {
			t.Fatalf("%s, by the same address proved on chain 1, for a rule on chain 31337: %v, want permission_denied saying to sign in on chain 31337", what, err)
		}
	}
	_, err = authorize(t.Context(), impostor.Playback, v.id.String())
	wantScoped("Authorize", err)
	checked, err := impostor.Gate.CheckAccess(t.Context(), connect.NewRequest(&gatev1.CheckAccessRequest{VideoId: v.id.String()}))
	if err != nil || checked.Msg.GetAllowed() || !strings.Contains(checked.Msg.GetReason(), "sign in on chain 31337") {
		t.Fatalf("CheckAccess for the impostor: %v, %v: want not allowed, saying to sign in on chain 31337", checked, err)
	}
	anon := playbackv1connect.NewPlaybackServiceClient(h.h2c, h.url)
	_, err = renew(t.Context(), anon, early.GetToken())
	wantScoped("Renew of a token granted before the rule", err)
	// The attacker's key does not sign in as the wallet where it is the owner's.
	c := streamgate.New(h.url, streamgate.WithHTTPClient(h.h2c))
	if _, err := c.SignIn(t.Context(), contractSigner{wallet: wallet, key: attacker}, 31337); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("the attacker on chain 31337: %v, want unauthenticated", err)
	}

	real := signIn(owner, 31337)
	checked, err = real.Gate.CheckAccess(t.Context(), connect.NewRequest(&gatev1.CheckAccessRequest{VideoId: v.id.String()}))
	if err != nil || !checked.Msg.GetAllowed() {
		t.Fatalf("CheckAccess for the wallet on its own chain: %v, %v", checked, err)
	}
	g, err := authorize(t.Context(), real.Playback, v.id.String())
	if err != nil {
		t.Fatalf("the wallet proved on the rule's chain: %v", err)
	}
	if claimsOf(t, g.GetToken())["contract_chain_id"] != float64(31337) {
		t.Fatalf("token claims %v: want contract_chain_id 31337", claimsOf(t, g.GetToken()))
	}
	if _, err := renew(t.Context(), anon, g.GetToken()); err != nil {
		t.Fatalf("renewing the wallet's own token: %v", err)
	}
	h.checkGrant(g, 10*time.Minute)
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}
