package streamgate

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"connectrpc.com/connect"
	"golang.org/x/sync/errgroup"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
)

// UploadOptions tune Upload.
type UploadOptions struct {
	// ContentType of the file; by default guessed from its name, else
	// application/octet-stream.
	ContentType string
	// Parallel parts in flight; default 4.
	Parallel int
	// Progress, when set, is called as bytes reach storage (from several
	// goroutines, never concurrently).
	Progress func(stored, total int64)
	// UploadID resumes an upload started earlier (from any device): parts
	// already stored with the same checksum are not sent again.
	UploadID string
	// OnCreate, when set, receives the upload id as soon as it exists, so
	// the caller can persist it for a later resume.
	OnCreate func(uploadID string)
	// PartSize of a new upload, 5 MiB to 5 GiB; default 16 MiB, larger
	// when the file would need more than 10000 parts.
	PartSize int64
}

// DefaultPartSize is a new upload's part size unless UploadOptions says.
const DefaultPartSize = 16 << 20

// UploadFile uploads the file at path as the original of videoID.
func (c *Client) UploadFile(ctx context.Context, videoID, path string, opts UploadOptions) (*uploadv1.Upload, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if opts.ContentType == "" {
		opts.ContentType = mime.TypeByExtension(filepath.Ext(path))
	}
	// A file written to while it is sent would arrive as a mix of its old
	// and new bytes (each part as it read): its size and modification time
	// are looked at again before the upload completes.
	changed := func() bool {
		now, err := f.Stat()
		return err != nil || now.Size() != st.Size() || !now.ModTime().Equal(st.ModTime())
	}
	return c.upload(ctx, videoID, f, st.Size(), opts, changed)
}

// Upload sends size bytes of r through presigned, per-part checksummed
// PUTs straight to object storage, then completes the upload. Each part
// is hashed as it is read for its PUT (the object store checks it against
// that SHA-256), and the completion declares the parts' composite
// SHA-256, which the server verifies against the digests the object
// store checked: the file is read once, and the first part goes out
// without waiting for the rest to be hashed. r must not change while it
// is sent (UploadFile checks that a file did not).
func (c *Client) Upload(ctx context.Context, videoID string, r io.ReaderAt, size int64, opts UploadOptions) (*uploadv1.Upload, error) {
	return c.upload(ctx, videoID, r, size, opts, func() bool { return false })
}

// upload is Upload; changed tells, once every part is stored, whether r
// changed while it was read.
func (c *Client) upload(ctx context.Context, videoID string, r io.ReaderAt, size int64, opts UploadOptions, changed func() bool) (*uploadv1.Upload, error) {
	if opts.Parallel <= 0 {
		opts.Parallel = 4
	}
	if opts.ContentType == "" {
		opts.ContentType = "application/octet-stream"
	}
	if opts.PartSize != 0 && (opts.PartSize < minPartSize || opts.PartSize > maxPartSize) {
		return nil, connect.NewError(connect.CodeInvalidArgument,
			fmt.Errorf("part size %d: want %d to %d bytes", opts.PartSize, minPartSize, int64(maxPartSize)))
	}
	up, digests, err := c.openUpload(ctx, videoID, r, size, opts)
	if err != nil {
		return nil, err
	}
	// A file that changed cannot complete: the upload declares (or would
	// declare) bytes the file no longer has, or a mix of old and new. One
	// this call created is aborted, so that the video takes the file again.
	refuse := func(err error) error {
		if opts.UploadID == "" {
			// Even when ctx has ended, but bounded: a server that does
			// not answer leaves the upload to expire.
			actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
			_, _ = c.Uploads.AbortUpload(actx, connect.NewRequest(&uploadv1.AbortUploadRequest{UploadId: up.GetId()}))
			cancel()
		}
		return connect.NewError(connect.CodeFailedPrecondition, err)
	}
	digests, err = c.sendParts(ctx, up, r, digests, opts)
	if err != nil {
		if errors.Is(err, errChangedPart) {
			return nil, refuse(fmt.Errorf("the file changed since it was hashed: %w", err))
		}
		return nil, err
	}
	if changed() {
		return nil, refuse(errors.New("the file changed while it was sent (its size or modification time differ); upload it again once it is written"))
	}
	// An upload that declared no checksum declares it now, from the
	// digests its parts were PUT with.
	done := &uploadv1.CompleteUploadRequest{UploadId: up.GetId()}
	if up.GetSha256() == "" && up.GetPartsSha256() == "" {
		done.PartsSha256 = composite(digests)
	}
	res, err := c.Uploads.CompleteUpload(ctx, connect.NewRequest(done))
	if err != nil {
		return nil, err
	}
	return res.Msg.GetUpload(), nil
}

