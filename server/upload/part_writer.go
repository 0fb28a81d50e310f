package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"maps"
	"net/http"
	"sync"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db/dbq"
)

// streamWorkers is how many parts of one stream are stored at once, while
// the next fills: memory per stream is at most (streamWorkers+1) parts.
const streamWorkers = 3

// partWriter cuts a stream into the upload's parts and stores them.
type partWriter struct {
	s    *Service
	u    dbq.Upload
	ctx  context.Context
	buf  []byte
	next int   // number of the part in buf
	pos  int64 // file offset just past the last byte received
	jobs chan job
	wg   sync.WaitGroup
	// tee keeps a hashed copy when the stream starts at byte 0, and its
	// probe starts once the rest should arrive within probeLead at the
	// rate so far (began, from: when and where the stream started).
	tee     *teeFile
	probing bool
	began   time.Time
	from    int64

	mu   sync.Mutex
	err  error
	sums map[int]string
}

type job struct {
	n    int
	data []byte
}

func (s *Service) newPartWriter(ctx context.Context, u dbq.Upload, off int64) *partWriter {
	w := &partWriter{
		s: s, u: u, pos: off, next: int(off/u.PartSize) + 1,
		// Parts already received are stored even if the client goes away
		// mid-stream: that is what a resume starts from.
		ctx:   context.WithoutCancel(ctx),
		jobs:  make(chan job),
		sums:  map[int]string{},
		began: time.Now(), from: off,
	}
	if off == 0 {
		if tee, err := s.newTeeFile(); err == nil {
			w.tee = tee
		} else {
			s.deps.Log.Warn("no local copy of the stream; completion will read the object back", "err", err)
		}
	}
	for range streamWorkers {
		w.wg.Go(w.work)
	}
	return w
}

func (w *partWriter) write(chunk []byte) error {
	if err := w.failed(); err != nil {
		return err
	}
	if w.pos+int64(len(chunk)) > w.u.SizeBytes {
		return fmt.Errorf("%w: more than the declared %d bytes arrived", ErrSizeMismatch, w.u.SizeBytes)
	}
	if w.tee != nil {
		w.tee.write(chunk)
	}
	for len(chunk) > 0 {
		if w.buf == nil {
			w.buf = make([]byte, 0, wantSize(w.u, w.next))
		}
		take := min(len(chunk), cap(w.buf)-len(w.buf))
		w.buf = append(w.buf, chunk[:take]...)
		chunk = chunk[take:]
		w.pos += int64(take)
		if len(w.buf) == cap(w.buf) {
			w.jobs <- job{n: w.next, data: w.buf}
			w.buf, w.next = nil, w.next+1
		}
	}
	w.startProbe()
	return nil
}

// probeLead is how long before the stream's expected end its probe
// starts: about what ffprobe takes to start on a busy machine, with room.
const probeLead = 2 * time.Second

// startProbe starts the probe of the stream's copy once the rest of the
// file should arrive within probeLead; it opens the copy when copyDone
// says the copy is complete (see probeFile).
func (w *partWriter) startProbe() {
	if w.tee == nil || w.probing {
		return
	}
	left, got := w.u.SizeBytes-w.pos, w.pos-w.from
	if float64(left)*time.Since(w.began).Seconds() <= float64(got)*probeLead.Seconds() {
		w.probing = true
		w.tee.file.start(w.ctx)
	}
}

// copyDone, once the stream has delivered the whole file, finishes its
// copy and lets the probe read it while the last parts are stored.
func (w *partWriter) copyDone() {
	if w.tee == nil {
		return
	}
	if n, _, err := w.tee.finish(); err == nil && n == w.u.SizeBytes {
		w.tee.file.ready()
	}
}

// close drops a partial part (a resume sends it again), waits for the
// stores in flight and returns the first error.
func (w *partWriter) close() error {
	close(w.jobs)
	w.wg.Wait()
	return w.failed()
}

func (w *partWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *partWriter) work() {
	for j := range w.jobs {
		if w.failed() != nil {
			continue
		}
		if err := w.store(j); err != nil {
			w.mu.Lock()
			if w.err == nil {
				w.err = err
			}
			w.mu.Unlock()
		}
	}
}

// store uploads one part with its SHA-256 as the part checksum S3 checks,
// records and GetUpload reports.
func (w *partWriter) store(j job) error {
	sum := sha256.Sum256(j.data)
	b64 := base64.StdEncoding.EncodeToString(sum[:])
	h := http.Header{}
	h.Set(checksumHeader, b64)
	_, err := w.s.core.PutObjectPart(w.ctx, w.s.deps.Bucket, w.u.ObjectKey, w.u.S3UploadID, j.n,
		bytes.NewReader(j.data), int64(len(j.data)), minio.PutObjectPartOptions{
			// The checksum header is the integrity check S3 enforces; an
			// unsigned payload spares S3 hashing every part twice (and
			// minio-go from chunk-signing it over plain HTTP).
			DisableContentSha256: true, CustomHeader: h,
		})
	if err != nil {
		return fmt.Errorf("store part %d: %w", j.n, err)
	}
	w.mu.Lock()
	w.sums[j.n] = b64
	w.mu.Unlock()
	return nil
}

// local returns the stream's copy of the whole file, if it has one; call
// it after close.
func (w *partWriter) local() *localCopy {
	if w.tee == nil {
		return nil
	}
	w.copyDone()
	n, sum, err := w.tee.finish()
	if err != nil || n != w.u.SizeBytes {
		if err != nil {
			w.s.deps.Log.Warn("no local copy of the stream; completion will read the object back", "err", err)
		}
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return &localCopy{file: w.tee.file, size: n, sum: sum, parts: maps.Clone(w.sums)}
}

// cleanup removes the local copy, once completion is done with it.
func (w *partWriter) cleanup() {
	if w.tee != nil {
		_, _, _ = w.tee.finish()
		w.tee.remove()
	}
}

// stored is how many parts this writer has stored.
func (w *partWriter) stored() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.sums)
}
