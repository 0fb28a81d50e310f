package transcode

import (
	"context"
	"fmt"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/lifecycle"
	"github.com/streamgate/streamgate/server/video"
	"github.com/streamgate/streamgate/server/webhook"
)

// Run returns expired leases to the queue every RescueInterval until
// ctx ends.
func (s *Service) Run(ctx context.Context) error {
	return lifecycle.Every(ctx, s.cfg.RescueInterval, func(ctx context.Context) {
		if _, err := s.Rescue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("transcode: rescue expired leases", "err", err)
		}
	})
}

// Rescue hands every job whose lease expired back to the queue (after
// backoff), or kills it and fails its video when it has no attempt
// left. The expired attempts' outputs are queued for deletion. It
// returns how many jobs it rescued.
func (s *Service) Rescue(ctx context.Context) (int, error) {
	total := 0
	for {
		var n int
		err := s.store.WithTx(ctx, func(q *dbq.Queries) error {
			jobs, err := q.RescueExpiredTranscodeJobs(ctx, dbq.RescueExpiredTranscodeJobsParams{
				BackoffCap: s.cfg.BackoffMax.Seconds(), BackoffBase: s.cfg.BackoffBase.Seconds(), MaxJobs: 100,
			})
			if err != nil {
				return err
			}
			n = len(jobs)
			for _, j := range jobs {
				if err := s.abandonAttempt(ctx, q, j); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("rescue jobs: %w", err)
		}
		total += n
		if n < 100 {
			return total, nil
		}
	}
}

// abandonAttempt is what follows an attempt that will never complete:
// its outputs are garbage (and unpublished, if it published early), and a
// dead job fails its video.
func (s *Service) abandonAttempt(ctx context.Context, q *dbq.Queries, j dbq.TranscodeJob) error {
	prefix := AttemptPrefix(j.VideoID, j.ID, j.Attempt)
	// What the attempt published early stops playing with this commit;
	// its objects go with the prefix.
	if _, err := q.TranscodeUnpublishEarly(ctx, dbq.TranscodeUnpublishEarlyParams{ID: j.VideoID, HlsPrefix: prefix}); err != nil {
		return fmt.Errorf("unpublish early ladder: %w", err)
	}
	if err := q.TranscodeQueueDeletion(ctx, prefix); err != nil {
		return err
	}
	if j.State == dbq.JobStateDead {
		s.log.Warn("transcode: job dead", "job", j.ID, "video", j.VideoID, "attempts", j.Attempt, "last_error", j.LastError)
		if err := q.TranscodeFailVideo(ctx, dbq.TranscodeFailVideoParams{ID: j.VideoID, FailureReason: j.LastError}); err != nil {
			return err
		}
		return video.Emit(ctx, q, webhook.VideoFailed, j.VideoID)
	}
	return q.TranscodeSetVideoProgress(ctx, dbq.TranscodeSetVideoProgressParams{ID: j.VideoID, Progress: 0})
}
