package playback

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/server/hlskey"
)

// Objects is the part of the S3 client /play reads with; minio.Core
// satisfies it (its GetObject returns the response headers, which carry
// Content-Range).
type Objects interface {
	GetObject(ctx context.Context, bucket, object string, opts minio.GetObjectOptions) (io.ReadCloser, minio.ObjectInfo, http.Header, error)
	StatObject(ctx context.Context, bucket, object string, opts minio.StatObjectOptions) (minio.ObjectInfo, error)
	PresignedGetObject(ctx context.Context, bucket, object string, expires time.Duration, params url.Values) (*url.URL, error)
}

// maxPlaylist caps a playlist read into memory.
const maxPlaylist = 4 << 20

// Mount adds GET (and so HEAD) /play/{token}/{path...} to mux.
func (s *Service) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /play/{token}/{path...}", s.play)
	mux.HandleFunc("GET /poster/{file}", s.servePoster)
}

// Route serves the /play requests the mux would route to /play's
// pattern unchanged (see plainPlay) without the mux, which matches a
// pattern with wildcards by unescaping every segment of the path, the
// ~300-byte token among them, and hands every other request to next:
// the mux Mount added /play to, which answers the rest (its redirects to
// a clean path, 404s, 405s) as before.
func (s *Service) Route(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token, file, ok := plainPlay(r); ok {
			s.serve(w, r, token, file)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// play is the mux's handler of /play/{token}/{path...}.
func (s *Service) play(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, r.PathValue("token"), r.PathValue("path"))
}

// serve serves one HLS resource for a valid token. Every refusal of the
// token is the same bare 403, so a client learns nothing of the video.
func (s *Service) serve(w http.ResponseWriter, r *http.Request, token, file string) {
	res, key, ctype := parsePath(file)
	extra := extraRoute(file)
	sw := s.writer(w)
	defer s.done(sw, res)
	corsHeaders(sw.Header())
	t, err := s.verifyCached(token)
	if err != nil {
		plainError(sw, http.StatusForbidden)
		return
	}
	if res == resNone && extra == nil {
		plainError(sw, http.StatusNotFound)
		return
	}
	v, err := s.videos.getStale(r.Context(), t.videoID, s.cfg.TokenTTL)
	if errors.Is(err, errNoVideo) || err == nil && (!v.playable || !v.visibleTo(t.address)) {
		plainError(sw, http.StatusNotFound)
		return
	}
	if err != nil {
		s.fail(sw, r, "read video", err)
		return
	}
	bytes := s.counters.served(res)
	if extra != nil {
		extra(s, sw, r, v, bytes)
		return
	}
	switch res {
	case resKey:
		s.serveKey(sw, r, v, t, bytes)
	case resPlaylist:
		if v.ready && s.servePrepared(sw, r, v.hlsPrefix, key, res, ctype, bytes) {
			return
		}
		s.servePlaylist(sw, r, v.hlsPrefix+key, ctype, v.ready, bytes)
	case resSegment:
		defer corked(r)()
		if v.ready && !s.cfg.SegmentRedirect && s.servePrepared(sw, r, v.hlsPrefix, key, res, ctype, bytes) {
			return
		}
		s.serveSegment(sw, r, v.hlsPrefix+key, ctype, bytes)
	case resDownload:
		s.serveDownload(sw, r, v, bytes)
	}
}

// serveKey serves the video's HLS key, to a session-bound token only
// while its session is live: revocation ends key fetches at once.
func (s *Service) serveKey(w http.ResponseWriter, r *http.Request, v video, t ticket, bytes prometheus.Counter) {
	if !s.keyAllowed(w, r, v, t) {
		return
	}
	key, err := s.contentKey(r.Context(), v, t)
	if errors.Is(err, hlskey.ErrNoKey) {
		plainError(w, http.StatusNotFound)
		return
	}
	if errors.Is(err, hlskey.ErrSessionEnded) {
		plainError(w, http.StatusForbidden)
		return
	}
	if err != nil {
		s.fail(w, r, "read HLS key", err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(key)))
	if r.Method == http.MethodHead {
		return
	}
	n, _ := w.Write(key)
	bytes.Add(float64(n))
}

// servePlaylist serves a playlist; one of a video still encoding (not
// final) grows, so every cache must ask again each time.
func (s *Service) servePlaylist(w http.ResponseWriter, r *http.Request, object, ctype string, final bool, bytes prometheus.Counter) {
	obj, err := s.loadKeep(r.Context(), object, maxPlaylist, final)
	if errors.Is(err, errTooLarge) {
		s.fail(w, r, "read playlist", err)
		return
	}
	if err != nil {
		s.objectError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-store")
	if !final {
		h.Set("Cache-Control", "no-cache, max-age=0")
	}
	h.Set("Content-Length", strconv.Itoa(len(obj.data)))
	if r.Method == http.MethodHead {
		return
	}
	n, _ := w.Write(obj.data)
	bytes.Add(float64(n))
}

// fail logs err and answers a bare 500 (or 503 when the client went away,
// or a dependency timed out, is unreachable or answered 5xx).
func (s *Service) fail(w http.ResponseWriter, r *http.Request, what string, err error) {
	code := http.StatusInternalServerError
	var netErr net.Error
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, db.ErrUnavailable) || errors.As(err, &netErr) ||
		minio.ToErrorResponse(err).StatusCode >= http.StatusInternalServerError {
		code = http.StatusServiceUnavailable
	}
	s.deps.Log.ErrorContext(r.Context(), "play: "+what, "path", redactedPath(r), "err", err)
	plainError(w, code)
}

// objectError maps an S3 error: a missing object is 404, a range past
// the end is 416, anything else 500.
func (s *Service) objectError(w http.ResponseWriter, r *http.Request, err error) {
	switch minio.ToErrorResponse(err).Code {
	case minio.NoSuchKey, "NotFound":
		plainError(w, http.StatusNotFound)
	case minio.InvalidRange:
		plainError(w, http.StatusRequestedRangeNotSatisfiable)
	default:
		s.fail(w, r, "read object", err)
	}
}

func plainError(w http.ResponseWriter, code int) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_, _ = io.WriteString(w, http.StatusText(code)+"\n")
}

