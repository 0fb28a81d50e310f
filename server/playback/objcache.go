package playback

import (
	"container/list"
	"sync"
	"time"
)

// objectCache keeps recently served HLS objects in memory, bounded in
// bytes, least recently used out first. Published renditions never change
// under their prefix, and every request still checks the token and the
// video row first, so a cached object is never served to anyone the
// uncached path would refuse. Entries also expire after ttl, to bound
// what a re-publish under the same prefix could leave stale.
type objectCache struct {
	max, maxEntry int64
	ttl           time.Duration
	now           func() time.Time

	mu    sync.Mutex
	size  int64
	order *list.List // of *cacheEntry, most recent first
	byKey map[string]*list.Element
}

type cacheEntry struct {
	key     string
	obj     cachedObject
	expires time.Time
}

// cachedObject is an object's bytes and ETag.
type cachedObject struct {
	data []byte
	etag string
}

func newObjectCache(maxBytes, maxEntry int64, ttl time.Duration, now func() time.Time) *objectCache {
	return &objectCache{max: maxBytes, maxEntry: maxEntry, ttl: ttl, now: now,
		order: list.New(), byKey: map[string]*list.Element{}}
}

// enabled reports whether anything is cached at all.
func (c *objectCache) enabled() bool { return c != nil && c.max > 0 }

// fits reports whether an object of size bytes may be cached at all.
func (c *objectCache) fits(size int64) bool {
	return c != nil && c.max > 0 && size <= c.maxEntry && size <= c.max
}

func (c *objectCache) get(key string) (cachedObject, bool) {
	if c == nil || c.max == 0 {
		return cachedObject{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return cachedObject{}, false
	}
	e := el.Value.(*cacheEntry)
	if !c.now().Before(e.expires) {
		c.remove(el)
		return cachedObject{}, false
	}
	c.order.MoveToFront(el)
	return e.obj, true
}

func (c *objectCache) put(key string, obj cachedObject) {
	n := int64(len(obj.data))
	if !c.fits(n) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.remove(el)
	}
	for c.size+n > c.max {
		c.remove(c.order.Back())
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key: key, obj: obj, expires: c.now().Add(c.ttl)})
	c.size += n
}

func (c *objectCache) remove(el *list.Element) {
	e := c.order.Remove(el).(*cacheEntry)
	delete(c.byKey, e.key)
	c.size -= int64(len(e.obj.data))
}
