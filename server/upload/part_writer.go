package upload

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"net/http"
	"sync"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db/dbq"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
)

// A stream stores up to streamWorkers parts at once, and holds up to
// queuedChunks received chunks (up to 4 MiB each) per part for S3 to take:
// memory per stream is at most streamWorkers*(queuedChunks+1) chunks.
const (
	streamWorkers = 3
	queuedChunks  = 4
)

// partWriter cuts a stream into the upload's parts and stores each one as
// it arrives: a part's PUT starts with its first byte and sends the
// stream's chunks as its body, with the part's SHA-256 as a trailing
// checksum (sent after the body, checked by S3 as before): hashed on the
// way, or, in a stream that sends each part's checksum (given), the
// client's own, which arrives right after the part's last chunk. So the
// last part is stored moments after the last byte arrives, not a whole
// part's PUT later. A part cut short (the stream ends early, or before
// its checksum) is not stored: its PUT's body fails, and S3 keeps
// nothing of it (or what it held).
type partWriter struct {
	s    *Service
	u    dbq.Upload
	ctx  context.Context
	next int      // number of the part being received
	pos  int64    // file offset just past the last byte received
	cur  *partPut // the PUT of part next; nil until its first byte
	// given: the client sends each part's SHA-256 after its last chunk;
	// awaiting is the part whose checksum the next message must be.
	given    bool
	awaiting *partPut
	puts     sync.WaitGroup
	busy     chan struct{} // one per PUT in flight, up to streamWorkers
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
	// etags are the stored parts' ETags, which S3 answered their PUTs with.
	etags map[int]string
}

// partPut is one part's PUT, fed with chunks as they arrive.
type partPut struct {
	n      int
	unsent int64         // bytes of the part not yet queued
	chunks chan []byte   // closed after the part's last byte, or to cut it
	sum    chan string   // the client's SHA-256 of it (given); closed to cut it
	done   chan struct{} // closed when the PUT has ended
	cut    bool          // the part was cut short: its failure is expected
}

func (s *Service) newPartWriter(ctx context.Context, u dbq.Upload, off int64, given bool) *partWriter {
	w := &partWriter{
		s: s, u: u, pos: off, next: int(off/u.PartSize) + 1, given: given,
		// Parts already received are stored even if the client goes away
		// mid-stream: that is what a resume starts from.
		ctx:   context.WithoutCancel(ctx),
		sums:  map[int]string{},
		etags: map[int]string{},
		busy:  make(chan struct{}, streamWorkers),
		began: time.Now(), from: off,
	}
	if off == 0 {
		if tee, err := s.newTeeFile(u.SizeBytes, u.Sha256 != ""); err == nil {
			w.tee = tee
		} else {
			s.deps.Log.Warn("no local copy of the stream; completion will read the object back", "err", err)
		}
	}
	return w
}

func (w *partWriter) write(chunk []byte) error {
	if err := w.failed(); err != nil {
		return err
	}
	if p := w.awaiting; p != nil {
		return fmt.Errorf("%w: part %d's part_checksum must follow its last chunk, before more bytes", ErrBadStream, p.n)
	}
	if w.pos+int64(len(chunk)) > w.u.SizeBytes {
		return fmt.Errorf("%w: more than the declared %d bytes arrived", ErrSizeMismatch, w.u.SizeBytes)
	}
	if w.tee != nil {
		w.tee.write(chunk)
	}
	for len(chunk) > 0 {
		if w.cur == nil {
			w.cur = w.startPut(w.next)
		}
		p := w.cur
		take := int(min(int64(len(chunk)), p.unsent))
		select {
		case p.chunks <- chunk[:take]:
		case <-p.done:
			// The PUT ended before its body did: S3 refused the part.
			if err := w.failed(); err != nil {
				return err
			}
			return fmt.Errorf("store part %d: ended early", p.n)
		}
		chunk = chunk[take:]
		p.unsent -= int64(take)
		w.pos += int64(take)
		if p.unsent == 0 {
			close(p.chunks)
			w.cur, w.next = nil, w.next+1
			if w.given {
				w.awaiting = p
				break // a chunk ends with its part when the parts' checksums come between them
			}
		}
	}
	if len(chunk) > 0 {
		return fmt.Errorf("%w: part %d's part_checksum must follow its last chunk, in a message of its own", ErrBadStream, w.awaiting.n)
	}
	w.startProbe()
	return nil
}

