package playback

import (
	"io"
	"net/http"
	"strconv"

	"github.com/minio/minio-go/v7"
	"github.com/prometheus/client_golang/prometheus"
)

// serveSegment streams a segment from S3 with Range support, or redirects
// to a short-lived presigned URL when so configured. Segments are
// encrypted and never change, so they are cacheable; the key is not.
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
	if r.Method == http.MethodHead {
		info, err := s.deps.Objects.StatObject(r.Context(), s.deps.Bucket, object, minio.StatObjectOptions{})
		if err != nil {
			s.objectError(w, r, err)
			return
		}
		s.segmentHeaders(h, ctype, info.ETag)
		h.Set("Content-Length", strconv.FormatInt(info.Size, 10))
		return
	}
	var opts minio.GetObjectOptions
	rng, ranged := singleRange(r.Header.Get("Range"))
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
	status := http.StatusOK
	if cr := header.Get("Content-Range"); ranged && cr != "" {
		h.Set("Content-Range", cr)
		status = http.StatusPartialContent
	}
	w.WriteHeader(status)
	n, _ := io.Copy(w, body)
	bytes.Add(float64(n))
}

func (s *Service) segmentHeaders(h http.Header, ctype, etag string) {
	h.Set("Content-Type", ctype)
	h.Set("Accept-Ranges", "bytes")
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(s.cfg.SegmentMaxAge.Seconds()))+", immutable")
	if etag != "" {
		h.Set("ETag", `"`+etag+`"`)
	}
}
