package server_test

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/redis/rueidis"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/internal/teststack"
	streamgate "github.com/streamgate/streamgate/sdk/go"
	"github.com/streamgate/streamgate/server"
)

// TestRedisCluster runs every feature that uses Redis against a real
// three-master Redis Cluster: sign-in (the nonce, the per-IP count, and
// the script that counts the address and consumes its nonce), a replayed
// nonce, the per-address rate limit, refresh-token reuse, the gate's rule
// cache (its compare-and-set script and invalidation on a rule change)
// and its answer cache, through Authorize as a holder and a stranger.
// A key layout whose script keys straddle slots fails here with CROSSSLOT.
func TestRedisCluster(t *testing.T) {
	t.Parallel()
	addrs := testenv.RedisCluster(t)
	rdb := testenv.RedisClusterClient(t, addrs)
	if n := len(rdb.Nodes()); n != 3 {
		t.Fatalf("the client sees %d nodes, want the cluster's 3 (not a cluster client?)", n)
	}
	const perAddress = 4 // the holder signs in 4 times, a replay counted
	s := teststack.Start(t, teststack.Options{Redis: rdb, Configure: func(c *server.Config) {
		c.Svc.Auth.RatePerAddress = perAddress
	}})
	ctx := context.Background()

	creator := signIn(t, s, s.Creator)
	holder := signIn(t, s, s.Holder)

	// A nonce is single-use on the cluster too.
	signer := streamgate.NewKeySigner(s.Holder)
	raw := streamgate.New(s.URL)
	ch, err := raw.Auth.GetChallenge(ctx, connect.NewRequest(&authv1.GetChallengeRequest{Address: signer.Address(), ChainId: s.ChainID}))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signer.SignPersonal(ctx, []byte(ch.Msg.GetMessage()))
	if err != nil {
		t.Fatal(err)
	}
	in := &authv1.SignInRequest{Message: ch.Msg.GetMessage(), Signature: fmt.Sprintf("0x%x", sig)}
	if _, err := raw.Auth.SignIn(ctx, connect.NewRequest(in)); err != nil {
		t.Fatalf("sign-in with a fresh nonce: %v", err)
	}
	if _, err := raw.Auth.SignIn(ctx, connect.NewRequest(in)); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("replayed nonce: got %v, want unauthenticated", err)
	}

	// The per-address limit counts on the cluster: the stranger's fifth
	// sign-in in the window is refused.
	var stranger *streamgate.Client
	for range perAddress {
		stranger = signIn(t, s, s.Stranger)
	}
	if _, err := streamgate.New(s.URL).SignIn(ctx, streamgate.NewKeySigner(s.Stranger), s.ChainID); connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Fatalf("sign-in past the per-address limit: got %v, want resource_exhausted", err)
	}

	// Refresh-token reuse revokes the session.
	spent := holder.Tokens().Refresh
	if _, err := raw.Auth.Refresh(ctx, connect.NewRequest(&authv1.RefreshRequest{RefreshToken: spent})); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Auth.Refresh(ctx, connect.NewRequest(&authv1.RefreshRequest{RefreshToken: spent})); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("reused refresh token: got %v, want unauthenticated", err)
	}
	holder = signIn(t, s, s.Holder)

	videoID := readyVideo(t, creator, teststack.TinyMP4(t))
	nft := func(min string) *gatev1.Rule {
		return &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
			ChainId: s.ChainID, Contract: s.NFT.Hex(), Standard: gatev1.Standard_STANDARD_ERC721, MinAmount: min,
		}}}
	}
	setRule(t, creator, videoID, nft("1"))
	if _, err := holder.Authorize(ctx, videoID); err != nil {
		t.Fatalf("holder: %v", err)
	}
	if _, err := stranger.Authorize(ctx, videoID); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("stranger: got %v, want permission_denied", err)
	}
	// The rule cache's script stored the rule under the video's tag, and
	// the answers are cached (written in batches after the answer, so
	// they may land a moment later).
	for _, pattern := range []string{"*gate:v1:video:{" + videoID + "}", "*gate:v1:ver:{" + videoID + "}", "*gate:v1:ans:*"} {
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if keys := clusterKeys(t, rdb, pattern); len(keys) > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("no key %s on the cluster within 5 s", pattern)
				break
			}
		}
	}

	// A rule change drops the cached rule on the cluster at once: the
	// holder of one pass no longer passes a rule asking for two.
	setRule(t, creator, videoID, nft("2"))
	if _, err := holder.Authorize(ctx, videoID); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("holder after the rule asks for 2: got %v, want permission_denied", err)
	}

	// The keys really spread over the masters.
	used := 0
	for addr, node := range rdb.Nodes() {
		n, err := node.Do(ctx, node.B().Dbsize().Build()).AsInt64()
		if err != nil {
			t.Fatalf("DBSIZE on %s: %v", addr, err)
		}
		if n > 0 {
			used++
		}
	}
	if used < 2 {
		t.Errorf("keys on %d of 3 masters: the test did not spread over the cluster", used)
	}
}

func signIn(t *testing.T, s *teststack.Stack, key *ecdsa.PrivateKey) *streamgate.Client {
	t.Helper()
	c := streamgate.New(s.URL)
	if _, err := c.SignIn(context.Background(), streamgate.NewKeySigner(key), s.ChainID); err != nil {
		t.Fatal(err)
	}
	return c
}

// readyVideo creates a public video, uploads path and waits until ready.
func readyVideo(t *testing.T, c *streamgate.Client, path string) string {
	t.Helper()
	ctx := context.Background()
	v, err := c.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "cluster", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	if err != nil {
		t.Fatal(err)
	}
	id := v.Msg.GetVideo().GetId()
	if _, err := c.UploadFile(ctx, id, path, streamgate.UploadOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitReady(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	return id
}

func setRule(t *testing.T, c *streamgate.Client, videoID string, rule *gatev1.Rule) {
	t.Helper()
	if _, err := c.Gate.SetAccessRule(context.Background(), connect.NewRequest(&gatev1.SetAccessRuleRequest{VideoId: videoID, Rule: rule})); err != nil {
		t.Fatal(err)
	}
}

// clusterKeys lists the keys matching pattern on every master.
func clusterKeys(t *testing.T, rdb rueidis.Client, pattern string) []string {
	t.Helper()
	var keys []string
	for addr, node := range rdb.Nodes() {
		ks, err := node.Do(context.Background(), node.B().Keys().Pattern(pattern).Build()).AsStrSlice()
		if err != nil {
			t.Fatalf("KEYS on %s: %v", addr, err)
		}
		keys = append(keys, ks...)
	}
	return keys
}