// checksum hands the client's SHA-256 of the part that just ended to its
// PUT, which sends it as the part's trailing checksum for S3 to check.
func (w *partWriter) checksum(c *uploadv1.PartChecksum) error {
	p := w.awaiting
	switch {
	case !w.given:
		return fmt.Errorf("%w: a part_checksum in a stream whose header did not set part_checksums", ErrBadStream)
	case p == nil && w.pos == w.u.SizeBytes:
		return fmt.Errorf("%w: a part_checksum (for part %d) after the last part's", ErrBadStream, c.Number)
	case p == nil:
		return fmt.Errorf("%w: a part_checksum (for part %d) follows its part's last chunk; part %d has %d bytes to come", ErrBadStream, c.Number, w.next, wantSize(w.u, w.next)-w.pos%w.u.PartSize)
	case int(c.Number) != p.n:
		return fmt.Errorf("%w: a part_checksum for part %d, but part %d just ended", ErrBadStream, c.Number, p.n)
	}
	if d, err := base64.StdEncoding.DecodeString(c.Sha256); err != nil || len(d) != sha256.Size {
		return fmt.Errorf("%w: part %d's part_checksum is not a SHA-256 in standard base64", ErrBadStream, p.n)
	}
	p.sum <- c.Sha256
	w.awaiting = nil
	return nil
}

// startPut starts the PUT of part n, whose body is the chunks sent to it,
// once fewer than streamWorkers PUTs are in flight (the ones in flight
// have all their bytes queued, so they end).
func (w *partWriter) startPut(n int) *partPut {
	size := wantSize(w.u, n)
	p := &partPut{n: n, unsent: size, chunks: make(chan []byte, queuedChunks), done: make(chan struct{})}
	if w.given {
		p.sum = make(chan string, 1)
	}
	w.busy <- struct{}{}
	w.puts.Add(1)
	go func() {
		defer w.puts.Done()
		defer func() { <-w.busy }()
		defer close(p.done)
		sum, etag, err := w.store(p, size)
		w.mu.Lock()
		defer w.mu.Unlock()
		switch {
		case err == nil:
			w.sums[n], w.etags[n] = sum, etag
		case !p.cut && w.err == nil:
			w.err = err
		}
	}()
	return p
}

// store uploads part p with its SHA-256 as the trailing checksum S3
// checks, records and GetUpload reports, and returns that SHA-256
// (base64) and the part's ETag. S3 may not sit on the part: once it has
// been handed bytes, it must take the next ones, or answer after the
// last, within StreamIdleTimeout (the bound the client has for each
// message), or the PUT is cut and the stream ends with ErrStoreStalled.
// Time spent waiting for the client's next chunk (or checksum) does not
// count.
func (w *partWriter) store(p *partPut, size int64) (string, string, error) {
	ctx, cancel := context.WithCancelCause(w.ctx)
	defer cancel(nil)
	bound := w.s.cfg.StreamIdleTimeout
	stall := time.AfterFunc(bound, func() { cancel(ErrStoreStalled) })
	defer stall.Stop()
	stall.Stop() // it runs only while S3 holds bytes it has not answered
	// The trailer's length is part of the request's, so it starts as a
	// SHA-256 (of nothing) and gets the part's own when the body ends.
	trailer := http.Header{}
	trailer.Set(checksumHeader, emptySHA256)
	body := &partBody{chunks: p.chunks, given: p.sum, left: size, trailer: trailer, sum: make(chan string, 1), stall: stall, bound: bound}
	if p.sum == nil {
		body.h = sha256.New()
	}
	// The body is not seekable, so minio-go sends it once: a part that
	// fails is sent again by the client's resume.
	stored, err := w.s.core.PutObjectPart(ctx, w.s.deps.Bucket, w.u.ObjectKey, w.u.S3UploadID, p.n,
		body, size, minio.PutObjectPartOptions{DisableContentSha256: true, Trailer: trailer})
	if err != nil {
		if errors.Is(context.Cause(ctx), ErrStoreStalled) {
			// Not the cancellation minio-go reports: that would read as
			// the client's.
			return "", "", fmt.Errorf("%w: part %d: S3 took no bytes and gave no answer for %s; resume at committed_bytes (GetUpload)", ErrStoreStalled, p.n, bound)
		}
		if p.sum != nil && badDigest(err) {
			return "", "", fmt.Errorf("%w: part %d's bytes do not match its part_checksum, so S3 stored nothing of it; resume at committed_bytes (GetUpload)", ErrPartChecksum, p.n)
		}
		return "", "", fmt.Errorf("store part %d: %w", p.n, err)
	}
	select {
	case sum := <-body.sum:
		return sum, stored.ETag, nil
	default: // S3 took a part whose body did not end: never the case
		return "", "", fmt.Errorf("store part %d: %w", p.n, io.ErrUnexpectedEOF)
	}
}

