package upload

import (
	"context"
	"fmt"

	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db/dbq"
)

// part is a part the object store holds.
type part struct {
	Number int
	Size   int64
	ETag   string
	// SHA256 is base64, as S3 reports it.
	SHA256 string
}

// plan picks the part size and count for a file of size bytes: the
// configured size, grown (in whole MiB) when 10,000 parts would not do.
func plan(size, preferred int64) (partSize int64, count int32) {
	partSize = max(preferred, MinPartSize)
	if need := (size + maxParts - 1) / maxParts; need > partSize {
		partSize = (need + 1<<20 - 1) &^ (1<<20 - 1)
	}
	return partSize, int32((size + partSize - 1) / partSize)
}

// chosenPlan is the plan for a part size the client chose: S3's limits
// (5 MiB to 5 GiB, at most 10000 parts), or ErrBadPart.
func chosenPlan(size int64, partSize uint64) (int64, int32, error) {
	if partSize < MinPartSize || partSize > maxPartSize {
		return 0, 0, fmt.Errorf("%w: part_size %d: want %d to %d bytes", ErrBadPart, partSize, MinPartSize, int64(maxPartSize))
	}
	count := (uint64(size) + partSize - 1) / partSize
	if count > maxParts {
		return 0, 0, fmt.Errorf("%w: part_size %d makes %d parts of a %d-byte file; at most %d are allowed", ErrBadPart, partSize, count, size, maxParts)
	}
	return int64(partSize), int32(count), nil
}

// wantSize is how long part n (1-based) of u must be.
func wantSize(u dbq.Upload, n int) int64 {
	if n == int(u.PartCount) {
		return u.SizeBytes - int64(u.PartCount-1)*u.PartSize
	}
	return u.PartSize
}

// storedParts lists every part of u's multipart upload.
func (s *Service) storedParts(ctx context.Context, u dbq.Upload) ([]part, error) {
	var out []part
	marker := 0
	for {
		res, err := s.core.ListObjectParts(ctx, s.deps.Bucket, u.ObjectKey, u.S3UploadID, marker, 1000)
		if err != nil {
			return nil, fmt.Errorf("list parts: %w", err)
		}
		for _, p := range res.ObjectParts {
			out = append(out, part{Number: p.PartNumber, Size: p.Size, ETag: p.ETag, SHA256: p.ChecksumSHA256})
		}
		if !res.IsTruncated || res.NextPartNumberMarker <= marker {
			return out, nil
		}
		marker = res.NextPartNumberMarker
	}
}

// committed is how many bytes from the start of the file are stored in
// parts of the right size: where a stream resumes.
func committed(u dbq.Upload, parts []part) int64 {
	byNum := map[int]part{}
	for _, p := range parts {
		byNum[p.Number] = p
	}
	var n int64
	for i := 1; i <= int(u.PartCount); i++ {
		p, ok := byNum[i]
		if !ok || p.Size != wantSize(u, i) {
			break
		}
		n += p.Size
	}
	return n
}

// completeParts checks that every planned part is stored with its size
// and returns them in order for CompleteMultipartUpload.
func completeParts(u dbq.Upload, parts []part) ([]minio.CompletePart, error) {
	byNum := map[int]part{}
	for _, p := range parts {
		byNum[p.Number] = p
	}
	out := make([]minio.CompletePart, 0, u.PartCount)
	var missing []int
	for i := 1; i <= int(u.PartCount); i++ {
		p, ok := byNum[i]
		if !ok {
			missing = append(missing, i)
			continue
		}
		if want := wantSize(u, i); p.Size != want {
			return nil, fmt.Errorf("%w: part %d holds %d bytes, want %d; upload it again", ErrIncomplete, i, p.Size, want)
		}
		out = append(out, minio.CompletePart{PartNumber: i, ETag: p.ETag, ChecksumSHA256: p.SHA256})
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: %d of %d parts are missing (first: part %d)", ErrIncomplete, len(missing), u.PartCount, missing[0])
	}
	if extra := len(parts) - len(out); extra > 0 {
		return nil, fmt.Errorf("%w: %d parts beyond part %d are stored; the declared size is %d bytes", ErrSizeMismatch, extra, u.PartCount, u.SizeBytes)
	}
	return out, nil
}