// openUpload resumes opts.UploadID, after checking that it was started
// for this file as far as its declaration tells, or creates a new upload
// that declares no checksum yet; digests are the parts' SHA-256 when they
// were computed (to check a resumed upload's declaration).
func (c *Client) openUpload(ctx context.Context, videoID string, r io.ReaderAt, size int64, opts UploadOptions) (*uploadv1.Upload, [][]byte, error) {
	if opts.UploadID != "" {
		res, err := c.Uploads.GetUpload(ctx, connect.NewRequest(&uploadv1.GetUploadRequest{UploadId: opts.UploadID}))
		if err != nil {
			return nil, nil, err
		}
		up := res.Msg.GetUpload()
		other := connect.NewError(connect.CodeFailedPrecondition,
			fmt.Errorf("upload %s was started for another file (size or SHA-256 differ)", opts.UploadID))
		if up.GetSizeBytes() != uint64(size) || up.GetPartSize() == 0 {
			return nil, nil, other
		}
		if up.GetSha256() == "" && up.GetPartsSha256() == "" {
			// Declared at completion: the parts already stored are sent
			// again unless their SHA-256 is this file's.
			return up, nil, nil
		}
		if up.GetPartsSha256() == "" {
			// Started by a client that declared the whole file's SHA-256.
			sum, err := hashSection(r, 0, size)
			if err != nil {
				return nil, nil, fmt.Errorf("hash file: %w", err)
			}
			if hex.EncodeToString(sum) != up.GetSha256() {
				return nil, nil, other
			}
			return up, nil, nil
		}
		digests, err := hashParts(ctx, r, size, int64(up.GetPartSize()))
		if err != nil {
			return nil, nil, err
		}
		if composite(digests) != up.GetPartsSha256() {
			return nil, nil, other
		}
		return up, digests, nil
	}
	partSize := cmp.Or(opts.PartSize, DefaultPartSize)
	if need := (size + maxParts - 1) / maxParts; need > partSize {
		partSize = (need + 1<<20 - 1) &^ (1<<20 - 1)
	}
	res, err := c.Uploads.CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{
		VideoId: videoID, SizeBytes: uint64(size), PartSize: uint64(partSize), ContentType: opts.ContentType,
	}))
	if err != nil {
		return nil, nil, err
	}
	if opts.OnCreate != nil {
		opts.OnCreate(res.Msg.GetUpload().GetId())
	}
	return res.Msg.GetUpload(), nil, nil
}

// The object store's limits: parts per upload, and a part's size (all but
// the last).
const (
	maxParts    = 10000
	minPartSize = 5 << 20
	maxPartSize = 5 << 30
)

// abortTimeout bounds the abort of an upload that cannot complete.
const abortTimeout = 10 * time.Second

// errChangedPart: the object store refused a part's bytes as not the ones
// its checksum was computed from (400 BadDigest).
var errChangedPart = errors.New("a part's bytes differ from its checksum")

// hashParts returns the SHA-256 of each partSize part of the size bytes
// of r, in order.
func hashParts(ctx context.Context, r io.ReaderAt, size, partSize int64) ([][]byte, error) {
	var out [][]byte
	for off := int64(0); off < size; off += partSize {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sum, err := hashSection(r, off, min(partSize, size-off))
		if err != nil {
			return nil, fmt.Errorf("hash file: %w", err)
		}
		out = append(out, sum)
	}
	return out, nil
}

