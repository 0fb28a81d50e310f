package playback

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/prometheus/client_golang/prometheus"
)

// errNotSpooled: the object is not in the spool and will not be for this
// request (too large, no room, the disk in trouble, or S3's bytes did
// not match what it announced); the memory and S3 paths answer it.
var errNotSpooled = errors.New("not spooled")

// s3Error is S3 failing a fill, which the response reports as the other
// paths would, rather than asking S3 again.
type s3Error struct{ err error }

func (e s3Error) Error() string { return e.err.Error() }
func (e s3Error) Unwrap() error { return e.err }

// serveSpooled answers a segment of a ready video from the spool, and
// fills the spool on a whole GET's miss. It returns false, having
// written nothing, to hand the request to the memory and S3 paths.
func (s *Service) serveSpooled(w http.ResponseWriter, r *http.Request, prefix, key, ctype string, bytes prometheus.Counter) bool {
	k := preparedKey{prefix, key}
	if e := s.spool.get(prefix, key); e != nil {
		f, err := s.spool.open(k, e)
		if err == nil {
			s.sendFile(w, r, e, f, bytes)
			_ = f.Close()
			return true
		}
		s.metrics.spool.WithLabelValues("dropped").Inc()
		s.deps.Log.Warn("playback spool: file changed or gone, fetching it again", "file", e.path, "err", err)
	}
	if r.Method != http.MethodGet || r.Header.Get("Range") != "" {
		return false // not worth a whole fill: the other paths answer
	}
	e, err := s.spoolLoad(r.Context(), k, ctype)
	var s3err s3Error
	switch {
	case errors.As(err, &s3err):
		s.objectError(w, r, s3err.err)
		return true
	case err != nil:
		return false
	}
	f, err := s.spool.open(k, e)
	if err != nil {
		return false
	}
	s.sendFile(w, r, e, f, bytes)
	_ = f.Close()
	return true
}

// sendFile answers from a spool file: a whole GET with the prepared
// headers and sendfile, HEAD, ranges and conditional requests through
// ServeContent (which sends the range with sendfile too).
func (s *Service) sendFile(w http.ResponseWriter, r *http.Request, e *spoolEntry, f *os.File, bytes prometheus.Counter) {
	h := w.Header()
	fw := &countingWriter{ResponseWriter: w}
	if r.Method == http.MethodGet && r.Header.Get("Range") == "" && r.Header.Get("If-None-Match") == "" {
		for _, fl := range e.fields {
			h[fl.key] = fl.val
		}
		_, _ = io.Copy(fw, io.LimitReader(f, e.size))
		bytes.Add(float64(fw.n))
		return
	}
	for _, fl := range e.fields {
		if fl.key != "Content-Length" {
			h[fl.key] = fl.val
		}
	}
	http.ServeContent(fw, ignoreOddRange(r), "", time.Time{}, f)
	bytes.Add(float64(fw.n))
}

// spoolLoad fills the spool with an object, once for all the requests
// asking for it at the same time.
func (s *Service) spoolLoad(ctx context.Context, k preparedKey, ctype string) (*spoolEntry, error) {
	object := k.prefix + k.path
	v, err, _ := s.flight.Do("spool\x00"+object, func() (any, error) {
		ctx, cancel := detached(ctx)
		defer cancel()
		return s.fillSpool(ctx, k, object, ctype)
	})
	if err != nil {
		return nil, err
	}
	return v.(*spoolEntry), nil
}

func (s *Service) fillSpool(ctx context.Context, k preparedKey, object, ctype string) (*spoolEntry, error) {
	sp := s.spool
	body, info, _, err := s.deps.Objects.GetObject(ctx, s.deps.Bucket, object, minio.GetObjectOptions{})
	if err != nil {
		return nil, s3Error{err}
	}
	defer body.Close()
	if !sp.reserve(info.Size) {
		return nil, errNotSpooled
	}
	tmp, err := s.spoolWrite(body, info)
	e := &spoolEntry{size: info.Size, fields: s.segmentFields(ctype, int(info.Size), info.ETag)}
	if err == nil {
		if err = sp.commit(k, tmp, e); err != nil {
			_ = os.Remove(tmp)
			sp.broken(err)
			err = fmt.Errorf("%w: %w", errNotSpooled, err)
		}
	}
	if err != nil {
		sp.release(info.Size)
		return nil, err
	}
	s.metrics.spool.WithLabelValues("filled").Inc()
	return e, nil
}

// spoolWrite copies the object's body into a temporary file, checking
// its length and, when the ETag is a plain MD5 (a single-part upload's),
// its checksum; it returns the file's path, closed.
func (s *Service) spoolWrite(body io.Reader, info minio.ObjectInfo) (string, error) {
	sp := s.spool
	f, err := sp.create(sp.dir)
	if err != nil {
		sp.broken(err)
		s.metrics.spool.WithLabelValues("disk_error").Inc()
		return "", fmt.Errorf("%w: %w", errNotSpooled, err)
	}
	var sum hash.Hash
	if want, err := hex.DecodeString(info.ETag); err == nil && len(want) == md5.Size {
		sum = md5.New()
	}
	n, rerr, werr := copyTo(f, sum, body, info.Size)
	if werr == nil {
		werr = f.Close()
	} else {
		_ = f.Close()
	}
	var mismatch error
	switch {
	case rerr != nil:
		err = s3Error{rerr}
	case werr != nil:
		sp.broken(werr)
		s.metrics.spool.WithLabelValues("disk_error").Inc()
		err = fmt.Errorf("%w: %w", errNotSpooled, werr)
	case n != info.Size:
		mismatch = fmt.Errorf("%s: read %d bytes, S3 announced %d", info.Key, n, info.Size)
	case sum != nil && hex.EncodeToString(sum.Sum(nil)) != info.ETag:
		mismatch = fmt.Errorf("%s: MD5 %x, S3 announced ETag %s", info.Key, sum.Sum(nil), info.ETag)
	}
	if mismatch != nil {
		// Never kept; the memory path asks S3 again, as it did before.
		s.metrics.spool.WithLabelValues("mismatch").Inc()
		s.deps.Log.Error("playback spool: object differs from what S3 announced", "err", mismatch)
		err = fmt.Errorf("%w: %w", errNotSpooled, mismatch)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// copyTo copies src to f (and sum) until EOF or one byte past size,
// telling read errors from write errors.
func copyTo(f io.Writer, sum hash.Hash, src io.Reader, size int64) (n int64, rerr, werr error) {
	buf := make([]byte, 64<<10)
	for n <= size {
		m, err := src.Read(buf)
		if m > 0 {
			if _, werr = f.Write(buf[:m]); werr != nil {
				return n, nil, werr
			}
			if sum != nil {
				sum.Write(buf[:m])
			}
			n += int64(m)
		}
		if errors.Is(err, io.EOF) {
			return n, nil, nil
		}
		if err != nil {
			return n, err, nil
		}
	}
	return n, nil, nil
}
