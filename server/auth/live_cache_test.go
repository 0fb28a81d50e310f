package auth

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/tokens"
)

// TestSessionCache checks the liveness cache: a live session is not
// looked up again within the TTL, a revocation on this replica takes
// effect at once, and one made elsewhere within the TTL.
func TestSessionCache(t *testing.T) {
	t.Parallel()
	keys, err := tokens.Ephemeral()
	if err != nil {
		t.Fatal(err)
	}
	store := db.NewStore(testenv.DB(t))
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.SessionCacheTTL = time.Hour
	v, err := NewVerifier(cfg, keys, store)
	if err != nil {
		t.Fatal(err)
	}
	addr := "0x620AA3Db6DF3610cbd637f472d80618F98022423"
	open := func() (uuid.UUID, string) {
		id := uuid.New()
		if _, err := store.OpenSession(ctx, dbq.OpenSessionParams{
			ID: id, Address: addr, ChainID: 31337, RefreshHash: hashRefresh(id.String()), ExpiresAt: time.Now().Add(time.Hour),
		}); err != nil {
			t.Fatal(err)
		}
		tok, _, err := v.issue(addr, 31337, 0, id.String(), time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return id, tok
	}
	revoke := func(id uuid.UUID) {
		if _, err := store.RevokeSession(ctx, dbq.RevokeSessionParams{ID: id, Reason: "test"}); err != nil {
			t.Fatal(err)
		}
	}

	// Revoked elsewhere (straight in the database): honoured until the TTL.
	id, tok := open()
	if _, err := v.VerifyAccessToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	revoke(id)
	if _, err := v.VerifyAccessToken(ctx, tok); err != nil {
		t.Fatalf("within the TTL the cached answer stands: %v", err)
	}
	v.forget(id)
	if _, err := v.VerifyAccessToken(ctx, tok); err == nil {
		t.Fatal("a forgotten, revoked session still verifies")
	}

	// Without a cache every call asks the database.
	cfg.SessionCacheTTL = 0
	uncached, err := NewVerifier(cfg, keys, store)
	if err != nil {
		t.Fatal(err)
	}
	id, tok = open()
	if _, err := uncached.VerifyAccessToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	revoke(id)
	if _, err := uncached.VerifyAccessToken(ctx, tok); err == nil {
		t.Fatal("uncached verifier honoured a revoked session")
	}
}

func TestLiveCacheNeverOutlivesTheToken(t *testing.T) {
	t.Parallel()
	c := newLiveCache(time.Hour)
	c.put("expired", authn.Caller{SessionID: "s"}, time.Now().Add(-time.Second), c.now())
	if _, ok := c.get("expired"); ok {
		t.Fatal("an expired token was served from the cache")
	}
	c.put("live", authn.Caller{SessionID: "s"}, time.Now().Add(time.Hour), c.now())
	if _, ok := c.get("live"); !ok {
		t.Fatal("a live token was not cached")
	}
	// A lookup that began before a revocation must not cache its answer.
	before := c.now()
	c.forget(uuid.New())
	c.put("raced", authn.Caller{SessionID: "s"}, time.Now().Add(time.Hour), before)
	if _, ok := c.get("raced"); ok {
		t.Fatal("a lookup older than a revocation was cached")
	}
	if newLiveCache(0) != nil {
		t.Fatal("a zero TTL must disable the cache")
	}
}
