// Package reqlog gives every HTTP request an id and a structured access
// log line, and puts a logger carrying that id in the request's context.
package reqlog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// Header is the request id header, echoed on every response.
const Header = "X-Request-Id"

// scopeKey keys the request's scope: its logger and whether its access
// line is quiet.
type scopeKey struct{}

// state is everything the middleware keeps per request, in one
// allocation: the response recorder, the scope the handler reaches
// through Logger and Quiet, and the context node that carries it (the
// request's context with the scope as its value).
type state struct {
	context.Context // the request's own
	rec             recorder
	scope           scope
}

// Value answers the scope's key and leaves every other to the parent.
func (s *state) Value(key any) any {
	if key == (scopeKey{}) {
		return &s.scope
	}
	return s.Context.Value(key)
}

// scope is a request's logger and whether its access line is quiet. The
// logger carrying the request id is made when a handler first asks for
// it: most requests (the cached /play paths above all) log nothing but
// their access line, which carries the id itself.
type scope struct {
	base  *slog.Logger
	id    string
	log   atomic.Pointer[slog.Logger]
	quiet atomic.Bool
}

func (s *scope) logger() *slog.Logger {
	if l := s.log.Load(); l != nil {
		return l
	}
	l := s.base.With("request_id", s.id)
	if !s.log.CompareAndSwap(nil, l) {
		return s.log.Load()
	}
	return l
}

// Logger returns the request's logger, or fallback outside a request.
func Logger(ctx context.Context, fallback *slog.Logger) *slog.Logger {
	if s, ok := ctx.Value(scopeKey{}).(*scope); ok {
		return s.logger()
	}
	return fallback
}

// Middleware assigns the request id (keeping a sane one the client sent),
// logs one line per request, and hands a request-scoped logger down.
func Middleware(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(Header)
		if !validID(id) {
			id = newID()
		}
		w.Header()[Header] = []string{id} // Header is canonical
		ctx := r.Context()
		st := &state{Context: ctx, rec: recorder{ResponseWriter: w, status: http.StatusOK}, scope: scope{base: log, id: id}}
		start := time.Now()
		next.ServeHTTP(&st.rec, r.WithContext(st))
		level := slog.LevelInfo
		if st.scope.quiet.Load() {
			level = slog.LevelDebug
		}
		if !log.Enabled(ctx, level) {
			return // nothing would be written: skip redacting and formatting
		}
		// The id first, where log.With("request_id", id) would put it.
		log.LogAttrs(ctx, level, "request", slog.String("request_id", id),
			slog.String("method", r.Method), slog.String("path", Redact(r.URL.Path)),
			slog.String("proto", r.Proto), slog.Int("status", st.rec.status),
			slog.Int64("bytes", st.rec.bytes), slog.Duration("took", time.Since(start)))
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

// validID reports whether a client's request id is 1 to 64 of
// [A-Za-z0-9._-], which is kept; any other is replaced.
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
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

// newID is 8 random bytes in hex, encoded on the stack: the string is
// the one allocation.
func newID() string {
	var b [8]byte
	var x [16]byte
	_, _ = rand.Read(b[:])
	hex.Encode(x[:], b[:])
	return string(x[:])
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

// ReadFrom counts a body handed down whole (a spooled segment sent with
// sendfile by the writer under this one) as Write counts a copied one.
func (r *recorder) ReadFrom(src io.Reader) (int64, error) {
	n, err := CopyFrom(r.ResponseWriter, src)
	r.bytes += n
	return n, err
}

// CopyFrom copies src into w's body through the first io.ReaderFrom on
// w's Unwrap chain (net/http's HTTP/1.1 response passes an *os.File on
// to sendfile), or through w's Write when there is none.
func CopyFrom(w http.ResponseWriter, src io.Reader) (int64, error) {
	under := w
	for range 32 { // a bound, should a wrapper unwrap to itself
		if rf, ok := under.(io.ReaderFrom); ok {
			return rf.ReadFrom(src)
		}
		u, ok := under.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			break
		}
		under = u.Unwrap()
	}
	// None: through w's own Write, so every wrapper sees the bytes.
	return io.Copy(writerOnly{w}, src)
}

// writerOnly hides a writer's ReadFrom, so io.Copy cannot loop back.
type writerOnly struct{ io.Writer }
