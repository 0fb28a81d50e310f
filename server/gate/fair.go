package gate

import (
	"context"
	"slices"
	"sync"
)

// slots shares the process's chain-call slots between videos: while
// calls wait, a freed slot goes to the next video in turn, not to the
// next call in line, so that one video's flood of checks delays another
// video's check by about one call, not by the flood.
type slots struct {
	mu   sync.Mutex
	free int
	// queue holds each waiting video's callers in arrival order; turn
	// lists the videos with callers waiting, the next to serve first.
	queue map[string][]chan struct{}
	turn  []string
}

func newSlots(n int) *slots {
	return &slots{free: n, queue: map[string][]chan struct{}{}}
}

// acquire takes a slot for a call on key's behalf, waiting its turn.
func (s *slots) acquire(ctx context.Context, key string) error {
	s.mu.Lock()
	if s.free > 0 && len(s.turn) == 0 {
		s.free--
		s.mu.Unlock()
		return nil
	}
	w := make(chan struct{}, 1)
	if len(s.queue[key]) == 0 {
		s.turn = append(s.turn, key)
	}
	s.queue[key] = append(s.queue[key], w)
	s.mu.Unlock()
	select {
	case <-w:
		return nil
	case <-ctx.Done():
	}
	s.mu.Lock()
	q := s.queue[key]
	if i := slices.Index(q, w); i >= 0 {
		s.queue[key] = slices.Delete(q, i, i+1)
		if len(s.queue[key]) == 0 {
			delete(s.queue, key)
			s.turn = slices.DeleteFunc(s.turn, func(k string) bool { return k == key })
		}
		s.mu.Unlock()
		return ctx.Err()
	}
	s.mu.Unlock()
	// Granted as the context ended: pass the slot on.
	s.release()
	return ctx.Err()
}

// release frees a slot: to the first caller of the video whose turn it
// is, which then goes to the back of the turn, or back to the pool.
func (s *slots) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.turn) == 0 {
		s.free++
		return
	}
	key := s.turn[0]
	q := s.queue[key]
	w := q[0]
	s.turn = s.turn[1:]
	if len(q) == 1 {
		delete(s.queue, key)
	} else {
		s.queue[key] = q[1:]
		s.turn = append(s.turn, key)
	}
	w <- struct{}{}
}
