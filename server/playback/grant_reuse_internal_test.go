package playback

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/tokens"
)

// flakyGrants fails its first fail calls, then records.
type flakyGrants struct {
	mu      sync.Mutex
	fail    int
	written []time.Time
}

func (g *flakyGrants) RecordGrant(_ context.Context, _ uuid.UUID, _ string, expires time.Time) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.fail > 0 {
		g.fail--
		return errors.New("database down")
	}
	g.written = append(g.written, expires)
	return nil
}

func reuseService(t *testing.T, grants Grants, now *time.Time) *Service {
	t.Helper()
	ks, err := tokens.Ephemeral()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.TokenTTL, cfg.RenewBefore = 10*time.Minute, 10*time.Minute/3
	s, err := New(cfg, Deps{Signer: ks, Grants: grants, PublicURL: "http://sg", Now: func() time.Time { return *now }})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReuseWindow(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ttl, before, want time.Duration
	}{
		{10 * time.Minute, 10 * time.Minute / 3, 30 * time.Second}, // the defaults: capped
		{time.Minute, 20 * time.Second, 4 * time.Second},           // a tenth of issue to renew
		{30 * time.Second, 29 * time.Second, 100 * time.Millisecond},
	} {
		if got := (Config{TokenTTL: tc.ttl, RenewBefore: tc.before}).reuseWindow(); got != tc.want {
			t.Errorf("TTL %s, renew before %s: window %s, want %s", tc.ttl, tc.before, got, tc.want)
		}
	}
}

// TestGrantReuse: within the window the same wallet, video and binding
// get the token they were given; anything else, or later, a fresh one.
// A grant whose recording failed is recorded by its next reuse, and a
// recorded one is not written again.
func TestGrantReuse(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	grants := &flakyGrants{fail: 1}
	s := reuseService(t, grants, &now)
	ctx := context.Background()
	id := uuid.New()
	v := video{id: id, access: acl.Of(id, "0x00000000000000000000000000000000000000aa", dbq.VideoVisibilityPublic)}
	const wallet = "0x00000000000000000000000000000000000000Bb"
	b := binding{session: uuid.New()}

	first, err := s.grantFor(ctx, v, wallet, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(grants.written) != 0 {
		t.Fatal("a failed recording counted as written")
	}
	now = now.Add(10 * time.Second)
	again, err := s.grantFor(ctx, v, wallet, b)
	if err != nil {
		t.Fatal(err)
	}
	if again.GetToken() != first.GetToken() || again.GetPlaybackUrl() != first.GetPlaybackUrl() ||
		!again.GetExpireTime().AsTime().Equal(first.GetExpireTime().AsTime()) ||
		!again.GetRenewTime().AsTime().Equal(first.GetRenewTime().AsTime()) {
		t.Fatalf("within the window: %v, want the first grant %v", again, first)
	}
	if len(grants.written) != 1 || !grants.written[0].Equal(first.GetExpireTime().AsTime()) {
		t.Fatalf("the reuse did not record the grant its first issue failed to: %v", grants.written)
	}
	if _, err := s.grantFor(ctx, v, wallet, b); err != nil || len(grants.written) != 1 {
		t.Fatalf("a recorded grant was written again: %v, %v", grants.written, err)
	}

	// Each thing a token says gets its own.
	other := uuid.New()
	for name, g := range map[string]func() (string, error){
		"another session": func() (string, error) { return token(s.grantFor(ctx, v, wallet, binding{session: uuid.New()})) },
		"a contract wallet's chain": func() (string, error) {
			return token(s.grantFor(ctx, v, wallet, binding{session: b.session, contractChain: 8453}))
		},
		"another wallet": func() (string, error) {
			return token(s.grantFor(ctx, v, "0x00000000000000000000000000000000000000cc", b))
		},
		"another video": func() (string, error) {
			return token(s.grantFor(ctx, video{id: other, access: acl.Of(other, v.access.Owner, dbq.VideoVisibilityPublic)}, wallet, b))
		},
	} {
		tok, err := g()
		if err != nil || tok == first.GetToken() {
			t.Errorf("%s: got the first grant's token (%v)", name, err)
		}
	}

	now = now.Add(s.cfg.reuseWindow()) // 40 s after the first issue
	fresh, err := s.grantFor(ctx, v, wallet, b)
	if err != nil {
		t.Fatal(err)
	}
	if fresh.GetToken() == first.GetToken() || !fresh.GetExpireTime().AsTime().Equal(now.Add(s.cfg.TokenTTL)) {
		t.Fatalf("after the window: %v, want a fresh token expiring %s", fresh, now.Add(s.cfg.TokenTTL))
	}
	tk, err := s.verify(fresh.GetToken())
	if err != nil || tk.binding != b || tk.address != wallet || tk.videoID != id {
		t.Fatalf("the fresh token: %+v, %v", tk, err)
	}
}

func token(g interface{ GetToken() string }, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return g.GetToken(), nil
}

// TestGrantCacheBounded: the cache starts over when full.
func TestGrantCacheBounded(t *testing.T) {
	t.Parallel()
	var c grantCache
	now := time.Unix(1_800_000_000, 0)
	for i := range maxReused + 1 {
		c.put(grantKey{video: uuid.New(), address: string(rune(i))}, issued{issued: now, expires: now.Add(time.Hour)})
	}
	if len(c.m) != 1 {
		t.Fatalf("%d entries, want the cache started over", len(c.m))
	}
	k := grantKey{video: uuid.New()}
	c.put(k, issued{token: "new", issued: now, expires: now.Add(time.Hour)})
	c.put(k, issued{token: "old", issued: now.Add(-time.Second), expires: now.Add(time.Hour)})
	if e, ok := c.get(k, now, time.Minute); !ok || e.token != "new" {
		t.Fatalf("an older token replaced a newer one: %+v", e)
	}
}
