package upload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"sync"

	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/media"
)

// The joined object of a presigned upload is read back once, to hash it
// and keep a copy for the probe (the parts went straight to S3: the
// server never saw their bytes). It is read as readStreams ranged GETs
// at a time, of readWindow bytes each, all bound to the object's ETag,
// and each window is hashed and written to the copy in order as soon as
// it and the ones before it have landed: one pass over the bytes, with
// S3's sending, the hash and the disk overlapped.
const (
	readWindow  = 4 << 20
	readStreams = 4
)

// errChanged: the object changed while it was being read back.
var errChanged = errors.New("the object changed while it was read")

// window is one range of the object, read into buf.
type window struct {
	buf []byte
	err error
}

// readBack reads bytes [lo, hi) of the object at key, as it was when its
// ETag was etag, into f from its start, and into h when h is not nil.
func (s *Service) readBack(ctx context.Context, key, etag string, lo, hi int64, f, h io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel() // readers waiting for a buffer stop, reads in flight end
		wg.Wait()
	}()
	size := hi - lo
	n := int((size + readWindow - 1) / readWindow)
	// Windows are handed out in order, each to a reader holding one of
	// readStreams buffers, and buffers return only once their window is
	// hashed: the oldest window not yet hashed always has a reader, so
	// the hashing loop below never waits on a window nobody reads.
	buffers := make(chan []byte, readStreams)
	for range min(readStreams, n) {
		buffers <- make([]byte, readWindow)
	}
	landed := make([]chan window, n)
	for i := range landed {
		landed[i] = make(chan window, 1)
	}
	var next sync.Mutex
	idx := 0
	for range min(readStreams, n) {
		wg.Go(func() {
			for {
				var buf []byte
				select {
				case buf = <-buffers:
				case <-ctx.Done():
					return
				}
				next.Lock()
				i := idx
				idx++
				next.Unlock()
				if i >= n {
					return
				}
				at := int64(i) * readWindow
				buf = buf[:min(readWindow, size-at)]
				landed[i] <- window{buf: buf, err: s.readRange(ctx, key, etag, lo+at, buf)}
			}
		})
	}
	for i := range n {
		var w window
		select {
		case w = <-landed[i]:
		case <-ctx.Done():
			return fmt.Errorf("read object: %w", ctx.Err())
		}
		if w.err != nil {
			return w.err
		}
		if h != nil {
			h.Write(w.buf)
		}
		if _, err := f.Write(w.buf); err != nil {
			return fmt.Errorf("temporary file: %w", err)
		}
		buffers <- w.buf[:cap(w.buf)]
	}
	return nil
}

// readRange fills buf from offset lo of the object, which must still have
// ETag etag.
func (s *Service) readRange(ctx context.Context, key, etag string, lo int64, buf []byte) error {
	return s.getRange(ctx, key, etag, lo, int64(len(buf)), func(r io.Reader) error {
		_, err := io.ReadFull(r, buf)
		return err
	})
}

// getRange hands n bytes from offset lo of the object, which must still
// have ETag etag, to read.
func (s *Service) getRange(ctx context.Context, key, etag string, lo, n int64, read func(io.Reader) error) error {
	opts := minio.GetObjectOptions{}
	if err := opts.SetRange(lo, lo+n-1); err != nil {
		return fmt.Errorf("read object: %w", err)
	}
	if etag != "" {
		if err := opts.SetMatchETag(etag); err != nil {
			return fmt.Errorf("read object: %w", err)
		}
	}
	obj, err := s.deps.S3.GetObject(ctx, s.deps.Bucket, key, opts)
	if err != nil {
		return fmt.Errorf("read object: %w", err)
	}
	defer obj.Close()
	if err := read(obj); err != nil {
		if minio.ToErrorResponse(err).Code == "PreconditionFailed" {
			return fmt.Errorf("read object: %w", errChanged)
		}
		return fmt.Errorf("read object: %w", err)
	}
	return nil
}

// download reads the joined object back once (readBack) into f, the
// empty copy, and checks and probes it. An object of another size than
// declared fails at once, unread. An upload that declared its parts'
// composite SHA-256 is checked against the digests S3 checked the joined
// parts against, before anything is read, and the copy is then made
// without hashing, of the file's edges only where those are all the probe
// reads (probeEdges); when those parts are not known (a previous attempt
// joined them), the read hashes each part instead.
func (s *Service) download(ctx context.Context, u dbq.Upload, f *probeFile, o object) (media.Info, error) {
	if o.size != u.SizeBytes {
		return media.Info{}, fmt.Errorf("%w: %d bytes arrived, %d were declared", ErrChecksumMismatch, o.size, u.SizeBytes)
	}
	// An upload declares exactly one of the two checksums.
	var (
		got   sums
		whole hash.Hash
		parts *partsHash
		h     io.Writer // what the read back hashes into; nil: nothing
	)
	if u.Sha256 != "" {
		whole = sha256.New()
		h = whole
	} else if u.PartsSha256 != "" {
		var known bool
		if got.parts, known = joinedComposite(u, o.parts); !known {
			parts = newPartsHash(u.PartSize)
			h = parts
		} else if got.parts != u.PartsSha256 {
			return s.check(ctx, u, f, o.size, got) // the mismatch, unread
		}
	}
	if h == nil && o.size > edgeHead+edgeTail {
		return s.probeEdges(ctx, u, f, o.etag, got)
	}
	if err := s.readBack(ctx, u.ObjectKey, o.etag, 0, o.size, f.f, h); err != nil {
		return media.Info{}, err
	}
	if whole != nil {
		got.whole = hex.EncodeToString(whole.Sum(nil))
	}
	if parts != nil {
		got.parts = parts.sum()
	}
	f.ready()
	return s.check(ctx, u, f, o.size, got)
}
