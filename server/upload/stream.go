package upload

import (
	"context"
	"errors"
	"fmt"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/db/dbq"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/ident"
)

// UploadStream takes the file as a header then chunks. Full parts are
// stored as they fill (each with its SHA-256, which S3 checks); when the
// last byte arrives the upload completes as CompleteUpload does. A stream
// that ends early keeps every full part and answers the open upload, whose
// committed_bytes is where the next stream resumes.
func (s *Service) UploadStream(ctx context.Context, stream *connect.ClientStream[uploadv1.UploadStreamRequest]) (*connect.Response[uploadv1.UploadStreamResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	if !stream.Receive() {
		if err := stream.Err(); err != nil {
			return nil, err
		}
		return nil, invalid("the stream is empty: send a header first")
	}
	hdr := stream.Msg().GetHeader()
	if hdr == nil {
		return nil, invalid("the first message must be the header")
	}
	select {
	case s.streams <- struct{}{}:
		defer func() { <-s.streams }()
	default:
		return nil, ErrBusy
	}
	u, err := s.streamTarget(ctx, caller, hdr)
	if err != nil {
		return nil, err
	}
	w, err := s.resumeAt(ctx, u, int64(hdr.Offset))
	if err != nil {
		return nil, err
	}
	defer w.cleanup()
	for stream.Receive() {
		chunk := stream.Msg().GetChunk()
		if stream.Msg().GetHeader() != nil {
			w.close()
			return nil, invalid("only the first message may be a header")
		}
		if err := w.write(chunk); err != nil {
			w.close()
			return nil, err
		}
	}
	recvErr := stream.Err()
	if err := errors.Join(recvErr, w.close()); err != nil {
		return nil, err
	}
	if w.pos == u.SizeBytes {
		if u, err = s.complete(ctx, u, w.local()); err != nil {
			return nil, err
		}
		return connect.NewResponse(&uploadv1.UploadStreamResponse{Upload: toProto(u, nil)}), nil
	}
	parts, err := s.storedParts(ctx, u)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&uploadv1.UploadStreamResponse{Upload: toProto(u, parts)}), nil
}

// streamTarget starts the upload the header declares, or loads the one it
// resumes.
func (s *Service) streamTarget(ctx context.Context, caller authn.Caller, hdr *uploadv1.UploadStreamHeader) (dbq.Upload, error) {
	if hdr.UploadId == "" {
		if hdr.VideoId == "" || hdr.SizeBytes == 0 || hdr.Sha256 == "" {
			return dbq.Upload{}, invalid("header: a new upload needs video_id, size_bytes and sha256; a resumed one needs upload_id")
		}
		videoID, err := ident.Parse("header.video_id", hdr.VideoId)
		if err != nil {
			return dbq.Upload{}, err
		}
		return s.open(ctx, caller, videoID, int64(hdr.SizeBytes), hdr.Sha256, hdr.ContentType)
	}
	u, err := s.owned(ctx, hdr.UploadId)
	if err != nil {
		return u, err
	}
	if hdr.SizeBytes != 0 && int64(hdr.SizeBytes) != u.SizeBytes ||
		hdr.Sha256 != "" && !equalFoldHex(hdr.Sha256, u.Sha256) ||
		hdr.VideoId != "" && hdr.VideoId != u.VideoID.String() {
		return u, invalid("header: size_bytes, sha256 or video_id differ from the upload being resumed")
	}
	return u, s.writable(u)
}

// resumeAt checks where the stream starts and returns a writer there.
func (s *Service) resumeAt(ctx context.Context, u dbq.Upload, off int64) (*partWriter, error) {
	parts, err := s.storedParts(ctx, u)
	if err != nil {
		return nil, err
	}
	have := committed(u, parts)
	if off%u.PartSize != 0 || off > have {
		return nil, fmt.Errorf("%w: offset %d; resume at %d (committed_bytes), or any multiple of %d below it", ErrOffset, off, have, u.PartSize)
	}
	return s.newPartWriter(ctx, u, off), nil
}

func equalFoldHex(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}
