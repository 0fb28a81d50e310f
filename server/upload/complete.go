package upload

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/server/video"
	"github.com/streamgate/streamgate/server/webhook"
)

// CompleteUpload joins the parts, checks the whole file against the
// declared SHA-256 and size, probes it, and hands the video to the
// transcode queue. A checksum or size mismatch fails the upload (DataLoss;
// the video keeps waiting for a new upload); a file that is not an
// acceptable video fails the upload and the video (InvalidArgument, with
// the reason on both). Missing parts answer FailedPrecondition and the
// upload stays open. The completion goes on when the caller cancels, and a
// second call while it runs waits for its result (see completions). An
// upload that declared no checksum when it was created declares its
// parts' composite SHA-256 here (see declare).
func (s *Service) CompleteUpload(ctx context.Context, req *connect.Request[uploadv1.CompleteUploadRequest]) (*connect.Response[uploadv1.CompleteUploadResponse], error) {
	u, err := s.owned(ctx, req.Msg.UploadId)
	if err != nil {
		return nil, err
	}
	if u, err = declare(u, req.Msg.PartsSha256); err != nil {
		return nil, err
	}
	if u.State == dbq.UploadStateCompleted {
		return connect.NewResponse(&uploadv1.CompleteUploadResponse{Upload: toProto(u, nil)}), nil
	}
	if u, err = s.completeOnce(ctx, u, nil); err != nil {
		return nil, err
	}
	return connect.NewResponse(&uploadv1.CompleteUploadResponse{Upload: toProto(u, nil)}), nil
}

// declare takes parts, the parts' composite SHA-256 a completion names
// (empty: none), as u's declaration when u declared no checksum when it
// was created; the completion's claim records it. Otherwise parts must be
// empty or the composite u declared. An open upload that declared
// nothing is not completed without it.
func declare(u dbq.Upload, parts string) (dbq.Upload, error) {
	parts = strings.ToLower(parts)
	switch {
	case u.Sha256 != "" && parts != "":
		return u, fmt.Errorf("%w: upload %s declared the whole file's SHA-256; parts_sha256 does not apply to it", ErrDeclaration, u.ID)
	case u.PartsSha256 != "" && parts != "" && parts != u.PartsSha256:
		return u, fmt.Errorf("%w: upload %s declared parts_sha256 %s (when it was created, or in an earlier completion), not %s", ErrDeclaration, u.ID, u.PartsSha256, parts)
	case u.Sha256 == "" && u.PartsSha256 == "":
		if parts == "" && u.State == dbq.UploadStateOpen { // ended ones answer their state
			return u, fmt.Errorf("%w: upload %s declared no checksum when it was created, so its completion must name parts_sha256 (the SHA-256 of its parts' SHA-256 digests)", ErrDeclaration, u.ID)
		}
		u.PartsSha256 = parts
	}
	return u, nil
}

// complete runs the whole completion of an upload the caller owns; local,
// when set, is a copy of the file the server received itself.
func (s *Service) complete(ctx context.Context, u dbq.Upload, local *localCopy) (dbq.Upload, error) {
	if err := s.writable(u); err != nil && u.State != dbq.UploadStateVerifying {
		return u, err
	}
	claimed, err := s.deps.Store.ClaimUploadForVerify(ctx, dbq.ClaimUploadForVerifyParams{
		ID: u.ID, StaleBefore: s.now().Add(-s.cfg.VerifyStaleAfter), PartsSha256: u.PartsSha256,
	})
	if err != nil {
		if errors.Is(err, db.ErrNotFound) {
			return u, fmt.Errorf("%w: upload %s is already being completed, or has ended", ErrState, u.ID)
		}
		return u, fmt.Errorf("claim upload: %w", err)
	}
	u = claimed
	info, err := s.verify(ctx, u, local)
	switch {
	case errors.Is(err, ErrChecksumMismatch):
		return u, s.fail(ctx, u, err, false)
	case errors.Is(err, media.ErrRejected):
		return u, s.fail(ctx, u, err, true)
	case err != nil:
		// Missing parts, or storage/ffprobe trouble: nothing was decided,
		// so the upload opens again for more parts or another try.
		if rerr := s.deps.Store.ReopenUpload(context.WithoutCancel(ctx), u.ID); rerr != nil {
			s.deps.Log.Error("reopen upload", "upload", u.ID, "err", rerr)
		}
		return u, err
	}
	return s.publish(ctx, u, info)
}

