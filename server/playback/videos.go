package playback

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/acl"
)

// video is what playback knows of a catalog entry.
type video struct {
	id     uuid.UUID
	access acl.Video
	// ready is final: the ladder at hlsPrefix no longer changes.
	ready bool
	// playable is ready, or processing with a ladder published early
	// whose playlists still grow.
	playable  bool
	status    string
	hlsPrefix string
	title     string
	// download is the MP4 below hlsPrefix, "" when none is offered: the
	// owner turned downloads off, or the published attempt made none.
	download string
}

// errNoVideo is a video that does not exist (any more).
var errNoVideo = errors.New("video not found")

// videoCache spares the database one read per playlist and segment: a
// player fetches one every few seconds per viewer, and a ready video's
// prefix does not change. Entries live ttl; a deleted video stops playing
// within it.
type videoCache struct {
	src Videos
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	entries map[uuid.UUID]cached
}

type cached struct {
	v       video
	expires time.Time
}

// staleRead bounds the read that refreshes an expired entry getStale may
// fall back on.
const staleRead = time.Second

// maxCached bounds the cache; past it, the cache starts over.
const maxCached = 10000

func newVideoCache(src Videos, ttl time.Duration, now func() time.Time) *videoCache {
	return &videoCache{src: src, ttl: ttl, now: now, entries: map[uuid.UUID]cached{}}
}

// get reads a video, maybe from the cache. Only ready videos are cached,
// so a video becoming ready is seen at once, and an early ladder taken
// back (a failed encode) stops playing at once.
func (c *videoCache) get(ctx context.Context, id uuid.UUID) (video, error) {
	return c.getStale(ctx, id, 0)
}

// getStale is get that, when the database cannot be reached, also takes
// an entry expired less than stale ago: /play keeps serving a token
// already issued through a database outage, as it would have for the
// token's life had the database answered.
func (c *videoCache) getStale(ctx context.Context, id uuid.UUID, stale time.Duration) (video, error) {
	var e cached
	var ok bool
	if c.ttl > 0 {
		c.mu.Lock()
		e, ok = c.entries[id]
		c.mu.Unlock()
		if ok && c.now().Before(e.expires) {
			return e.v, nil
		}
	}
	rctx := ctx
	if ok && stale > 0 {
		// With an entry to fall back on, a silent database costs a
		// player at most staleRead, not the request's whole deadline.
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeout(ctx, staleRead)
		defer cancel()
	}
	row, err := c.src.GetPlaybackVideo(rctx, id)
	if err != nil {
		if errors.Is(err, db.ErrNotFound) {
			return video{}, errNoVideo
		}
		if ok && errors.Is(err, db.ErrUnavailable) && c.now().Before(e.expires.Add(stale)) {
			return e.v, nil
		}
		return video{}, fmt.Errorf("read video %s: %w", id, err)
	}
	v := fromRow(row)
	if c.ttl > 0 && v.ready {
		c.mu.Lock()
		if len(c.entries) >= maxCached {
			c.entries = map[uuid.UUID]cached{}
		}
		c.entries[id] = cached{v: v, expires: c.now().Add(c.ttl)}
		c.mu.Unlock()
	}
	return v, nil
}

func fromRow(r dbq.GetPlaybackVideoRow) video {
	return video{
		id:     r.ID,
		access: acl.Of(r.ID, r.OwnerAddress, r.Visibility),
		ready:  r.Status == dbq.VideoStatusReady && r.HlsPrefix != "",
		playable: r.HlsPrefix != "" && (r.Status == dbq.VideoStatusReady ||
			r.Status == dbq.VideoStatusProcessing && r.Playable),
		status:    string(r.Status),
		hlsPrefix: r.HlsPrefix,
		title:     r.Title,
		download:  map[bool]string{true: r.DownloadObject}[r.Downloadable],
	}
}

// visibleTo reports whether address may know of v at all (server/acl).
func (v video) visibleTo(address string) bool {
	return acl.See(v.access, address) == nil
}

// ownedBy reports whether address owns v (server/acl).
func (v video) ownedBy(address string) bool {
	return acl.Owns(v.access.Owner, address)
}
