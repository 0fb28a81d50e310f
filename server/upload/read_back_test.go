package upload

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/internal/testenv"
)

// readBack hashes and copies the object window by window, in order,
// however the windows land: file sizes on and around window edges, and
// fewer windows than readers.
// compositeOf is the parts' composite SHA-256 of data cut into parts of
// n bytes, computed the plain way.
func compositeOf(data []byte, n int) string {
	var digests []byte
	for off := 0; off < len(data); off += n {
		d := sha256.Sum256(data[off:min(off+n, len(data))])
		digests = append(digests, d[:]...)
	}
	all := sha256.Sum256(digests)
	return hex.EncodeToString(all[:])
}

// partLen cuts the test objects into parts that end inside read windows.
const partLen = readWindow/3 + 7

func TestReadBack(t *testing.T) {
	t.Parallel()
	c, bucket := testenv.S3(t)
	s := &Service{deps: Deps{S3: c, Bucket: bucket}}
	ctx := context.Background()
	for _, size := range []int{1, readWindow - 1, readWindow, readWindow + 1, (readStreams+2)*readWindow + 12345} {
		data := make([]byte, size)
		_, _ = rand.Read(data)
		key := "rb/" + testenv.ID()
		info, err := c.PutObject(ctx, bucket, key, bytes.NewReader(data), int64(size), minio.PutObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		whole, parts := sha256.New(), newPartsHash(partLen)
		if err := s.readBack(ctx, key, info.ETag, 0, int64(size), &out, io.MultiWriter(whole, parts)); err != nil {
			t.Fatalf("%d bytes: %v", size, err)
		}
		want := sha256.Sum256(data)
		if sum := hex.EncodeToString(whole.Sum(nil)); sum != hex.EncodeToString(want[:]) || !bytes.Equal(out.Bytes(), data) {
			t.Fatalf("%d bytes: hash %s, copy of %d bytes; want %x and the object", size, sum, out.Len(), want)
		}
		if got, want := parts.sum(), compositeOf(data, partLen); got != want {
			t.Fatalf("%d bytes: parts' composite %s, want %s", size, got, want)
		}
		// Without a hash: the copy alone.
		out.Reset()
		if err := s.readBack(ctx, key, info.ETag, 0, int64(size), &out, nil); err != nil || !bytes.Equal(out.Bytes(), data) {
			t.Fatalf("%d bytes, no hash: %v, copy of %d bytes", size, err, out.Len())
		}
		// A range of it (the middle of a copy whose edges are there).
		lo, hi := min(size/3, readWindow+5), max(size/3, size-3)
		out.Reset()
		if err := s.readBack(ctx, key, info.ETag, int64(lo), int64(hi), &out, nil); err != nil || !bytes.Equal(out.Bytes(), data[lo:hi]) {
			t.Fatalf("%d bytes, range [%d, %d): %v, copy of %d bytes", size, lo, hi, err, out.Len())
		}
	}
}

// Every window is bound to the ETag the object had when it was sized: an
// object replaced while it is read back is refused, never hashed as a
// mix of two files.
func TestReadBackRefusesAChangedObject(t *testing.T) {
	t.Parallel()
	c, bucket := testenv.S3(t)
	s := &Service{deps: Deps{S3: c, Bucket: bucket}}
	ctx := context.Background()
	size := 2*readWindow + 1
	first, second := make([]byte, size), make([]byte, size)
	_, _ = rand.Read(first)
	_, _ = rand.Read(second)
	key := "rb/" + testenv.ID()
	info, err := c.PutObject(ctx, bucket, key, bytes.NewReader(first), int64(size), minio.PutObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(ctx, bucket, key, bytes.NewReader(second), int64(size), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = s.readBack(ctx, key, info.ETag, 0, int64(size), &out, sha256.New())
	if !errors.Is(err, errChanged) {
		t.Fatalf("read back a replaced object: %v, want errChanged", err)
	}
}

// A cancelled completion stops its reads and returns; nothing waits on a
// reader that has stopped.
func TestReadBackCancelled(t *testing.T) {
	t.Parallel()
	c, bucket := testenv.S3(t)
	s := &Service{deps: Deps{S3: c, Bucket: bucket}}
	size := (readStreams + 3) * readWindow
	data := make([]byte, size)
	key := "rb/" + testenv.ID()
	info, err := c.PutObject(context.Background(), bucket, key, bytes.NewReader(data), int64(size), minio.PutObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	if err := s.readBack(ctx, key, info.ETag, 0, int64(size), &out, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled read back: %v", err)
	}
}
