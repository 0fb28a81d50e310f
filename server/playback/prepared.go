package playback

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// preparedCache holds the whole answer (body and headers) for the
// playlists and segments of ready videos, so the hot /play path copies
// a few prepared header slices and writes the body in one call: no S3
// key built, no header value formatted, no LRU list touched.
//
// Only objects of a ready video are prepared (the caller checks): a
// ready video's renditions never change under its prefix, while the
// playlist of a video still being encoded grows. Entries expire after
// ttl like the object cache's. The bodies are the object cache's own
// byte slices, so the two share memory while both hold an object; an
// object the object cache has evicted can stay here, so together they
// hold at most twice --playback-object-cache-bytes.
type preparedCache struct {
	max int64
	ttl time.Duration
	now func() time.Time

	mu   sync.RWMutex
	size int64
	m    map[preparedKey]*prepared
}

// preparedKey names an object by its video's HLS prefix and its path
// below it, so a lookup needs no concatenation.
type preparedKey struct{ prefix, path string }

// prepared is one object's answer, built once.
type prepared struct {
	body    []byte
	etag    string // quoted
	fields  []headerField
	expires time.Time
}

// headerField is a canonical header name and its value. Values are
// shared by every response, so they are never mutated: each slice has
// len == cap, so an Add downstream copies instead of writing into it.
type headerField struct {
	key string
	val []string
}

func newPreparedCache(maxBytes int64, ttl time.Duration, now func() time.Time) *preparedCache {
	return &preparedCache{max: maxBytes, ttl: ttl, now: now, m: map[preparedKey]*prepared{}}
}

func (c *preparedCache) enabled() bool { return c != nil && c.max > 0 }

func (c *preparedCache) get(prefix, path string) *prepared {
	if !c.enabled() {
		return nil
	}
	c.mu.RLock()
	p := c.m[preparedKey{prefix, path}]
	c.mu.RUnlock()
	if p == nil || !c.now().Before(p.expires) {
		return nil
	}
	return p
}

// put stores p, dropping arbitrary entries (Go's map order) to make
// room; an object above maxCachedObject or the whole budget is not kept.
func (c *preparedCache) put(prefix, path string, p *prepared) {
	n := int64(len(p.body))
	if !c.enabled() || n > c.max || n > maxCachedObject {
		return
	}
	p.expires = c.now().Add(c.ttl)
	k := preparedKey{prefix, path}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.m[k]; old != nil {
		c.size -= int64(len(old.body))
		delete(c.m, k)
	}
	for victim, old := range c.m {
		if c.size+n <= c.max {
			break
		}
		c.size -= int64(len(old.body))
		delete(c.m, victim)
	}
	c.m[k] = p
	c.size += n
}

// prepare builds the answer for an object's bytes: playlists are never
// stored by browsers (as before: their URL carries the token), segments
// are immutable and cacheable.
func (s *Service) prepare(res resource, ctype string, obj cachedObject) *prepared {
	p := &prepared{body: obj.data}
	if obj.etag != "" {
		p.etag = `"` + obj.etag + `"`
	}
	if res == resPlaylist {
		p.fields = objectFields(ctype, len(obj.data), obj.etag, "no-store", false)
	} else {
		p.fields = s.segmentFields(ctype, len(obj.data), obj.etag)
	}
	return p
}

// segmentFields are a segment's prepared headers, from memory or spool.
func (s *Service) segmentFields(ctype string, size int, etag string) []headerField {
	return objectFields(ctype, size, etag, s.segmentCacheControl(), true)
}

func objectFields(ctype string, size int, etag, cacheControl string, ranges bool) []headerField {
	var fields []headerField
	add := func(key, val string) {
		fields = append(fields, headerField{key, []string{val}})
	}
	add("Content-Type", ctype)
	add("Content-Length", strconv.Itoa(size))
	if etag != "" {
		add("Etag", `"`+etag+`"`)
	}
	if ranges {
		add("Accept-Ranges", "bytes")
	}
	add("Cache-Control", cacheControl)
	return fields
}

func (s *Service) segmentCacheControl() string {
	return "public, max-age=" + strconv.Itoa(int(s.cfg.SegmentMaxAge.Seconds())) + ", immutable"
}

// servePrepared answers a playlist or segment of a ready video from the
// spool (segments, when on) or the prepared cache, loading and preparing
// it on a miss. It returns false,
// having written nothing, when the request is for the other paths: a
// segment too large to hold, or one not worth loading whole (HEAD, a
// Range) that is not prepared yet.
func (s *Service) servePrepared(w http.ResponseWriter, r *http.Request, prefix, key string, res resource, ctype string, bytes prometheus.Counter) bool {
	if res == resSegment && s.spool.enabled() && s.serveSpooled(w, r, prefix, key, ctype, bytes) {
		return true
	}
	if !s.prepared.enabled() {
		return false
	}
	p := s.prepared.get(prefix, key)
	if p == nil {
		if res == resSegment && (r.Method != http.MethodGet || r.Header.Get("Range") != "") {
			return false
		}
		load, limit := s.load, int64(maxCachedObject)
		if res == resPlaylist {
			load, limit = s.loadFresh, maxPlaylist
		}
		obj, err := load(r.Context(), prefix+key, limit)
		switch {
		case errors.Is(err, errTooLarge) && res == resSegment:
			return false
		case errors.Is(err, errTooLarge):
			s.fail(w, r, "read playlist", err)
			return true
		case err != nil:
			s.objectError(w, r, err)
			return true
		}
		p = s.prepare(res, ctype, obj)
		s.prepared.put(prefix, key, p)
	}
	h := w.Header()
	if r.Method == http.MethodGet && r.Header.Get("Range") == "" && r.Header.Get("If-None-Match") == "" {
		for _, f := range p.fields {
			h[f.key] = f.val
		}
		n, _ := w.Write(p.body)
		bytes.Add(float64(n))
		return true
	}
	// HEAD, ranges and conditional requests: ServeContent answers them
	// from the same bytes and headers (it sets Content-Length itself).
	for _, f := range p.fields {
		if f.key != "Content-Length" {
			h[f.key] = f.val
		}
	}
	s.serveContent(w, r, p.body, bytes)
	return true
}
