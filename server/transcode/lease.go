package transcode

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/ident"
)

// lease is a (job, token) pair from a request; validation has checked
// the job id is a UUID, but the token is any string.
type lease struct {
	job   uuid.UUID
	token *uuid.UUID
}

// parseLease reads a request's lease. A token that is not a UUID cannot
// hold any job, so it stays nil and every fenced call answers Aborted.
func parseLease(jobID, token string) (lease, error) {
	id, err := ident.Parse("job_id", jobID)
	if err != nil {
		return lease{}, err
	}
	l := lease{job: id}
	if t, err := uuid.Parse(token); err == nil {
		l.token = &t
	}
	return l, nil
}

// fenced turns a fenced query's "no rows" into NotFound when the job does
// not exist and ErrLeaseLost when it does under another lease (or none).
func (s *Service) fenced(ctx context.Context, q *dbq.Queries, jobID uuid.UUID, err error) error {
	if !errors.Is(err, db.ErrNotFound) {
		return err
	}
	if _, gerr := q.GetTranscodeJob(ctx, jobID); errors.Is(gerr, db.ErrNotFound) {
		return fmt.Errorf("transcode job %s: %w", jobID, db.ErrNotFound)
	}
	return ErrLeaseLost
}

// locked returns the job when l holds it, locking its row until the
// transaction of q ends.
func (s *Service) locked(ctx context.Context, q *dbq.Queries, l lease) (dbq.TranscodeJob, error) {
	if l.token == nil {
		return dbq.TranscodeJob{}, s.fenced(ctx, q, l.job, db.ErrNotFound)
	}
	j, err := q.LockLeasedTranscodeJob(ctx, dbq.LockLeasedTranscodeJobParams{ID: l.job, LeaseToken: l.token})
	return j, s.fenced(ctx, q, l.job, err)
}
