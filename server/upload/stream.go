package upload

import (
	"context"
	"errors"
	"fmt"
	"time"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/db/dbq"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/ident"
)

// UploadStream takes the file as a header, chunks, and for an upload that
// declared no checksum a trailer that does. Full parts are stored as they
// fill (each with its SHA-256, which S3 checks); when the last byte (and
// the trailer) arrives the upload completes as CompleteUpload does. A stream
// that ends early keeps every full part and answers the open upload, whose
// committed_bytes is where the next stream resumes.
func (s *Service) UploadStream(ctx context.Context, stream *connect.ClientStream[uploadv1.UploadStreamRequest]) (*connect.Response[uploadv1.UploadStreamResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	clock := clockOf(ctx)
	if !stream.Receive() {
		if clock.expired() {
			return nil, fmt.Errorf("%w: no header within %s of the call", ErrStreamIdle, s.cfg.StreamHeaderTimeout)
		}
		if err := stream.Err(); err != nil {
			return nil, err
		}
		return nil, invalid("the stream is empty: send a header first")
	}
	hdr := stream.Msg().GetHeader()
	if hdr == nil {
		return nil, invalid("the first message must be the header")
	}
	release, err := s.slots.take(caller.Address)
	if err != nil {
		return nil, err
	}
	defer release()
	u, err := s.streamTarget(ctx, caller, hdr)
	if err != nil {
		return nil, err
	}
	w, err := s.resumeAt(ctx, u, int64(hdr.Offset), hdr.PartChecksums, hdr.UploadId == "")
	if err != nil {
		return nil, err
	}
	defer w.cleanup()
	clock.next()
	var trailer *uploadv1.UploadStreamTrailer
	for stream.Receive() {
		msg := stream.Msg()
		switch {
		case trailer != nil:
			w.close()
			return nil, invalid("the trailer must be the last message")
		case msg.GetHeader() != nil:
			w.close()
			return nil, invalid("only the first message may be a header")
		case msg.GetTrailer() != nil:
			if trailer = msg.GetTrailer(); w.pos != u.SizeBytes {
				w.close()
				return nil, invalid(fmt.Sprintf("a trailer after %d of the %d bytes: it follows the file's last byte", w.pos, u.SizeBytes))
			}
			if p := w.awaiting; p != nil {
				w.close()
				return nil, invalid(fmt.Sprintf("a trailer before part %d's part_checksum: it follows the last part's", p.n))
			}
		case msg.GetPartChecksum() != nil:
			if err := w.checksum(msg.GetPartChecksum()); err != nil {
				w.close()
				return nil, err
			}
		default:
			if err := w.write(msg.GetChunk()); err != nil {
				w.close()
				return nil, err
			}
		}
		clock.next()
	}
	recvErr := stream.Err()
	idle := recvErr != nil && clock.expired()
	clock.stop()
	if p := w.awaiting; recvErr == nil && p != nil {
		w.close()
		return nil, invalid(fmt.Sprintf("the stream ended before part %d's part_checksum, so that part is not stored; resume at committed_bytes (GetUpload)", p.n))
	}
	if recvErr == nil && w.pos == u.SizeBytes {
		// The whole file is here: its probe reads the copy while the
		// last parts are stored.
		w.copyDone()
	}
	if err := errors.Join(recvErr, w.close()); err != nil {
		if idle {
			return nil, s.idleEnd(ctx, u, hdr.UploadId == "", w)
		}
		return nil, err
	}
	// The whole file is here: it completes, unless the upload declared no
	// checksum and the stream ended without declaring one in its trailer
	// (then CompleteUpload does, and the upload stays open for it).
	if w.pos == u.SizeBytes && (trailer != nil || u.Sha256 != "" || u.PartsSha256 != "") {
		if u, err = declare(u, trailer.GetPartsSha256()); err != nil {
			return nil, err
		}
		if u, err = s.completeOnce(ctx, u, w.local()); err != nil {
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

// idleEnd answers a stream whose client went quiet. An upload the stream
// opened itself and stored nothing of is aborted, with its S3 multipart
// upload: a header alone must not hold storage until the upload expires.
// Anything else keeps its stored parts for a resume, as a dropped stream
// does.
func (s *Service) idleEnd(ctx context.Context, u dbq.Upload, opened bool, w *partWriter) error {
	idle := fmt.Errorf("%w: no message within %s", ErrStreamIdle, s.cfg.StreamIdleTimeout)
	if !opened || w.stored() > 0 {
		return fmt.Errorf("%w; resume at committed_bytes (GetUpload)", idle)
	}
	// The client's connection may be gone already (HTTP/1.1 drops it
	// with the read): the abort is the server's own, with its own bound.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	reason := fmt.Sprintf("aborted: its upload stream sent nothing for %s", s.cfg.StreamIdleTimeout)
	abort := func(q *dbq.Queries) (int64, error) {
		return q.FinishUpload(ctx, dbq.FinishUploadParams{ID: u.ID, State: dbq.UploadStateAborted, Reason: reason})
	}
	if err := s.end(ctx, u, abort); err != nil {
		s.deps.Log.Warn("abort idle upload stream's upload; the sweeper will expire it", "upload", u.ID, "err", err)
		return fmt.Errorf("%w; resume at committed_bytes (GetUpload)", idle)
	}
	return fmt.Errorf("%w; the upload it opened held no part and is aborted", idle)
}

// streamTarget starts the upload the header declares, or loads the one it
// resumes.
func (s *Service) streamTarget(ctx context.Context, caller authn.Caller, hdr *uploadv1.UploadStreamHeader) (dbq.Upload, error) {
	if hdr.UploadId == "" {
		if hdr.VideoId == "" || hdr.SizeBytes == 0 || hdr.Sha256 != "" && hdr.PartsSha256 != "" ||
			hdr.PartsSha256 != "" && hdr.PartSize == 0 {
			return dbq.Upload{}, invalid("header: a new upload needs video_id, size_bytes and at most one of sha256 and parts_sha256 (parts_sha256 with part_size; neither: the trailer declares parts_sha256); a resumed one needs upload_id")
		}
		videoID, err := ident.Parse("header.video_id", hdr.VideoId)
		if err != nil {
			return dbq.Upload{}, err
		}
		return s.open(ctx, caller, videoID, declared{
			size: int64(hdr.SizeBytes), sha256: hdr.Sha256, partsSHA256: hdr.PartsSha256, partSize: hdr.PartSize, contentType: hdr.ContentType,
		})
	}
	u, err := s.owned(ctx, hdr.UploadId)
	if err != nil {
		return u, err
	}
	if hdr.SizeBytes != 0 && int64(hdr.SizeBytes) != u.SizeBytes ||
		hdr.Sha256 != "" && !equalFoldHex(hdr.Sha256, u.Sha256) ||
		hdr.PartsSha256 != "" && !equalFoldHex(hdr.PartsSha256, u.PartsSha256) ||
		hdr.PartSize != 0 && int64(hdr.PartSize) != u.PartSize ||
		hdr.VideoId != "" && hdr.VideoId != u.VideoID.String() {
		return u, invalid("header: size_bytes, a checksum, part_size or video_id differ from the upload being resumed")
	}
	return u, s.writable(u)
}

// resumeAt checks where the stream starts and returns a writer there
// (given: the stream sends each part's checksum). An upload the stream
// has just opened (opened) holds no part, so S3 is not asked.
func (s *Service) resumeAt(ctx context.Context, u dbq.Upload, off int64, given, opened bool) (*partWriter, error) {
	var have int64
	if !opened {
		parts, err := s.storedParts(ctx, u)
		if err != nil {
			return nil, err
		}
		have = committed(u, parts)
	}
	// committed_bytes itself is always a resume point: a part boundary, or
	// the size once every part is stored (a server died before the
	// completion), where a stream sends nothing and completes the upload.
	if off > have || off != have && off%u.PartSize != 0 {
		return nil, fmt.Errorf("%w: offset %d; resume at %d (committed_bytes), or any multiple of %d below it", ErrOffset, off, have, u.PartSize)
	}
	return s.newPartWriter(ctx, u, off, given), nil
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