// composite is the parts' composite SHA-256 (hex): the SHA-256 of their
// digests, in order.
func composite(digests [][]byte) string {
	h := sha256.New()
	for _, d := range digests {
		h.Write(d)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// sendParts PUTs every part not already stored with the same checksum
// and returns every part's SHA-256; known, when set, are the parts'
// SHA-256 computed before (otherwise each part is hashed as it is read).
func (c *Client) sendParts(ctx context.Context, up *uploadv1.Upload, r io.ReaderAt, known [][]byte, opts UploadOptions) ([][]byte, error) {
	stored := map[uint32]string{}
	for _, p := range up.GetParts() {
		stored[p.GetNumber()] = p.GetSha256()
	}
	size, partSize := int64(up.GetSizeBytes()), int64(up.GetPartSize())
	if partSize <= 0 {
		return nil, errors.New("server gave no part size")
	}
	digests := make([][]byte, up.GetPartCount())
	var (
		done     atomic.Int64
		progress sync.Mutex
	)
	report := func(n int64) {
		v := done.Add(n)
		if opts.Progress != nil {
			progress.Lock()
			opts.Progress(v, size)
			progress.Unlock()
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(opts.Parallel)
	for n := uint32(1); n <= up.GetPartCount(); n++ {
		off := int64(n-1) * partSize
		length := min(partSize, size-off)
		g.Go(func() error {
			buf := make([]byte, length)
			if _, err := r.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
				return fmt.Errorf("read part %d: %w", n, err)
			}
			var sum []byte
			if int(n) <= len(known) {
				sum = known[n-1]
			} else {
				d := sha256.Sum256(buf)
				sum = d[:]
			}
			digests[n-1] = sum // each lane its own part's
			b64 := base64.StdEncoding.EncodeToString(sum)
			if stored[n] == b64 {
				report(length)
				return nil
			}
			if err := c.putPart(gctx, up.GetId(), n, b64, buf); err != nil {
				return err
			}
			report(length)
			return nil
		})
	}
	return digests, g.Wait()
}

// putPart presigns and PUTs one part, retrying transient failures.
func (c *Client) putPart(ctx context.Context, uploadID string, n uint32, sum string, body []byte) error {
	var last error
	for attempt := range 4 {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt*attempt) * 250 * time.Millisecond):
			}
		}
		res, err := c.Uploads.PresignParts(ctx, connect.NewRequest(&uploadv1.PresignPartsRequest{
			UploadId: uploadID, Parts: []*uploadv1.PartChecksum{{Number: n, Sha256: sum}},
		}))
		if err != nil {
			return err
		}
		if len(res.Msg.GetParts()) != 1 {
			return fmt.Errorf("presign part %d: server returned %d URLs", n, len(res.Msg.GetParts()))
		}
		if last = c.put(ctx, res.Msg.GetParts()[0], body); last == nil {
			return nil
		}
		if errors.Is(last, errChangedPart) {
			return fmt.Errorf("upload part %d: %w", n, last) // the same bytes fail again
		}
	}
	return fmt.Errorf("upload part %d: %w", n, last)
}

func (c *Client) put(ctx context.Context, p *uploadv1.PresignedPart, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, p.GetUrl(), bytes.NewReader(body))
	if err != nil {
		return err
	}
	for k, v := range p.GetHeaders() {
		req.Header.Set(k, v)
	}
	req.ContentLength = int64(len(body))
	res, err := c.httpClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(res.Body, 512))
		err := fmt.Errorf("object store answered %s: %s", res.Status, bytes.TrimSpace(msg))
		if res.StatusCode == http.StatusBadRequest && bytes.Contains(msg, []byte("BadDigest")) {
			return fmt.Errorf("%w: %w", errChangedPart, err)
		}
		return err
	}
	return nil
}

func hashSection(r io.ReaderAt, off, n int64) ([]byte, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, off, n)); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
