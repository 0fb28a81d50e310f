package gate

import (
	"context"
	"testing"

	"github.com/redis/rueidis"

	"github.com/streamgate/streamgate/internal/testenv"
)

// TestRuleCacheRace: a reader that read the rule before a change must not
// cache it after the writer dropped the cached copy.
func TestRuleCacheRace(t *testing.T) {
	t.Parallel()
	rdb, prefix := testenv.Redis(t)
	ctx := context.Background()
	key, ver := prefix+"video", prefix+"ver"
	// The reader notes the version (none yet), then reads the old rule...
	seen, _ := rdb.Do(ctx, rdb.B().Get().Key(ver).Build()).ToString()
	// ...while the writer stores a new rule and bumps the version.
	if err := rdb.Do(ctx, rdb.B().Incr().Key(ver).Build()).Error(); err != nil {
		t.Fatal(err)
	}
	setIfUnchanged.Exec(ctx, rdb, []string{key, ver}, []string{"old rule", seen, "60000"})
	if err := rdb.Do(ctx, rdb.B().Get().Key(key).Build()).Error(); !rueidis.IsRedisNil(err) {
		t.Fatalf("the stale rule was cached (err %v)", err)
	}
	// A reader that saw the current version caches as usual.
	seen, _ = rdb.Do(ctx, rdb.B().Get().Key(ver).Build()).ToString()
	if err := setIfUnchanged.Exec(ctx, rdb, []string{key, ver}, []string{"new rule", seen, "60000"}).Error(); err != nil {
		t.Fatal(err)
	}
	if v, err := rdb.Do(ctx, rdb.B().Get().Key(key).Build()).ToString(); err != nil || v != "new rule" {
		t.Fatalf("current rule not cached: %q %v", v, err)
	}
}
