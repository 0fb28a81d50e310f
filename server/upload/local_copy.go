package upload

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"sync"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/media"
)

// localCopy is the file as one stream delivered it, from its first byte
// to its last: its SHA-256, a copy on disk for the probe, and the SHA-256
// of every part the stream stored. When the joined object is made of
// exactly those parts (S3 checked each against its SHA-256 on the way
// in), the copy stands for the object and completion need not read the
// object back.
type localCopy struct {
	file  *probeFile
	size  int64
	sum   string
	parts map[int]string
	// stored are the upload's parts, all of them, as the stream stored
	// them (nil when it did not store every one): the join needs not ask
	// S3 for them.
	stored []part
	// edges: the copy holds the file's edges only (see teeFile), so a
	// refusal of it is not the whole file's verdict.
	edges bool
}

// sums are the copy's checksums: its SHA-256, and the composite of the
// parts it stored when u declared one.
func (l *localCopy) sums(u dbq.Upload) sums {
	got := sums{whole: l.sum}
	if u.PartsSha256 != "" {
		if d, ok := partDigests(u, func(n int) (string, bool) { s, ok := l.parts[n]; return s, ok }); ok {
			got.parts = composite(d)
		}
	}
	return got
}

// covers tells whether the joined parts are the ones this copy stored.
func (l *localCopy) covers(joined []part) bool {
	if l == nil || len(joined) == 0 || len(joined) != len(l.parts) {
		return false
	}
	for _, p := range joined {
		if p.SHA256 == "" || l.parts[p.Number] != p.SHA256 {
			return false
		}
	}
	return true
}

// teeFile hashes and keeps a copy of a stream that starts at byte 0, on
// its own goroutine so that receiving never waits for the disk. Of a file
// larger than its two edges, the copy is sparse and keeps, as the
// probe's copy of a presigned upload does (probeEdges), the first
// edgeHead bytes and, when those show an MP4's top-level boxes, only the
// tail from where they say the rest begins (media.TailStart), within the
// last edgeTail: a stream of some GiB needs some MiB of the temporary
// directory, not its size (see decide for when; any other file is kept
// whole). Once the stream is in, the copy stands for the file only if
// the boxes show the edges are all ffprobe reads (media.EdgesSuffice);
// otherwise completion reads the object back.
type teeFile struct {
	file *probeFile
	h    hash.Hash
	n    int64
	ch   chan []byte
	done chan struct{}
	once sync.Once
	err  error

	size    int64 // the file's
	edges   bool  // the copy may leave out the middle
	decided bool  // hi is known
	hi      int64 // where the kept tail begins (edgeHead: every byte kept)
	usable  bool  // after finish: the copy stands for the file
}

// newTeeFile starts a copy of a file of size bytes, which hashes the
// whole stream when whole is set (an upload that declared its parts'
// checksum needs only theirs).
func (s *Service) newTeeFile(size int64, whole bool) (*teeFile, error) {
	f, err := s.newProbeFile("streamgate-stream-*")
	if err != nil {
		return nil, err
	}
	t := &teeFile{file: f, ch: make(chan []byte, 4), done: make(chan struct{}), size: size}
	if size > edgeHead+edgeTail {
		if err := f.f.Truncate(size); err != nil {
			f.close()
			return nil, fmt.Errorf("temporary file: %w", err)
		}
		t.edges = true
	}
	if whole {
		t.h = sha256.New()
	}
	go t.run()
	return t, nil
}

func (t *teeFile) run() {
	defer close(t.done)
	for b := range t.ch {
		if t.err != nil {
			continue
		}
		if t.h != nil {
			t.h.Write(b)
		}
		off := t.n
		t.n += int64(len(b))
		if err := t.keep(b, off); err != nil {
			t.err = fmt.Errorf("temporary file: %w", err)
		}
	}
}

// keep writes b, the file's bytes from off, where the copy keeps them.
func (t *teeFile) keep(b []byte, off int64) error {
	if !t.edges {
		_, err := t.file.f.WriteAt(b, off)
		return err
	}
	if off < edgeHead {
		k := min(int64(len(b)), edgeHead-off)
		if _, err := t.file.f.WriteAt(b[:k], off); err != nil {
			return err
		}
		if !t.decided {
			t.decide(off + k)
		}
		b, off = b[k:], off+k
	}
	if from := max(off, t.hi); len(b) > 0 && from < off+int64(len(b)) {
		_, err := t.file.f.WriteAt(b[from-off:], from)
		return err
	}
	return nil
}

// decide sets where the kept tail begins once the landed bytes of the
// head show it, at the latest with the whole head. When the first box
// whose header lies past the whole head begins within the last edgeTail
// bytes (the index, written last), or there is none (the media data runs
// to the end), the copy leaves out only the inside of the one box that
// runs from the head to there: the media data. Otherwise every byte is
// kept: not an MP4, or boxes through the middle (a fragmented MP4, an
// index larger than an edge), where the edges would not suffice.
func (t *teeFile) decide(landed int64) {
	ts, ok := tailFrom(t.file.f, t.size, landed)
	if !ok {
		return
	}
	t.decided, t.hi = true, edgeHead
	if ts >= edgeHead && ts >= t.size-edgeTail {
		t.hi = ts
	}
}

// partial tells whether the copy left out the file's middle.
func (t *teeFile) partial() bool { return t.edges && t.hi > edgeHead }

// write queues b, which the caller must not modify afterwards.
func (t *teeFile) write(b []byte) { t.ch <- b }

// finish waits for every queued write and reports the copy's size, hash
// (empty when it hashes nothing) and first error.
func (t *teeFile) finish() (int64, string, error) {
	t.once.Do(func() {
		close(t.ch)
		<-t.done
		t.usable = t.err == nil && t.n == t.size &&
			(!t.partial() || media.EdgesSuffice(t.file.f, t.size, edgeHead, t.size-t.hi))
	})
	if t.h == nil {
		return t.n, "", t.err
	}
	return t.n, hex.EncodeToString(t.h.Sum(nil)), t.err
}

// remove deletes the copy, and stops its probe if it still runs; call it
// after finish.
func (t *teeFile) remove() { t.file.close() }
