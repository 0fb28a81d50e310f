package auth

import (
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/server/authn"
)

// maxLiveTokens bounds the cache; past it the cache starts over, which
// only costs signature checks and database lookups.
const maxLiveTokens = 100_000

// liveCache remembers, for a short time, access tokens that verified and
// whose session the database said was live, so that every authenticated
// call costs neither a signature check nor a round trip. The replica that
// revokes a session forgets its tokens at once; other replicas stop
// honouring them within the TTL. An entry never outlives its token.
type liveCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]liveEntry
	// epoch moves on every forget, so that a verification that read the
	// session as live before a revocation cannot cache it after.
	epoch uint64
}

type liveEntry struct {
	caller authn.Caller
	exp    time.Time
}

func newLiveCache(ttl time.Duration) *liveCache {
	if ttl <= 0 {
		return nil
	}
	return &liveCache{ttl: ttl, m: map[string]liveEntry{}}
}

func (c *liveCache) get(token string) (authn.Caller, bool) {
	if c == nil {
		return authn.Caller{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[token]
	if !ok || !time.Now().Before(e.exp) {
		return authn.Caller{}, false
	}
	return e.caller, true
}

// now returns the epoch to pass to put, read before the session lookup.
func (c *liveCache) now() uint64 {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epoch
}

// put caches a verified token, unless a session was forgotten since the
// lookup began (epoch): that lookup's answer may be stale.
func (c *liveCache) put(token string, caller authn.Caller, tokenExp time.Time, epoch uint64) {
	if c == nil {
		return
	}
	exp := time.Now().Add(c.ttl)
	if tokenExp.Before(exp) {
		exp = tokenExp
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch != epoch {
		return
	}
	if len(c.m) >= maxLiveTokens {
		clear(c.m)
	}
	c.m[token] = liveEntry{caller: caller, exp: exp}
}

// forget drops every token of a revoked session.
func (c *liveCache) forget(session uuid.UUID) {
	if c == nil {
		return
	}
	sid := session.String()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	for tok, e := range c.m {
		if e.caller.SessionID == sid {
			delete(c.m, tok)
		}
	}
}
