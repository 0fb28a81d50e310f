package transcode

import (
	"sync"

	"github.com/streamgate/streamgate/db"
)

// channel is the NOTIFY channel of the trigger in migration 0007, which
// signals every job that becomes claimable.
const channel = "transcode_jobs"

// Listener delivers PostgreSQL notifications; *db.Listener is one.
type Listener interface {
	Subscribe(channel string, sub db.Subscriber)
}

// WakeOn wakes waiting claims on every job l reports enqueued, and after
// l reconnects (jobs may have been enqueued meanwhile). Without it claims
// still find work, by polling.
func (s *Service) WakeOn(l Listener) { l.Subscribe(channel, s.wake) }

// signal wakes every waiter at once: waiters take the current channel,
// and fire closes it and makes a new one.
type signal struct {
	mu sync.Mutex
	ch chan struct{}
}

func newSignal() *signal { return &signal{ch: make(chan struct{})} }

func (s *signal) wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ch
}

func (s *signal) fire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.ch)
	s.ch = make(chan struct{})
}

// Notify fires on a notification, whatever its payload.
func (s *signal) Notify(string) { s.fire() }

// Resync fires after a reconnection.
func (s *signal) Resync() { s.fire() }