// errPartCut: the stream ended inside this part.
var errPartCut = errors.New("the stream ended inside the part")

// partBody is a part's PUT body: its chunks in order, hashed as they go
// out (h), or followed by the client's SHA-256 (given); at its end the
// trailer gets the SHA-256.
type partBody struct {
	chunks  <-chan []byte
	given   <-chan string
	ended   bool
	buf     []byte
	left    int64
	h       hash.Hash
	trailer http.Header
	sum     chan string // the SHA-256, once the body has ended
	// stall runs (for bound) from each Read's return to the next Read:
	// while S3 has bytes it has not taken, or has not answered the body.
	stall *time.Timer
	bound time.Duration
}

func (b *partBody) Read(p []byte) (int, error) {
	for len(b.buf) == 0 {
		if b.left == 0 {
			return 0, b.end()
		}
		b.stall.Stop() // the client's turn, bounded by the stream's own clock
		c, ok := <-b.chunks
		if !ok {
			return 0, errPartCut
		}
		b.buf = c
	}
	b.stall.Reset(b.bound)
	n := copy(p, b.buf)
	if b.h != nil {
		b.h.Write(p[:n])
	}
	b.buf = b.buf[n:]
	b.left -= int64(n)
	if b.left == 0 && b.h != nil {
		b.finish(base64.StdEncoding.EncodeToString(b.h.Sum(nil)))
	}
	return n, nil
}

// end is the body's end, once the part's SHA-256 is known: in a stream
// that sends it, when it arrives (the client's turn, so S3 is not timed
// meanwhile; its answer is, after).
func (b *partBody) end() error {
	if !b.ended {
		b.stall.Stop()
		sum, ok := <-b.given
		if !ok {
			return errPartCut
		}
		b.finish(sum)
		b.stall.Reset(b.bound)
	}
	return io.EOF
}

func (b *partBody) finish(sum string) {
	b.trailer.Set(checksumHeader, sum)
	b.sum <- sum
	b.ended = true
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
// copy and lets the probe read it while the last part is stored.
func (w *partWriter) copyDone() {
	if w.tee == nil {
		return
	}
	if _, _, _ = w.tee.finish(); w.tee.usable {
		w.tee.file.ready()
	}
}

// close cuts a partial part, and one still awaiting its checksum (a
// resume sends them again), waits for the stores in flight and returns
// the first error.
func (w *partWriter) close() error {
	if p := w.cur; p != nil {
		w.markCut(p)
		close(p.chunks)
		w.cur = nil
	}
	if p := w.awaiting; p != nil {
		w.markCut(p)
		close(p.sum)
		w.awaiting = nil
	}
	w.puts.Wait()
	return w.failed()
}

// markCut says p's PUT is being cut short: its failure is expected.
func (w *partWriter) markCut(p *partPut) {
	w.mu.Lock()
	p.cut = true
	w.mu.Unlock()
}

func (w *partWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// local returns the stream's copy of the whole file, if it has one; call
// it after close.
func (w *partWriter) local() *localCopy {
	if w.tee == nil {
		return nil
	}
	w.copyDone()
	n, sum, err := w.tee.finish()
	if err != nil || !w.tee.usable {
		if err != nil {
			w.s.deps.Log.Warn("no local copy of the stream; completion will read the object back", "err", err)
		}
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	l := &localCopy{file: w.tee.file, size: n, sum: sum, parts: maps.Clone(w.sums), edges: w.tee.partial()}
	if len(w.sums) == int(w.u.PartCount) {
		for i := 1; i <= int(w.u.PartCount); i++ {
			l.stored = append(l.stored, part{Number: i, Size: wantSize(w.u, i), ETag: w.etags[i], SHA256: w.sums[i]})
		}
	}
	return l
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
