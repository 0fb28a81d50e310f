package playback

import (
	"context"
	"sync"
	"time"

	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
)

// A viewer who asks again for the same video soon after a grant (a page
// reloaded, a second player on the page, a client retrying) is given the
// token it was just given, not a newly signed one: signing a playback
// token is a third of what a warm Authorize costs (an Ed25519 signature
// and its JWT encoding), and everything that decides whether the caller
// may have a token still runs on every call, before the cache is read:
// the access token and its session, the video's visibility and state, a
// contract wallet's chain scope, and the gate. A reused token is the
// same bytes the caller already holds, bound to the same video, wallet,
// session and chain, so it grants nothing a fresh one would not; it only
// expires (and asks to be renewed) up to reuseWindow earlier than a fresh
// one would. Renew always signs afresh: its point is a later expiry.
// Tokens without a wallet (anonymous.go) are not reused, so no two
// viewers are ever handed the same token.

// maxReuseWindow bounds how old a reused token may be.
const maxReuseWindow = 30 * time.Second

// maxReused bounds the cache; past it, it starts over (which only costs
// signatures).
const maxReused = 20000

// reuseWindow is how old a token may be and still be handed out again:
// at most maxReuseWindow, and at most a tenth of the time between a
// token's issue and its renew time, so that a reused token is never
// close to its renew time.
func (c Config) reuseWindow() time.Duration {
	return min(maxReuseWindow, (c.TokenTTL-c.RenewBefore)/10)
}

// grantKey is everything a wallet's token says besides its times and id.
type grantKey struct {
	video   uuid.UUID
	session uuid.UUID
	chain   uint64
	address string
}

type issued struct {
	url, token string
	issued     time.Time
	expires    time.Time
	// recorded: Grants has this grant's expiry (revocation.go), so a
	// reuse need not write it again.
	recorded bool
}

// grantCache holds the last token issued per grantKey; its zero value is
// ready.
type grantCache struct {
	mu sync.Mutex
	m  map[grantKey]issued
}

// get returns the token issued for k less than window before now.
func (c *grantCache) get(k grantKey, now time.Time, window time.Duration) (issued, bool) {
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	return e, ok && now.Sub(e.issued) < window && now.Before(e.expires)
}

func (c *grantCache) put(k grantKey, e issued) {
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxReused {
		c.m = make(map[grantKey]issued)
	}
	if old, ok := c.m[k]; !ok || !old.issued.After(e.issued) {
		c.m[k] = e
	}
	c.mu.Unlock()
}

// markRecorded notes that Grants has the expiry of the token k names.
func (c *grantCache) markRecorded(k grantKey, token string) {
	c.mu.Lock()
	if e, ok := c.m[k]; ok && e.token == token {
		e.recorded = true
		c.m[k] = e
	}
	c.mu.Unlock()
}

// grantFor returns address's grant on v bound to b: a token issued within
// the reuse window for the same video, wallet and binding, or a fresh
// one. Grants has its expiry when it returns, unless recording failed
// (which is logged). The caller has already decided that address may
// have it.
func (s *Service) grantFor(ctx context.Context, v video, address string, b binding) (*playbackv1.Grant, error) {
	k := grantKey{video: v.id, session: b.session, chain: b.contractChain, address: address}
	now := s.deps.Now()
	if e, ok := s.grants.get(k, now, s.cfg.reuseWindow()); ok {
		if !e.recorded && s.recordGrant(ctx, v, address, e.expires) {
			s.grants.markRecorded(k, e.token)
		}
		return s.grantOf(e), nil
	}
	token, exp, err := s.issue(v.id, address, b)
	if err != nil {
		return nil, err
	}
	e := issued{url: s.playURL(token), token: token, issued: exp.Add(-s.cfg.TokenTTL), expires: exp}
	e.recorded = s.recordGrant(ctx, v, address, exp)
	s.grants.put(k, e)
	return s.grantOf(e), nil
}

// grantOf is the Grant message of an issued token.
func (s *Service) grantOf(e issued) *playbackv1.Grant {
	return &playbackv1.Grant{
		PlaybackUrl: e.url,
		Token:       e.token,
		ExpireTime:  timestamppb.New(e.expires),
		RenewTime:   timestamppb.New(e.expires.Add(-s.cfg.RenewBefore)),
	}
}

func (s *Service) playURL(token string) string {
	return s.deps.PublicURL + "/play/" + token + "/master.m3u8"
}
