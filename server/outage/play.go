package outage

import (
	"net/http"
	"strings"
	"time"
)

// Play puts Config.Play's deadline on every /play request (a playlist,
// a key, a segment's bytes), and a Retry-After on its 503s. Everything
// else passes through untouched: Connect's routes have the interceptor.
func Play(cfg Config, next http.Handler) http.Handler {
	after := retryAfter(cfg.RetryAfter)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/play/") {
			next.ServeHTTP(w, r)
			return
		}
		// A playlist or segment from memory never waits on its context,
		// so the deadline's timer is made only if one does. The context
		// and the writer are one allocation.
		p := &playRequest{w: retryWriter{ResponseWriter: w, after: after}}
		p.ctx.parent, p.ctx.deadline = r.Context(), time.Now().Add(cfg.Play)
		defer p.ctx.release()
		next.ServeHTTP(&p.w, r.WithContext(&p.ctx))
	})
}

// playRequest is what Play keeps per request.
type playRequest struct {
	ctx lazyDeadline
	w   retryWriter
}

// retryWriter adds Retry-After to a 503.
type retryWriter struct {
	http.ResponseWriter
	after string
}

func (w *retryWriter) WriteHeader(code int) {
	if code == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", w.after)
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *retryWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
