package playback

import (
	"testing"
	"time"
)

func TestObjectCacheEvictsLeastRecentlyUsed(t *testing.T) {
	t.Parallel()
	now := time.Unix(1000, 0)
	c := newObjectCache(10, 6, time.Minute, func() time.Time { return now })
	put := func(k string, n int) { c.put(k, cachedObject{data: make([]byte, n)}) }
	has := func(k string) bool { _, ok := c.get(k); return ok }
	put("a", 4)
	put("b", 4)
	if !has("a") { // a is now the most recent
		t.Fatal("a missing")
	}
	put("c", 4) // evicts b, the least recently used
	if has("b") || !has("a") || !has("c") {
		t.Fatalf("after eviction: a %v b %v c %v", has("a"), has("b"), has("c"))
	}
	put("big", 7) // above the per-entry limit: not cached, nothing evicted
	if has("big") || !has("a") || !has("c") {
		t.Fatal("an oversized object changed the cache")
	}
	put("a", 2) // replacing keeps the byte count right
	if c.size != 6 {
		t.Fatalf("size %d, want 6", c.size)
	}
	now = now.Add(time.Minute)
	if has("a") || has("c") {
		t.Fatal("expired entries served")
	}
	if c.size != 2 && c.size != 0 {
		t.Fatalf("size %d after expiry", c.size)
	}
	var off *objectCache
	if off.enabled() || newObjectCache(0, 6, time.Minute, time.Now).enabled() {
		t.Fatal("a disabled cache reports enabled")
	}
}
