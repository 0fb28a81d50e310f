package playback

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/prometheus/client_golang/prometheus"
)

// maxCachedObject is the largest object kept in memory; larger ones are
// streamed from S3 on every request.
const maxCachedObject = 16 << 20

// errTooLarge marks an object past what load reads into memory.
var errTooLarge = errors.New("object too large to hold in memory")

// serveSegment serves a segment from memory, streams it from S3 with
// Range support, or redirects to a short-lived presigned URL when so
// configured. Segments are encrypted and never change, so they are
// cacheable by browsers and CDNs; the key is not.
func (s *Service) serveSegment(w http.ResponseWriter, r *http.Request, object, ctype string, bytes prometheus.Counter) {
	h := w.Header()
	if s.cfg.SegmentRedirect {
		u, err := s.deps.Objects.PresignedGetObject(r.Context(), s.deps.Bucket, object, s.cfg.PresignTTL, nil)
		if err != nil {
			s.objectError(w, r, err)
			return
		}
		h.Set("Cache-Control", "no-store")
		http.Redirect(w, r, u.String(), http.StatusFound)
		return
	}
	if obj, ok := s.objects.get(object); ok {
		s.serveMemory(w, r, obj, ctype, bytes)
		return
	}
	rng, ranged := singleRange(r.Header.Get("Range"))
	if r.Method == http.MethodGet && !ranged && s.objects.enabled() {
		obj, err := s.load(r.Context(), object, maxCachedObject)
		if err == nil {
			s.serveMemory(w, r, obj, ctype, bytes)
			return
		}
		if !errors.Is(err, errTooLarge) {
			s.objectError(w, r, err)
			return
		}
	}
	s.stream(w, r, object, ctype, rng, ranged, bytes, nil)
}

// serveMemory answers from bytes in memory. A whole-object GET is one
// Write, which the kernel sends without 32 KiB copy rounds; ranges, HEAD
// and conditional requests go through ServeContent.
func (s *Service) serveMemory(w http.ResponseWriter, r *http.Request, obj cachedObject, ctype string, bytes prometheus.Counter) {
	h := w.Header()
	s.segmentHeaders(h, ctype, obj.etag)
	rng := r.Header.Get("Range")
	if r.Method == http.MethodGet && rng == "" && r.Header.Get("If-None-Match") == "" {
		h.Set("Content-Length", strconv.Itoa(len(obj.data)))
		n, _ := w.Write(obj.data)
		bytes.Add(float64(n))
		return
	}
	s.serveContent(w, r, obj.data, bytes)
}

// serveContent answers HEAD, ranges and conditional requests from bytes
// in memory, the headers but Content-Length already set.
func (s *Service) serveContent(w http.ResponseWriter, r *http.Request, data []byte, bytes prometheus.Counter) {
	cw := &countingWriter{ResponseWriter: w}
	http.ServeContent(cw, ignoreOddRange(r), "", time.Time{}, newReader(data))
	bytes.Add(float64(cw.n))
}

// ignoreOddRange drops a Range header of other than one byte range: the
// same answer as from S3, where a Range we do not serve is ignored.
func ignoreOddRange(r *http.Request) *http.Request {
	if rng := r.Header.Get("Range"); rng != "" {
		if _, ok := singleRange(rng); !ok {
			r = r.Clone(r.Context())
			r.Header.Del("Range")
		}
	}
	return r
}

