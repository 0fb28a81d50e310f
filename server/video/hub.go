package video

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/server/acl"
)

// channel is the NOTIFY channel the videos trigger (migration 0005)
// signals on every update or delete, whoever made it.
const channel = "video_changed"

// readTimeout bounds one shared read of a watched video, so a database
// that hangs ends the watches with an error instead of holding them.
const readTimeout = 10 * time.Second

// hub fans the process's listener (db.Listener) out to in-process
// watchers. Every watched video has one feed: a goroutine that reads the
// video once after each change and publishes the result to all of its
// watchers, so a change costs the same few queries whether one stream
// watches it or a thousand. Each watcher applies its own caller's
// visibility to the shared read. The hub also counts streams per client
// address and per video, against the configured caps.
type hub struct {
	read func(ctx context.Context, id uuid.UUID) *snapshot
	max  Config

	mu    sync.Mutex
	feeds map[uuid.UUID]*feed
	perIP map[string]int
}

// feed is one watched video: its watchers, and the latest read of it.
type feed struct {
	id       uuid.UUID
	watchers int
	wake     chan struct{} // buffered 1: a change happened, read again
	cur      *snapshot     // guarded by hub.mu
	stop     context.CancelFunc
}

// snapshot is one read of a video, shared by all its watchers. next is
// closed when a newer snapshot replaces it, so a watcher that fell behind
// skips straight to the latest (wakes coalesce, as notifications do).
type snapshot struct {
	pending bool // no read finished yet
	video   *videov1.Video
	rule    acl.Video
	err     error // db.ErrNotFound (wrapped) once the video is gone
	next    chan struct{}
}

func newHub(max Config, read func(ctx context.Context, id uuid.UUID) *snapshot) *hub {
	return &hub{read: read, max: max, feeds: map[uuid.UUID]*feed{}, perIP: map[string]int{}}
}

// watch is one stream's membership of a feed.
type watch struct {
	h    *hub
	f    *feed
	ip   string
	seen *snapshot
	once sync.Once
}

// join counts a stream from ip on video id, or refuses it when either
// cap is reached; leave must follow.
func (h *hub) join(id uuid.UUID, ip string) (*watch, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.perIP[ip] >= h.max.WatchMaxPerIP {
		return nil, fmt.Errorf("%w: %d are open from your address, the most this server allows; close one or retry later", ErrTooManyWatches, h.perIP[ip])
	}
	f := h.feeds[id]
	if f != nil && f.watchers >= h.max.WatchMaxPerVideo {
		return nil, fmt.Errorf("%w: video %s has %d watchers on this server, the most it allows; retry later", ErrTooManyWatches, id, f.watchers)
	}
	if f == nil {
		f = h.start(id)
	}
	f.watchers++
	h.perIP[ip]++
	w := &watch{h: h, f: f, ip: ip}
	// A newcomer starts from the latest good read: any change after it
	// wakes the feed, which publishes again. A failed read is not
	// reused: the feed reads again for the newcomer.
	if f.cur.err != nil && !errors.Is(f.cur.err, db.ErrNotFound) {
		w.seen = f.cur
		poke(f.wake)
	}
	return w, nil
}

// start runs a new feed for id; h.mu is held.
func (h *hub) start(id uuid.UUID) *feed {
	ctx, stop := context.WithCancel(context.Background())
	f := &feed{id: id, wake: make(chan struct{}, 1), stop: stop,
		cur: &snapshot{pending: true, next: make(chan struct{})}}
	h.feeds[id] = f
	go h.run(ctx, f)
	return f
}

// run reads the video now and after every wake until its last watcher
// leaves.
func (h *hub) run(ctx context.Context, f *feed) {
	for {
		rctx, cancel := context.WithTimeout(ctx, readTimeout)
		s := h.read(rctx, f.id)
		cancel()
		if ctx.Err() != nil {
			return
		}
		s.next = make(chan struct{})
		h.mu.Lock()
		old := f.cur
		f.cur = s
		h.mu.Unlock()
		close(old.next)
		select {
		case <-ctx.Done():
			return
		case <-f.wake:
		}
	}
}

// next waits for a read newer than the last one this watcher took.
func (w *watch) next(ctx context.Context) (*snapshot, bool) {
	w.h.mu.Lock()
	cur := w.f.cur
	w.h.mu.Unlock()
	for cur == w.seen || cur.pending {
		select {
		case <-ctx.Done():
			return nil, false
		case <-cur.next:
		}
		w.h.mu.Lock()
		cur = w.f.cur
		w.h.mu.Unlock()
	}
	w.seen = cur
	return cur, true
}

// leave ends the watch; the feed stops with its last watcher.
func (w *watch) leave() {
	w.once.Do(func() {
		h := w.h
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.perIP[w.ip]--; h.perIP[w.ip] <= 0 {
			delete(h.perIP, w.ip)
		}
		if w.f.watchers--; w.f.watchers == 0 {
			w.f.stop()
			delete(h.feeds, w.f.id)
		}
	})
}

// Notify wakes the feed of the video the payload names.
func (h *hub) Notify(payload string) {
	id, err := uuid.Parse(payload)
	if err != nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if f := h.feeds[id]; f != nil {
		poke(f.wake)
	}
}

// Resync follows a (re)connect: changes made while nobody listened were
// not delivered, so every feed reads again.
func (h *hub) Resync() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, f := range h.feeds {
		poke(f.wake)
	}
}

func poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
