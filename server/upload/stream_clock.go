package upload

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/streamgate/streamgate/gen/streamgate/upload/v1/uploadv1connect"
)

// StreamTimeouts wraps the service's handler h so that UploadStream
// calls are bounded in time without a deadline on the whole stream: the
// header must arrive within StreamHeaderTimeout of the request, and each
// later message within StreamIdleTimeout of the stream asking for it. It
// sets read deadlines on the request itself (http.ResponseController), so
// a silent client's read ends over HTTP/1.1 and HTTP/2 alike; the handler
// then answers DeadlineExceeded and frees its slot. Other calls pass
// through untouched.
func (s *Service) StreamTimeouts(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != uploadv1connect.UploadServiceUploadStreamProcedure {
			h.ServeHTTP(w, r)
			return
		}
		c := &streamClock{rc: http.NewResponseController(w), idle: s.cfg.StreamIdleTimeout}
		if err := c.set(s.cfg.StreamHeaderTimeout); err != nil {
			s.deps.Log.Error("upload stream: no read deadline on this connection; streams are not bounded in time", "err", err)
			h.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clockKey{}, c)))
	})
}

type clockKey struct{}

// streamClock holds one UploadStream request's read deadline.
type streamClock struct {
	rc   *http.ResponseController
	idle time.Duration

	mu       sync.Mutex
	deadline time.Time
}

// clockOf is the stream's clock; nil (no bounds) when the handler was not
// wrapped by StreamTimeouts.
func clockOf(ctx context.Context) *streamClock {
	c, _ := ctx.Value(clockKey{}).(*streamClock)
	return c
}

func (c *streamClock) set(d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var at time.Time
	if d > 0 {
		at = time.Now().Add(d)
	}
	if err := c.rc.SetReadDeadline(at); err != nil {
		return err
	}
	c.deadline = at
	return nil
}

// next gives the client StreamIdleTimeout from now for its next message.
func (c *streamClock) next() {
	if c != nil {
		_ = c.set(c.idle)
	}
}

// stop lifts the deadline (the completion that follows the last byte
// reads nothing from the client).
func (c *streamClock) stop() {
	if c != nil {
		_ = c.set(0)
	}
}

// expired says whether a failed read was the deadline passing.
func (c *streamClock) expired() bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.deadline.IsZero() && !time.Now().Before(c.deadline)
}