// corsHeaders let any page's player read the stream: the token in the
// path is the credential, no cookies are involved. The answer is the
// same whatever the Origin, so it carries no Vary: Origin (which the
// server's CORS layer puts on the requests the mux routes here; Route's
// are served before that layer), and caches keep one copy for every page.
func corsHeaders(h http.Header) {
	delete(h, "Vary")
	h["Access-Control-Allow-Origin"] = corsAny
	h["Access-Control-Expose-Headers"] = corsExposed
	h["Timing-Allow-Origin"] = corsAny
}

// corsAny and corsExposed are corsHeaders' values, shared by every
// response like the prepared ones (len == cap: an Add downstream copies).
var (
	corsAny     = []string{"*"}
	corsExposed = []string{"Content-Length, Content-Range, Accept-Ranges, ETag"}
)

// redactedPath keeps tokens out of logs: the path after the token, as
// the mux matched it or, for a request Route served, as plainPlay split
// it.
func redactedPath(r *http.Request) string {
	if r.Pattern != "" {
		return "/play/<token>/" + r.PathValue("path")
	}
	_, file, _ := plainPlay(r)
	return "/play/<token>/" + file
}

// statusWriter remembers the status for the request counter.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// singleRange normalizes a Range header of one byte range ("bytes=a-b",
// "bytes=a-", "bytes=-n"); anything else is ignored, and the whole object
// is served, as RFC 9110 allows.
func singleRange(v string) (string, bool) {
	spec, ok := strings.CutPrefix(v, "bytes=")
	if !ok || strings.Contains(spec, ",") {
		return "", false
	}
	first, last, ok := strings.Cut(strings.TrimSpace(spec), "-")
	if !ok || first == "" && last == "" {
		return "", false
	}
	a, errA := strconv.ParseUint(first, 10, 63)
	b, errB := strconv.ParseUint(last, 10, 63)
	switch {
	case first == "":
		if errB != nil || b == 0 {
			return "", false
		}
	case last == "":
		if errA != nil {
			return "", false
		}
	default:
		if errA != nil || errB != nil || b < a {
			return "", false
		}
	}
	return "bytes=" + first + "-" + last, true
}
