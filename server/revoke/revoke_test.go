package revoke_test

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"net/http"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5/pgxpool"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	webhookv1 "github.com/streamgate/streamgate/gen/streamgate/webhook/v1"
	"github.com/streamgate/streamgate/internal/teststack"
	streamgate "github.com/streamgate/streamgate/sdk/go"
	"github.com/streamgate/streamgate/server"
)

// pollInterval is the watcher's in the end-to-end tests.
const pollInterval = 250 * time.Millisecond

// TestTransferRevokesOnEveryReplica runs two servers with the chain
// watcher on and a one-hour positive TTL: after the holder transfers the
// pass, Renew and the key fetch are refused on both replicas within a
// few blocks and a poll interval (not after the TTL), the creator gets
// access.revoked once, and the new holder gets in.
func TestTransferRevokesOnEveryReplica(t *testing.T) {
	t.Parallel()
	r := revocationStack(t, true)
	lat := r.transferAndWait(t, 30*time.Second)
	for name, d := range lat {
		t.Logf("refused %s %s after the transfer was mined", name, d.Round(time.Millisecond))
	}
	// The creator hears of it once, in the outbox, even when the watcher
	// scans the transfer's block again (as after a reorg or a new lease
	// holder).
	r.waitEvents(t, 1)
	r.rescan(t)
	r.waitEvents(t, 1)
	if _, err := r.stranger.Authorize(context.Background(), r.video); err != nil {
		t.Errorf("the new holder was refused: %v", err)
	}
}

type revocation struct {
	s        *teststack.Stack
	video    string
	token    string
	holder   *streamgate.Client
	stranger *streamgate.Client
	pool     *pgxpool.Pool
	urls     []string
}

// revocationStack starts two replicas, a gated ready video, and the
// holder's grant, renewed and keyed on both (so both cache "holds").
func revocationStack(t testing.TB, watch bool) *revocation {
	return revocationStackTTL(t, watch, time.Hour)
}

// revocationStackTTL is revocationStack with the positive TTL the gate
// runs with (the watcher's, or --gate-positive-ttl without it).
func revocationStackTTL(t testing.TB, watch bool, ttl time.Duration) *revocation {
	t.Helper()
	s := teststack.Start(t, teststack.Options{Replicas: 1, Configure: func(c *server.Config) {
		c.Svc.Revoke.Enabled = watch
		c.Svc.Revoke.PollInterval = pollInterval
		c.Svc.Gate.PositiveTTL, c.Svc.Revoke.PositiveTTL = ttl, ttl
	}})
	ctx := context.Background()
	r := &revocation{s: s, pool: s.Pool, urls: append([]string{s.URL}, s.Replicas...)}
	creator := signIn(t, s, s.Creator)
	r.holder, r.stranger = signIn(t, s, s.Holder), signIn(t, s, s.Stranger)
	r.video = readyVideo(t, creator)
	rule := &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
		ChainId: s.ChainID, Contract: s.NFT.Hex(), Standard: gatev1.Standard_STANDARD_ERC721, MinAmount: "1",
	}}}
	if _, err := creator.Gate.SetAccessRule(ctx, connect.NewRequest(&gatev1.SetAccessRuleRequest{VideoId: r.video, Rule: rule})); err != nil {
		t.Fatal(err)
	}
	// The creator listens for access.revoked (delivery is not this test's
	// business: the events are counted in the outbox).
	if _, err := creator.Webhooks.CreateEndpoint(ctx, connect.NewRequest(&webhookv1.CreateEndpointRequest{
		Url: "https://hooks.example.com/streamgate", EventTypes: []webhookv1.EventType{webhookv1.EventType_EVENT_TYPE_ACCESS_REVOKED},
	})); err != nil {
		t.Fatal(err)
	}
	g, err := r.holder.Authorize(ctx, r.video)
	if err != nil {
		t.Fatal(err)
	}
	r.token = g.GetToken()
	if _, err := r.stranger.Authorize(ctx, r.video); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("stranger before the transfer: %v, want permission_denied", err)
	}
	for _, u := range r.urls {
		if err := r.renew(u); err != nil {
			t.Fatalf("renew on %s before the transfer: %v", u, err)
		}
		if code := r.key(u); code != http.StatusOK {
			t.Fatalf("key on %s before the transfer: %d", u, code)
		}
	}
	if watch {
		r.waitWatching(t)
	}
	return r
}

func (r *revocation) renew(url string) error {
	_, err := streamgate.New(url).Renew(context.Background(), r.token)
	return err
}

