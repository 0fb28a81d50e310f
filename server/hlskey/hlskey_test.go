package hlskey_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/hlskey"
)

func master() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	return k
}

func video(t *testing.T, pool *testenv.Pool) uuid.UUID {
	t.Helper()
	id := uuid.New()
	_, err := pool.Exec(context.Background(), `INSERT INTO videos (id, owner_address, title, visibility) VALUES ($1, '0x0000000000000000000000000000000000000001', 't', 'public')`, id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func newKeys(t *testing.T, cfg hlskey.Config, store *db.Store) *hlskey.Store {
	t.Helper()
	keys, err := hlskey.New(cfg, store.Queries)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestConfig(t *testing.T) {
	t.Parallel()
	if err := hlskey.DefaultConfig().Validate(); err != nil || !hlskey.DefaultConfig().Insecure {
		t.Fatalf("the default (development) key: %v", err)
	}
	short := hlskey.Config{MasterKey: master()[:16]}
	if err := short.Validate(); err == nil || !strings.Contains(err.Error(), "--key-master") {
		t.Fatalf("a 16-byte master key: %v", err)
	}
	if _, err := hlskey.New(short, nil); err == nil {
		t.Fatal("New accepted a 16-byte master key")
	}
}

func TestEnsureAndGet(t *testing.T) {
	t.Parallel()
	pool := testenv.DB(t)
	store := db.NewStore(pool)
	cfg := hlskey.Config{MasterKey: master()}
	keys := newKeys(t, cfg, store)
	ctx := context.Background()
	id := video(t, pool)
	if _, err := keys.Get(ctx, id); !errors.Is(err, hlskey.ErrNoKey) {
		t.Fatalf("Get before Ensure: %v", err)
	}
	// Racing Ensures all see one key.
	got := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			k, err := keys.Ensure(ctx, id)
			if err != nil {
				t.Error(err)
			}
			got[i] = k
		})
	}
	wg.Wait()
	for _, k := range got {
		if len(k) != hlskey.KeySize || !bytes.Equal(k, got[0]) {
			t.Fatalf("keys differ: %x vs %x", k, got[0])
		}
	}
	k, err := newKeys(t, cfg, store).Get(ctx, id)
	if err != nil || !bytes.Equal(k, got[0]) {
		t.Fatalf("Get = %x, %v", k, err)
	}
	// At rest the key is sealed, not stored in the clear.
	var sealed []byte
	if err := pool.QueryRow(ctx, `SELECT sealed FROM video_keys WHERE video_id = $1`, id).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, k) {
		t.Fatal("the content key is stored in the clear")
	}
	// Another video gets another key.
	other, err := keys.Ensure(ctx, video(t, pool))
	if err != nil || bytes.Equal(other, k) {
		t.Fatalf("second video key %x, %v", other, err)
	}
}

func TestSealedKeyIsBound(t *testing.T) {
	t.Parallel()
	pool := testenv.DB(t)
	store := db.NewStore(pool)
	ctx := context.Background()
	a, b := video(t, pool), video(t, pool)
	keys := newKeys(t, hlskey.Config{MasterKey: master()}, store)
	if _, err := keys.Ensure(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := newKeys(t, hlskey.Config{MasterKey: master()}, store).Get(ctx, a); !errors.Is(err, hlskey.ErrSealed) {
		t.Fatalf("Get under another master key: %v", err)
	}
	// A sealed key copied to another video does not open there.
	if _, err := pool.Exec(ctx, `INSERT INTO video_keys (video_id, sealed) SELECT $2, sealed FROM video_keys WHERE video_id = $1`, a, b); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Get(ctx, b); !errors.Is(err, hlskey.ErrSealed) {
		t.Fatalf("Get of a moved key: %v", err)
	}
	if _, err := keys.Ensure(ctx, uuid.New()); !errors.Is(err, hlskey.ErrNoVideo) {
		t.Fatalf("Ensure for no video: %v", err)
	}
	// Deleting the video deletes its key.
	if _, err := pool.Exec(ctx, `DELETE FROM videos WHERE id = $1`, a); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Get(ctx, a); !errors.Is(err, hlskey.ErrNoKey) {
		t.Fatalf("Get after delete: %v", err)
	}
}

// TestGetForSession: a session-bound fetch gets the key while the session
// is live, and ErrSessionEnded from the moment it is revoked (or gone).
func TestGetForSession(t *testing.T) {
	t.Parallel()
	pool := testenv.DB(t)
	store := db.NewStore(pool)
	keys := newKeys(t, hlskey.Config{MasterKey: master()}, store)
	ctx := context.Background()
	id := video(t, pool)
	session := uuid.New()
	if _, err := pool.Exec(ctx, `INSERT INTO accounts (address) VALUES ('0x0000000000000000000000000000000000000002');
		`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO sessions (id, address, chain_id, refresh_hash, expires_at)
		VALUES ($1, '0x0000000000000000000000000000000000000002', 1, $2, now() + interval '1 hour')`, session, bytes.Repeat([]byte{7}, 32)); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.GetForSession(ctx, id, session); !errors.Is(err, hlskey.ErrNoKey) {
		t.Fatalf("before Ensure: %v", err)
	}
	want, err := keys.Ensure(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := keys.GetForSession(ctx, id, session); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("live session: %x, %v", got, err)
	}
	if _, err := pool.Exec(ctx, `UPDATE sessions SET revoked_at = now() WHERE id = $1`, session); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.GetForSession(ctx, id, session); !errors.Is(err, hlskey.ErrSessionEnded) {
		t.Fatalf("revoked session: %v", err)
	}
	if _, err := keys.GetForSession(ctx, id, uuid.New()); !errors.Is(err, hlskey.ErrSessionEnded) {
		t.Fatalf("unknown session: %v", err)
	}
}
