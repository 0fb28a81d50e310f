package upload

import (
	"context"
	"fmt"
	"io"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/media"
)

// The probe of a presigned upload whose parts' checksum S3 already
// checked needs a local copy only of what ffprobe reads. For an MP4 or
// QuickTime file that is, most often, all in its first and last few
// mebibytes: the index (moov) at one end, the first frames at the start of
// the media data. So the server copies the file's first edgeHead bytes
// into a sparse file of the file's size, then its tail: from where the
// head's top-level boxes say the rest of them begins (media.TailStart; in
// a file with its index last, the index alone), at most the last edgeTail
// bytes, and probes that
// when media.EdgesSuffice shows, from the box headers, that ffprobe reads
// nothing between them. ffprobe still opens one regular file, as file:,
// with the same -protocol_whitelist and -format_whitelist as ever.
// Otherwise (another container, an index larger than an edge, a
// fragmented file) the middle is read into the copy too before the probe,
// so that every file is probed whole unless its edges provably suffice;
// and a probe of the edges that fails is run again on the whole file, so
// that a file is only ever refused, or completion only ever fails, on the
// whole file's verdict.
const (
	edgeHead = 8 << 20
	edgeTail = 8 << 20
)

// probeEdges copies the object's edges into f, the empty copy, then its
// middle too unless the edges suffice, and checks and probes it (check,
// with got, the checksums already found to match).
func (s *Service) probeEdges(ctx context.Context, u dbq.Upload, f *probeFile, etag string, got sums) (media.Info, error) {
	size := u.SizeBytes
	lo := int64(edgeHead)
	if err := f.f.Truncate(size); err != nil {
		return media.Info{}, fmt.Errorf("temporary file: %w", err)
	}
	get := func(ctx context.Context, from, to int64, landed func(int64)) error {
		return s.getRange(ctx, u.ObjectKey, etag, from, to-from, func(body io.Reader) error {
			// Writes of 1 MiB, not io.Copy's 32 KiB: a third less time.
			_, err := io.CopyBuffer(&landing{w: io.NewOffsetWriter(f.f, from), landed: landed}, body, make([]byte, 1<<20))
			return err
		})
	}
	// The tail: from where the head's boxes say the rest begins (in an
	// MP4 whose index is last, the index alone), at most edgeTail. Its
	// GET starts as soon as the part of the head that has landed says
	// where (the first box whose header lies past the whole head, or the
	// end of the boxes), most often with the head's first bytes: the two
	// reads overlap instead of taking turns.
	hi := size - edgeTail
	tail := make(chan error, 1)
	tailCtx, stopTail := context.WithCancel(ctx)
	defer stopTail()
	started := false
	startTail := func(t int64) {
		started = true
		hi = max(hi, t)
		if hi >= size {
			tail <- nil
			return
		}
		go func() { tail <- get(tailCtx, hi, size, nil) }()
	}
	err := get(ctx, 0, lo, func(n int64) {
		if t, ok := tailFrom(f.f, size, n); ok && !started {
			startTail(t)
		}
	})
	if !started && err == nil { // a head that ended short without an error
		t, _ := tailFrom(f.f, size, lo)
		startTail(t)
	}
	switch {
	case started && err != nil:
		stopTail()
		<-tail // its error is the head's doing
	case started:
		err = <-tail
	}
	if err != nil {
		return media.Info{}, err
	}
	middle := func() error {
		return s.readBack(ctx, u.ObjectKey, etag, lo, hi, io.NewOffsetWriter(f.f, lo), nil)
	}
	if !media.EdgesSuffice(f.f, size, lo, size-hi) {
		if err := middle(); err != nil {
			return media.Info{}, err
		}
		f.ready()
		return s.check(ctx, u, f, size, got)
	}
	f.ready()
	info, err := s.check(ctx, u, f, size, got)
	if err == nil || ctx.Err() != nil {
		return info, err
	}
	s.deps.Log.Info("probe the whole upload: its edges did not pass", "upload", u.ID, "err", err)
	if err := middle(); err != nil {
		return media.Info{}, err
	}
	return s.prober.Probe(ctx, f.name())
}

// tailFrom is where the top-level boxes of the first landed bytes of a
// file of size bytes (in r) say its tail begins (media.TailStart), and
// whether they tell already: they do once they show the first box whose
// header lies past the whole head (edgeHead), the end of the boxes, or
// that the file is not an MP4 (-1), and at the latest with the whole head.
func tailFrom(r io.ReaderAt, size, landed int64) (int64, bool) {
	t := media.TailStart(r, size, landed)
	return t, t == -1 || t >= edgeHead || landed >= edgeHead
}

// landing is a copy's writer that reports, after each write, how many
// bytes have landed.
type landing struct {
	w      io.Writer
	n      int64
	landed func(int64)
}

func (l *landing) Write(p []byte) (int, error) {
	n, err := l.w.Write(p)
	l.n += int64(n)
	if l.landed != nil && n > 0 {
		l.landed(l.n)
	}
	return n, err
}
