package upload

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"
	"google.golang.org/protobuf/types/known/timestamppb"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
)

// checksumHeader carries a part's SHA-256; it is signed into the URL, so
// the PUT must send exactly the declared value, and S3 recomputes the
// hash of the body and refuses (400 BadDigest) other bytes.
const checksumHeader = "x-amz-checksum-sha256"

// emptySHA256 is the SHA-256 of nothing, standard base64: the length of
// any part's.
const emptySHA256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

// badDigest tells whether S3 refused a part because its bytes did not
// match the SHA-256 sent with it.
func badDigest(err error) bool {
	return minio.ToErrorResponse(err).Code == "BadDigest"
}

// PresignParts returns a presigned PUT URL per part, bound to the part's
// declared SHA-256 and its planned size (Content-Length): S3 refuses any
// other body. Presigning the last part starts the completion's probe
// (prepareProbe).
func (s *Service) PresignParts(ctx context.Context, req *connect.Request[uploadv1.PresignPartsRequest]) (*connect.Response[uploadv1.PresignPartsResponse], error) {
	u, err := s.owned(ctx, req.Msg.UploadId)
	if err != nil {
		return nil, err
	}
	if err := s.writable(u); err != nil {
		return nil, err
	}
	ttl := min(s.cfg.PresignTTL, u.ExpiresAt.Sub(s.now()))
	expires := s.now().Add(ttl)
	res := &uploadv1.PresignPartsResponse{}
	last := false
	for _, p := range req.Msg.Parts {
		if p.Number > uint32(u.PartCount) {
			return nil, fmt.Errorf("%w: part %d; this upload has parts 1 to %d", ErrBadPart, p.Number, u.PartCount)
		}
		q := url.Values{"partNumber": {strconv.Itoa(int(p.Number))}, "uploadId": {u.S3UploadID}}
		h := http.Header{}
		h.Set(checksumHeader, p.Sha256)
		h.Set("Content-Length", strconv.FormatInt(wantSize(u, int(p.Number)), 10))
		signed, err := s.deps.S3.PresignHeader(ctx, http.MethodPut, s.deps.Bucket, u.ObjectKey, ttl, q, h)
		if err != nil {
			return nil, fmt.Errorf("presign part %d: %w", p.Number, err)
		}
		res.Parts = append(res.Parts, &uploadv1.PresignedPart{
			Number:     p.Number,
			Url:        signed.String(),
			Headers:    map[string]string{checksumHeader: p.Sha256},
			ExpireTime: timestamppb.New(expires),
		})
		last = last || p.Number == uint32(u.PartCount)
	}
	if last {
		s.prepareProbe(ctx, u) // the completion is near
	}
	return connect.NewResponse(res), nil
}
