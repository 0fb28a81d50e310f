// Package reqlog gives every HTTP request an id and a structured access
// log line, and puts a logger carrying that id in the request's context.
package reqlog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
)

// Header is the request id header, echoed on every response.
const Header = "X-Request-Id"

var validID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// scopeKey keys the request's scope: its logger and whether its access
// line is quiet, in one context value (one allocation and one link in
// the context chain per request, on the cached /play paths too).
type scopeKey struct{}

type scope struct {
	log   *slog.Logger
	quiet atomic.Bool
}

// Logger returns the request's logger, or fallback outside a request.
func Logger(ctx context.Context, fallback *slog.Logger) *slog.Logger {
	if s, ok := ctx.Value(scopeKey{}).(*scope); ok {
		return s.log
	}
	return fallback
}

// Middleware assigns the request id (keeping a sane one the client sent),
// logs one line per request, and hands a request-scoped logger down.
func Middleware(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(Header)
		if !validID.MatchString(id) {
			id = newID()
		}
		w.Header().Set(Header, id)
		l := log.With("request_id", id)
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		sc := &scope{log: l}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), scopeKey{}, sc)))
		level := slog.LevelInfo
		if sc.quiet.Load() {
			level = slog.LevelDebug
		}
		l.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method), slog.String("path", Redact(r.URL.Path)),
			slog.String("proto", r.Proto), slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes), slog.Duration("took", time.Since(start)))
	})
}

// Quiet marks the request as routine: its access log line drops to
// Debug. A worker's long poll that found no job is one every
// --claim-wait per worker, which would drown the log at Info.
// Outside a request it does nothing.
func Quiet(ctx context.Context) {
	if s, ok := ctx.Value(scopeKey{}).(*scope); ok {
		s.quiet.Store(true)
	}
}

// Redact hides the bearer credential in a path: a playback URL carries
// its token as the segment after /play/, and logs must not hand working
// tokens to whoever reads them.
func Redact(path string) string {
	rest, ok := strings.CutPrefix(path, "/play/")
	if !ok {
		return path
	}
	_, tail, _ := strings.Cut(rest, "/")
	return "/play/REDACTED/" + tail
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// recorder keeps the status and size; it forwards Flush so streaming
// RPCs and HLS keep working through it.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