func (r *revocation) key(url string) int {
	res, err := http.Get(url + "/play/" + r.token + "/key")
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// transferAndWait transfers the pass and polls Renew and the key on
// every replica until each is refused, or until limit; it returns how
// long each took from the moment the transfer was mined.
func (r *revocation) transferAndWait(t testing.TB, limit time.Duration) map[string]time.Duration {
	return r.transferAndWaitFor(t, limit, true)
}

// transferAndWaitFor is transferAndWait; without keys it waits for Renew
// only (without the watcher, key fetches are not gated).
func (r *revocation) transferAndWaitFor(t testing.TB, limit time.Duration, keys bool) map[string]time.Duration {
	t.Helper()
	r.s.Transfer(t)
	mined := time.Now()
	lat := map[string]time.Duration{}
	want := len(r.urls)
	if keys {
		want *= 2
	}
	for len(lat) < want && time.Since(mined) < limit {
		for i, u := range r.urls {
			if n := fmt.Sprintf("Renew on replica %d", i); lat[n] == 0 {
				if err := r.renew(u); connect.CodeOf(err) == connect.CodePermissionDenied {
					lat[n] = time.Since(mined)
				} else if err != nil {
					t.Fatalf("%s: %v, want permission_denied or a grant", n, err)
				}
			}
			if n := fmt.Sprintf("key on replica %d", i); keys && lat[n] == 0 {
				if code := r.key(u); code == http.StatusForbidden {
					lat[n] = time.Since(mined)
				} else if code != http.StatusOK {
					t.Fatalf("%s: %d, want 403 or 200", n, code)
				}
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(lat) < want {
		t.Fatalf("after %s only %v were refused; want Renew and key refused on every replica", limit, lat)
	}
	return lat
}

// waitWatching waits until the watcher stored its first checkpoint.
func (r *revocation) waitWatching(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		if err := r.pool.QueryRow(context.Background(), "SELECT count(*) FROM chain_watch_blocks").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the chain watcher never stored a checkpoint")
}

// rescan rewinds the watcher's checkpoint to before the chain's first
// blocks and waits until it has scanned past them again.
func (r *revocation) rescan(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	var top int64
	if err := r.pool.QueryRow(ctx, "SELECT max(block_number) FROM chain_watch_blocks").Scan(&top); err != nil {
		t.Fatal(err)
	}
	if _, err := r.pool.Exec(ctx, "DELETE FROM chain_watch_blocks WHERE block_number > 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.pool.Exec(ctx, `INSERT INTO chain_watch_blocks (chain_id, block_number, block_hash)
		SELECT $1, 1, $2 ON CONFLICT DO NOTHING`, int64(r.s.ChainID), r.blockHash(t, 1)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var now int64
		if err := r.pool.QueryRow(ctx, "SELECT max(block_number) FROM chain_watch_blocks").Scan(&now); err != nil {
			t.Fatal(err)
		}
		if now >= top {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the watcher did not scan the rewound blocks again")
}

func (r *revocation) blockHash(t testing.TB, n int64) string {
	t.Helper()
	h, err := r.s.Chain.Backend.Client().HeaderByNumber(context.Background(), big.NewInt(n))
	if err != nil {
		t.Fatal(err)
	}
	return h.Hash().Hex()
}

// waitEvents waits for exactly n access.revoked events on the video.
func (r *revocation) waitEvents(t testing.TB, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	got := 0
	for time.Now().Before(deadline) {
		if err := r.pool.QueryRow(context.Background(),
			"SELECT count(*) FROM webhook_events WHERE type = 'access.revoked' AND subject = $1", r.video).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got >= n {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got != n {
		var grants, revoked int
		_ = r.pool.QueryRow(context.Background(), "SELECT count(*) FROM playback_grants").Scan(&grants)
		_ = r.pool.QueryRow(context.Background(), "SELECT count(*) FROM access_revocations").Scan(&revoked)
		t.Fatalf("%d access.revoked events, want %d (grants recorded %d, revocations %d)", got, n, grants, revoked)
	}
}

func signIn(t testing.TB, s *teststack.Stack, key *ecdsa.PrivateKey) *streamgate.Client {
	t.Helper()
	c := streamgate.New(s.URL)
	if _, err := c.SignIn(context.Background(), streamgate.NewKeySigner(key), s.ChainID); err != nil {
		t.Fatal(err)
	}
	return c
}

func readyVideo(t testing.TB, c *streamgate.Client) string {
	t.Helper()
	ctx := context.Background()
	v, err := c.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "revocation", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	if err != nil {
		t.Fatal(err)
	}
	id := v.Msg.GetVideo().GetId()
	if _, err := c.UploadFile(ctx, id, teststack.TinyMP4(t), streamgate.UploadOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitReady(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	return id
}
