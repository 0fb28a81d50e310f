package video

import (
	"sync"

	"github.com/google/uuid"
)

// channel is the NOTIFY channel the videos trigger (migration 0005)
// signals on every update or delete, whoever made it.
const channel = "video_changed"

// hub fans the process's listener (db.Listener) out to in-process
// watchers, by video. A wake carries no data: a watcher re-reads the row and sends it when it
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

// Notify wakes the watchers of the video the payload names.
func (h *hub) Notify(payload string) {
	if id, err := uuid.Parse(payload); err == nil {
		h.wake(id)
	}
}

func (h *hub) wake(id uuid.UUID) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[id] {
		poke(ch)
	}
}

// Resync follows a (re)connect: changes made while nobody listened were
// not delivered, so every watcher re-reads.
func (h *hub) Resync() {
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
