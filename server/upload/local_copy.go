package upload

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"os"
)

// localCopy is the file as one stream delivered it, from its first byte
// to its last: its SHA-256, a copy on disk for the probe, and the SHA-256
// of every part the stream stored. When the joined object is made of
// exactly those parts (S3 checked each against its SHA-256 on the way
// in), the copy stands for the object and completion need not read the
// object back.
type localCopy struct {
	path  string
	size  int64
	sum   string
	parts map[int]string
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

// teeFile hashes and keeps a copy of a stream that starts at byte 0.
type teeFile struct {
	f *os.File
	h hash.Hash
	n int64
}

func newTeeFile(dir string) (*teeFile, error) {
	f, err := os.CreateTemp(dir, "streamgate-stream-*")
	if err != nil {
		return nil, fmt.Errorf("temporary file: %w", err)
	}
	return &teeFile{f: f, h: sha256.New()}, nil
}

func (t *teeFile) write(b []byte) error {
	t.h.Write(b)
	t.n += int64(len(b))
	if _, err := t.f.Write(b); err != nil {
		return fmt.Errorf("temporary file: %w", err)
	}
	return nil
}

func (t *teeFile) sum() string { return hex.EncodeToString(t.h.Sum(nil)) }

func (t *teeFile) remove() {
	t.f.Close()
	os.Remove(t.f.Name())
}