// stream copies the object, or one byte range of it, from S3.
// headers, when set, amends the headers before they are sent.
func (s *Service) stream(w http.ResponseWriter, r *http.Request, object, ctype, rng string, ranged bool, bytes prometheus.Counter, headers func(http.Header)) {
	h := w.Header()
	if headers == nil {
		headers = func(http.Header) {}
	}
	if r.Method == http.MethodHead {
		info, err := s.deps.Objects.StatObject(r.Context(), s.deps.Bucket, object, minio.StatObjectOptions{})
		if err != nil {
			s.objectError(w, r, err)
			return
		}
		s.segmentHeaders(h, ctype, info.ETag)
		h.Set("Content-Length", strconv.FormatInt(info.Size, 10))
		headers(h)
		return
	}
	var opts minio.GetObjectOptions
	if ranged {
		opts.Set("Range", rng)
	}
	body, info, header, err := s.deps.Objects.GetObject(r.Context(), s.deps.Bucket, object, opts)
	if err != nil {
		s.objectError(w, r, err)
		return
	}
	defer body.Close()
	s.segmentHeaders(h, ctype, info.ETag)
	h.Set("Content-Length", strconv.FormatInt(info.Size, 10))
	headers(h)
	status := http.StatusOK
	if cr := header.Get("Content-Range"); ranged && cr != "" {
		h.Set("Content-Range", cr)
		status = http.StatusPartialContent
	}
	w.WriteHeader(status)
	n, _ := io.Copy(w, body)
	bytes.Add(float64(n))
}

// load reads a whole object of at most limit bytes, from the cache or
// from S3 (one request however many players ask at once), and caches it.
func (s *Service) load(ctx context.Context, object string, limit int64) (cachedObject, error) {
	return s.loadKeep(ctx, object, limit, true)
}

// loadKeep is load that, unless keep, neither reads nor fills the cache:
// a playlist of a video still encoding changes under the same name.
func (s *Service) loadKeep(ctx context.Context, object string, limit int64, keep bool) (cachedObject, error) {
	flightKey := object
	if !keep {
		flightKey = "live\x00" + object
	} else if obj, ok := s.objects.get(object); ok {
		return obj, nil
	}
	return s.fetch(ctx, flightKey, object, limit, keep)
}

// loadFresh is load that skips the cached copy: the prepared cache
// reads a ready video's playlist afresh, since the object cache may hold
// the growing playlist served while the video was being encoded.
func (s *Service) loadFresh(ctx context.Context, object string, limit int64) (cachedObject, error) {
	return s.fetch(ctx, "fresh\x00"+object, object, limit, true)
}

// fetch reads object from S3, once for all callers asking under the
// same flight key, and caches it if keep.
func (s *Service) fetch(ctx context.Context, flight, object string, limit int64, keep bool) (cachedObject, error) {
	v, err, _ := s.flight.Do(flight, func() (any, error) {
		ctx, cancel := detached(ctx)
		defer cancel()
		body, info, _, err := s.deps.Objects.GetObject(ctx, s.deps.Bucket, object, minio.GetObjectOptions{})
		if err != nil {
			return cachedObject{}, err
		}
		defer body.Close()
		if info.Size > limit {
			return cachedObject{}, errTooLarge
		}
		data, err := io.ReadAll(io.LimitReader(body, limit+1))
		if err != nil {
			return cachedObject{}, err
		}
		if int64(len(data)) > limit {
			return cachedObject{}, errTooLarge
		}
		obj := cachedObject{data: data, etag: info.ETag}
		if keep {
			s.objects.put(object, obj)
		}
		return obj, nil
	})
	if err != nil {
		return cachedObject{}, err
	}
	return v.(cachedObject), nil
}

// detached is ctx without its cancellation, for a fetch that other
// callers may be waiting on, but still bounded by its deadline, or a
// silent S3 would hold every waiter forever.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	dctx := context.WithoutCancel(ctx)
	if deadline, ok := ctx.Deadline(); ok {
		return context.WithDeadline(dctx, deadline)
	}
	return dctx, func() {}
}

func (s *Service) segmentHeaders(h http.Header, ctype, etag string) {
	h.Set("Content-Type", ctype)
	h.Set("Accept-Ranges", "bytes")
	h.Set("Cache-Control", s.segmentCacheControl())
	if etag != "" {
		h.Set("ETag", `"`+etag+`"`)
	}
}

func newReader(b []byte) io.ReadSeeker { return bytes.NewReader(b) }
