package upload

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"sync"

	"github.com/streamgate/streamgate/db/dbq"
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
// its own goroutine so that receiving never waits for the disk.
type teeFile struct {
	file *probeFile
	h    hash.Hash
	n    int64
	ch   chan []byte
	done chan struct{}
	once sync.Once
	err  error
}

// newTeeFile starts a copy, which hashes the whole stream when whole is
// set (an upload that declared its parts' checksum needs only theirs).
func (s *Service) newTeeFile(whole bool) (*teeFile, error) {
	f, err := s.newProbeFile("streamgate-stream-*")
	if err != nil {
		return nil, err
	}
	t := &teeFile{file: f, ch: make(chan []byte, 4), done: make(chan struct{})}
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
		t.n += int64(len(b))
		if _, err := t.file.f.Write(b); err != nil {
			t.err = fmt.Errorf("temporary file: %w", err)
		}
	}
}

// write queues b, which the caller must not modify afterwards.
func (t *teeFile) write(b []byte) { t.ch <- b }

// finish waits for every queued write and reports the copy's size, hash
// (empty when it hashes nothing) and first error.
func (t *teeFile) finish() (int64, string, error) {
	t.once.Do(func() {
		close(t.ch)
		<-t.done
	})
	if t.h == nil {
		return t.n, "", t.err
	}
	return t.n, hex.EncodeToString(t.h.Sum(nil)), t.err
}

// remove deletes the copy, and stops its probe if it still runs; call it
// after finish.
func (t *teeFile) remove() { t.file.close() }
