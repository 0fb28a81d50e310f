package transcode

import (
	"context"
	"fmt"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/db/dbq"
	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
	"github.com/streamgate/streamgate/internal/redact"
)

// FailJob ends the caller's attempt. A retryable failure with attempts
// left goes back to the queue after backoff; otherwise the job is dead
// and its video failed with the error. Either way the attempt's outputs
// are queued for deletion.
func (s *Service) FailJob(ctx context.Context, req *connect.Request[transcodev1.FailJobRequest]) (*connect.Response[transcodev1.FailJobResponse], error) {
	m := req.Msg
	// The error becomes the video's failure reason, which viewers see:
	// a worker's URL must not publish its query (a presigned signature).
	reason := redact.URLs(m.GetError())
	l, err := parseLease(m.GetJobId(), m.GetLeaseToken())
	if err != nil {
		return nil, err
	}
	var dead bool
	err = s.store.WithTx(ctx, func(q *dbq.Queries) error {
		j, err := s.locked(ctx, q, l)
		if err != nil {
			return err
		}
		if m.GetRetryable() && j.Attempt < j.MaxAttempts {
			j, err = q.RetryTranscodeJob(ctx, dbq.RetryTranscodeJobParams{
				ID: l.job, LeaseToken: l.token, LastError: reason,
				BackoffCap: s.cfg.BackoffMax.Seconds(), BackoffBase: s.cfg.BackoffBase.Seconds(),
			})
		} else {
			j, err = q.KillTranscodeJob(ctx, dbq.KillTranscodeJobParams{ID: l.job, LeaseToken: l.token, LastError: reason})
		}
		if err != nil {
			return fmt.Errorf("end attempt: %w", err)
		}
		dead = j.State == dbq.JobStateDead
		return s.abandonAttempt(ctx, q, j)
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&transcodev1.FailJobResponse{Dead: dead}), nil
}
