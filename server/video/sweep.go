package video

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db/dbq"
)

// sweepBatch is how many prefixes one sweep claims at a time.
const sweepBatch = 20

func (s *Service) sweepLoop(ctx context.Context) {
	t := time.NewTicker(s.cfg.SweepInterval)
	defer t.Stop()
	for {
		if _, err := s.Sweep(ctx); err != nil && ctx.Err() == nil {
			s.deps.Log.Warn("object sweep failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Sweep removes the objects of deleted videos that are due, and returns
// how many prefixes it emptied. A prefix that fails is retried later with
// exponential backoff; it stays queued until storage confirms it is gone.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	lease := interval(10 * time.Minute)
	items, err := s.deps.Store.ClaimObjectDeletions(ctx, dbq.ClaimObjectDeletionsParams{Lease: lease, Lim: sweepBatch})
	if err != nil {
		return 0, fmt.Errorf("claim object deletions: %w", err)
	}
	done := 0
	for _, it := range items {
		err := RemovePrefix(ctx, s.deps.S3, s.deps.Bucket, it.Prefix)
		if err == nil {
			if err := s.deps.Store.DoneObjectDeletion(ctx, it.Prefix); err != nil {
				return done, fmt.Errorf("finish object deletion: %w", err)
			}
			done++
			continue
		}
		backoff := min(time.Duration(1<<min(it.Attempts, 20))*time.Second, s.cfg.SweepMaxBackoff)
		s.deps.Log.Warn("removing objects failed; will retry", "prefix", it.Prefix, "attempt", it.Attempts, "in", backoff, "err", err)
		if err := s.deps.Store.RetryObjectDeletion(ctx, dbq.RetryObjectDeletionParams{
			LastError: err.Error(), Backoff: interval(backoff), Prefix: it.Prefix,
		}); err != nil {
			return done, fmt.Errorf("reschedule object deletion: %w", err)
		}
	}
	return done, nil
}

// RemovePrefix deletes every object and aborts every multipart upload
// under prefix in bucket. It reports success only when listing worked, so
// a prefix is never dropped from the queue on a partial view.
func RemovePrefix(ctx context.Context, client *minio.Client, bucket, prefix string) error {
	var keys []minio.ObjectInfo
	for obj := range client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			return fmt.Errorf("list %s: %w", prefix, obj.Err)
		}
		keys = append(keys, obj)
	}
	ch := make(chan minio.ObjectInfo, len(keys))
	for _, k := range keys {
		ch <- k
	}
	close(ch)
	var errs []error
	for res := range client.RemoveObjects(ctx, bucket, ch, minio.RemoveObjectsOptions{}) {
		errs = append(errs, fmt.Errorf("remove %s: %w", res.ObjectName, res.Err))
	}
	return errors.Join(append(errs, abortUploads(ctx, client, bucket, prefix))...)
}

func abortUploads(ctx context.Context, client *minio.Client, bucket, prefix string) error {
	core := minio.Core{Client: client}
	var errs []error
	keyMarker, idMarker := "", ""
	for {
		ups, err := core.ListMultipartUploads(ctx, bucket, prefix, keyMarker, idMarker, "", 1000)
		if err != nil {
			return fmt.Errorf("list multipart uploads under %s: %w", prefix, err)
		}
		for _, u := range ups.Uploads {
			if err := core.AbortMultipartUpload(ctx, bucket, u.Key, u.UploadID); err != nil {
				errs = append(errs, fmt.Errorf("abort upload of %s: %w", u.Key, err))
			}
		}
		if !ups.IsTruncated {
			return errors.Join(errs...)
		}
		keyMarker, idMarker = ups.NextKeyMarker, ups.NextUploadIDMarker
	}
}

func interval(d time.Duration) pgtype.Interval {
	return pgtype.Interval{Microseconds: d.Microseconds(), Valid: true}
}
