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
		// so the deadline's timer is made only if one does.
		ctx, release := withLazyDeadline(r.Context(), time.Now().Add(cfg.Play))
		defer release()
		next.ServeHTTP(&retryWriter{ResponseWriter: w, after: after}, r.WithContext(ctx))
	})
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
