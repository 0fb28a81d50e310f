package transcode

import (
	"context"
	"sync"
	"time"
)

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

// listen holds one connection in LISTEN transcode_jobs (the trigger in
// migration 0007 notifies on every job that becomes claimable) and wakes
// waiting claims. When the connection fails it reconnects; meanwhile
// claims still find work by polling.
func (s *Service) listen(ctx context.Context) {
	delay := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := s.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		s.log.Warn("transcode: LISTEN connection lost; claims fall back to polling", "err", err, "retry_in", delay)
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		delay = min(delay*2, 10*time.Second)
	}
}

func (s *Service) listenOnce(ctx context.Context) error {
	pooled, err := s.store.Pool().Acquire(ctx)
	if err != nil {
		return err
	}
	// A connection that was in LISTEN must not go back to the pool.
	conn := pooled.Hijack()
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN transcode_jobs"); err != nil {
		return err
	}
	// Jobs may have been enqueued while no one listened.
	s.wake.fire()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		s.wake.fire()
	}
}