// verify joins the parts (unless a previous attempt already did) and
// checks the whole file, then probes a local copy of it.
func (s *Service) verify(ctx context.Context, u dbq.Upload, local *localCopy) (media.Info, error) {
	if local == nil {
		return s.verifyStored(ctx, u, object{}, true)
	}
	// The stream's own copy is checked and probed while S3 joins the parts.
	type verdict struct {
		info media.Info
		err  error
	}
	early := make(chan verdict, 1)
	go func() {
		info, err := s.check(ctx, u, local.file, local.size, local.sums(u))
		early <- verdict{info, err}
	}()
	joined, err := s.join(ctx, u, nil, local.stored)
	v := <-early
	if err != nil {
		return media.Info{}, err
	}
	// A copy of the edges that ffprobe refused is not the whole file's
	// verdict: the object's edges, then all of it, are probed instead.
	if local.covers(joined.parts) && !(local.edges && errors.Is(v.err, media.ErrRejected)) {
		return v.info, v.err
	}
	return s.verifyStored(ctx, u, joined, false)
}

// verifyStored checks and probes the joined object, which the server
// reads back (download), joining the parts first when join is set
// (otherwise joined is what the join left). The probe starts as soon as
// the parts are known to be all there, unless it started when the last
// part was presigned (see prepareProbe), and opens the copy once it is
// complete (see probeFile).
func (s *Service) verifyStored(ctx context.Context, u dbq.Upload, joined object, join bool) (media.Info, error) {
	f, err := s.takeProbeFile(u.ID)
	if err != nil {
		return media.Info{}, err
	}
	defer f.close()
	if join {
		if joined, err = s.join(ctx, u, func() { f.start(ctx) }, nil); err != nil {
			return media.Info{}, err
		}
	} else {
		f.start(ctx)
	}
	return s.download(ctx, u, f, joined)
}

// check compares what arrived with what was declared, then probes it.
func (s *Service) check(ctx context.Context, u dbq.Upload, f *probeFile, size int64, got sums) (media.Info, error) {
	if size != u.SizeBytes {
		return media.Info{}, fmt.Errorf("%w: %d bytes arrived, %d were declared", ErrChecksumMismatch, size, u.SizeBytes)
	}
	if u.Sha256 != "" && got.whole != u.Sha256 {
		return media.Info{}, fmt.Errorf("%w: the stored file's SHA-256 is %s, %s was declared", ErrChecksumMismatch, got.whole, u.Sha256)
	}
	if u.PartsSha256 != "" && got.parts != u.PartsSha256 {
		return media.Info{}, fmt.Errorf("%w: the stored parts' composite SHA-256 is %s, %s was declared", ErrChecksumMismatch, cmp.Or(got.parts, "unknown"), u.PartsSha256)
	}
	return f.probe(ctx)
}

// object is the joined object as its join left it: its size and ETag
// (which binds the reads back to this version of it), and the parts it
// was joined from, nil when a previous attempt joined them.
type object struct {
	size  int64
	etag  string
	parts []part
}

