package upload

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"slices"

	"github.com/streamgate/streamgate/db/dbq"
)

// An upload declares one of two checksums (CreateUploadRequest): the
// whole file's SHA-256, or the SHA-256 of its parts' SHA-256 digests, in
// part order (what S3 calls an object's composite SHA-256). Every part
// carries its own SHA-256, which S3 checks as the part is stored
// (PresignParts signs it into the URL; a stream sends it as a trailer), so
// the composite of the joined parts can be checked from the digests S3
// reports, without hashing the file again: equal composites mean the same
// digests in the same order, so the same bytes.

// sums is what completion computed over what was stored: the whole
// file's SHA-256 and the parts' composite SHA-256, hex, each empty when it
// was not computed.
type sums struct {
	whole, parts string
}

// composite is the parts' composite SHA-256 (hex) of digests, the raw
// SHA-256 of parts 1 to n in order.
func composite(digests [][]byte) string {
	h := sha256.New()
	for _, d := range digests {
		h.Write(d)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// partDigests returns the raw SHA-256 of each of u's parts, in order, from
// b64 (part number -> base64 digest, as S3 reports it), or false when a
// part or its digest is missing.
func partDigests(u dbq.Upload, b64 func(n int) (string, bool)) ([][]byte, bool) {
	out := make([][]byte, 0, u.PartCount)
	for n := 1; n <= int(u.PartCount); n++ {
		s, ok := b64(n)
		if !ok {
			return nil, false
		}
		d, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(d) != sha256.Size {
			return nil, false
		}
		out = append(out, d)
	}
	return out, true
}

// joinedComposite is the composite SHA-256 of the joined parts, from the
// digests S3 checked them against, or false when a part has none.
func joinedComposite(u dbq.Upload, joined []part) (string, bool) {
	if len(joined) != int(u.PartCount) {
		return "", false
	}
	byNum := slices.Clone(joined)
	slices.SortFunc(byNum, func(a, b part) int { return a.Number - b.Number })
	d, ok := partDigests(u, func(n int) (string, bool) {
		p := byNum[n-1]
		return p.SHA256, p.Number == n && p.SHA256 != ""
	})
	if !ok {
		return "", false
	}
	return composite(d), true
}

// partsHash computes the composite SHA-256 of what is written to it, cut
// into parts of size bytes (the last one may be shorter).
type partsHash struct {
	size int64
	n    int64 // bytes of the current part written
	part hash.Hash
	all  hash.Hash
}

func newPartsHash(size int64) *partsHash {
	return &partsHash{size: size, part: sha256.New(), all: sha256.New()}
}

func (h *partsHash) Write(b []byte) (int, error) {
	total := len(b)
	for len(b) > 0 {
		k := int(min(int64(len(b)), h.size-h.n))
		h.part.Write(b[:k])
		h.n += int64(k)
		b = b[k:]
		if h.n == h.size {
			h.all.Write(h.part.Sum(nil))
			h.part.Reset()
			h.n = 0
		}
	}
	return total, nil
}

// sum ends the last part and returns the composite, hex; call it once.
func (h *partsHash) sum() string {
	if h.n > 0 {
		h.all.Write(h.part.Sum(nil))
		h.n = 0
	}
	return hex.EncodeToString(h.all.Sum(nil))
}
