package upload

import (
	"context"
	"errors"
	"fmt"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db/dbq"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
)

// GetUpload reports the upload and, while it is open, the parts S3 holds,
// so a client on any device resumes where the last one stopped.
func (s *Service) GetUpload(ctx context.Context, req *connect.Request[uploadv1.GetUploadRequest]) (*connect.Response[uploadv1.GetUploadResponse], error) {
	u, err := s.owned(ctx, req.Msg.UploadId)
	if err != nil {
		return nil, err
	}
	var parts []part
	joined := false
	if u.State == dbq.UploadStateOpen {
		parts, err = s.storedParts(ctx, u)
		if noSuchUpload(err) {
			// A completion joined the parts and then stopped short of its
			// verdict: every byte is stored, CompleteUpload finishes it.
			_, err = s.deps.S3.StatObject(ctx, s.deps.Bucket, u.ObjectKey, minio.StatObjectOptions{})
			joined = err == nil
		}
		if err != nil {
			return nil, fmt.Errorf("upload %s: %w", u.ID, err)
		}
	}
	out := toProto(u, parts)
	if joined {
		out.CommittedBytes = out.SizeBytes
	}
	return connect.NewResponse(&uploadv1.GetUploadResponse{Upload: out}), nil
}

// AbortUpload discards the upload and its parts. Aborting an upload that
// already ended (aborted, expired, failed) is a no-op; a completed one
// cannot be aborted.
func (s *Service) AbortUpload(ctx context.Context, req *connect.Request[uploadv1.AbortUploadRequest]) (*connect.Response[uploadv1.AbortUploadResponse], error) {
	u, err := s.owned(ctx, req.Msg.UploadId)
	if err != nil {
		return nil, err
	}
	switch u.State {
	case dbq.UploadStateCompleted, dbq.UploadStateVerifying:
		return nil, fmt.Errorf("%w: upload %s is %s", ErrState, u.ID, u.State)
	case dbq.UploadStateOpen:
		abort := func(q *dbq.Queries) (int64, error) {
			return q.FinishUpload(ctx, dbq.FinishUploadParams{ID: u.ID, State: dbq.UploadStateAborted, Reason: "aborted by its owner"})
		}
		if err := s.end(ctx, u, abort); err != nil {
			return nil, err
		}
	}
	return connect.NewResponse(&uploadv1.AbortUploadResponse{}), nil
}

// end moves an upload to a final state and discards its bytes: the key is
// queued for the object sweeper in the same transaction (so it goes even
// if storage is down now), then removed right away when storage answers.
// finish reports how many rows it ended (0: someone else ended it first).
func (s *Service) end(ctx context.Context, u dbq.Upload, finish func(q *dbq.Queries) (int64, error)) error {
	err := s.deps.Store.WithTx(ctx, func(q *dbq.Queries) error {
		n, err := finish(q)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("%w: upload %s ended meanwhile", ErrState, u.ID)
		}
		return q.EnqueueObjectDeletion(ctx, u.ObjectKey)
	})
	if err != nil {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	if s.discard(ctx, u) {
		_ = s.deps.Store.DoneObjectDeletion(ctx, u.ObjectKey)
	}
	return nil
}

// discard aborts the multipart upload and removes the object, and says
// whether both worked; the object sweeper retries whatever fails here.
func (s *Service) discard(ctx context.Context, u dbq.Upload) bool {
	ok := true
	if err := s.core.AbortMultipartUpload(ctx, s.deps.Bucket, u.ObjectKey, u.S3UploadID); err != nil && !noSuchUpload(err) {
		s.deps.Log.Warn("abort multipart upload failed; the sweeper will retry", "upload", u.ID, "err", err)
		ok = false
	}
	if err := s.deps.S3.RemoveObject(ctx, s.deps.Bucket, u.ObjectKey, minio.RemoveObjectOptions{}); err != nil {
		s.deps.Log.Warn("remove object failed; the sweeper will retry", "upload", u.ID, "err", err)
		ok = false
	}
	return ok
}

func noSuchUpload(err error) bool {
	var resp minio.ErrorResponse
	return errors.As(err, &resp) && resp.Code == minio.NoSuchUpload
}