// join completes the S3 multipart upload from the parts it holds (known,
// when the caller stored every one itself; otherwise S3 lists them), and
// returns the object, with no further call to S3: the join's answer
// carries its ETag, and its size is its parts'. When a previous attempt
// joined them already, the object is found there instead (its parts
// unknown). joining, when set, is called once every part is known to be
// there, as the join starts (or when the object is found joined).
func (s *Service) join(ctx context.Context, u dbq.Upload, joining func(), known []part) (object, error) {
	if joining == nil {
		joining = func() {}
	}
	parts, err := known, error(nil)
	if known == nil {
		parts, err = s.storedParts(ctx, u)
	}
	if noSuchUpload(err) {
		if st, serr := s.deps.S3.StatObject(ctx, s.deps.Bucket, u.ObjectKey, minio.StatObjectOptions{}); serr == nil {
			joining()
			return object{size: st.Size, etag: st.ETag}, nil
		}
	}
	if err != nil {
		return object{}, err
	}
	list, err := completeParts(u, parts)
	if err != nil {
		return object{}, err
	}
	joining()
	info, err := s.core.CompleteMultipartUpload(ctx, s.deps.Bucket, u.ObjectKey, u.S3UploadID, list, minio.PutObjectOptions{})
	if err != nil {
		return object{}, fmt.Errorf("join parts: %w", err)
	}
	o := object{etag: info.ETag, parts: parts}
	for _, p := range parts {
		o.size += p.Size
	}
	return o, nil
}

// fail ends the upload with the reason and discards its bytes; a file that
// is not an acceptable video also fails the video, with the same reason.
func (s *Service) fail(ctx context.Context, u dbq.Upload, cause error, failVideo bool) error {
	ctx = context.WithoutCancel(ctx)
	reason := cause.Error()
	ended := true
	err := s.deps.Store.WithTx(ctx, func(q *dbq.Queries) error {
		n, err := q.FinishUpload(ctx, dbq.FinishUploadParams{ID: u.ID, State: dbq.UploadStateFailed, Reason: reason})
		if err != nil {
			return err
		}
		if n == 0 {
			// Someone else ended it first (a completion that took over, the
			// sweeper, an abort): its bytes are theirs to keep or discard.
			ended = false
			return nil
		}
		if failVideo {
			if _, err := q.FailVideoUpload(ctx, dbq.FailVideoUploadParams{ID: u.VideoID, Reason: reason}); err != nil {
				return err
			}
			if err := video.Emit(ctx, q, webhook.VideoFailed, u.VideoID); err != nil {
				return err
			}
		}
		return q.EnqueueObjectDeletion(ctx, u.ObjectKey)
	})
	if err != nil {
		return fmt.Errorf("record failed upload: %w", err)
	}
	if ended && s.discard(ctx, u) {
		_ = s.deps.Store.DoneObjectDeletion(ctx, u.ObjectKey)
	}
	return cause
}

// errEndedMeanwhile: the upload was expired or aborted while it was being
// verified, so it must not be published.
var errEndedMeanwhile = fmt.Errorf("%w: the upload ended while it was being verified", ErrState)

// publish marks the upload completed and the video uploaded, with what the
// probe found, and enqueues its transcode job, all in one transaction.
func (s *Service) publish(ctx context.Context, u dbq.Upload, info media.Info) (dbq.Upload, error) {
	err := s.deps.Store.WithTx(ctx, func(q *dbq.Queries) error {
		n, err := q.MarkVideoUploaded(ctx, dbq.MarkVideoUploadedParams{
			ID: u.VideoID, SourceKey: u.ObjectKey, SizeBytes: u.SizeBytes,
			DurationMs: info.Duration.Milliseconds(), Width: int32(info.Width), Height: int32(info.Height),
			VideoCodec: info.VideoCodec, AudioCodec: info.AudioCodec, SourceFormat: info.Format,
		})
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("%w: video %s no longer waits for an upload", ErrState, u.VideoID)
		}
		n, err = q.FinishUpload(ctx, dbq.FinishUploadParams{ID: u.ID, State: dbq.UploadStateCompleted})
		if err != nil {
			return err
		}
		if n == 0 {
			return errEndedMeanwhile
		}
		if err := emitCompleted(ctx, q, u); err != nil {
			return err
		}
		return s.deps.Queue.Enqueue(ctx, q, u.VideoID)
	})
	if err != nil {
		if errors.Is(err, errEndedMeanwhile) {
			return u, err // rolled back: the video is untouched
		}
		if errors.Is(err, ErrState) {
			return u, s.fail(ctx, u, err, false)
		}
		_ = s.deps.Store.ReopenUpload(context.WithoutCancel(ctx), u.ID)
		return u, fmt.Errorf("publish upload: %w", err)
	}
	u.State = dbq.UploadStateCompleted
	return u, nil
}
