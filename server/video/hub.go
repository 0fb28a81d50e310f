package video

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// channel is the NOTIFY channel the videos trigger (migration 0005)
// signals on every update or delete, whoever made it.
const channel = "video_changed"

// hub fans one LISTEN connection per process out to in-process watchers.
// A wake carries no data: a watcher re-reads the row and sends it when it
// differs from what it last sent, so coalesced or spurious wakes are fine.
type hub struct {
	mu   sync.Mutex
	subs map[uuid.UUID]map[chan struct{}]struct{}
}

func newHub() *hub { return &hub{subs: map[uuid.UUID]map[chan struct{}]struct{}{}} }

// subscribe returns a channel woken after every change to video id.
func (h *hub) subscribe(id uuid.UUID) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	if h.subs[id] == nil {
		h.subs[id] = map[chan struct{}]struct{}{}
	}
	h.subs[id][ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[id], ch)
		if len(h.subs[id]) == 0 {
			delete(h.subs, id)
		}
		h.mu.Unlock()
	}
}

func (h *hub) wake(id uuid.UUID) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[id] {
		poke(ch)
	}
}

// wakeAll follows a (re)connect: changes made while nobody listened were
// not delivered, so every watcher re-reads.
func (h *hub) wakeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, chans := range h.subs {
		for ch := range chans {
			poke(ch)
		}
	}
}

func poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// listen holds a dedicated connection (not a pooled one: LISTEN state must
// not leak into other queries) and reconnects until ctx ends.
func (h *hub) listen(ctx context.Context, pool *pgxpool.Pool, retry time.Duration, log *slog.Logger) {
	for ctx.Err() == nil {
		err := h.listenOnce(ctx, pool)
		if ctx.Err() != nil {
			return
		}
		log.Warn("video change listener lost its connection; reconnecting", "err", err, "in", retry)
		select {
		case <-ctx.Done():
		case <-time.After(retry):
		}
	}
}

func (h *hub) listenOnce(ctx context.Context, pool *pgxpool.Pool) error {
	conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		return err
	}
	h.wakeAll()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if id, err := uuid.Parse(n.Payload); err == nil {
			h.wake(id)
		}
	}
}
