package transcode

import (
	"context"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/internal/tracing"
)

// Queue is the producer side of the transcode queue. The upload service
// enqueues through it, so the job's settings (MaxAttempts) are this
// package's whether or not the process hosts TranscodeService.
type Queue struct {
	maxAttempts int
}

// NewQueue returns the queue's producer for cfg.
func NewQueue(cfg Config) (*Queue, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Queue{maxAttempts: cfg.MaxAttempts}, nil
}

// Enqueue adds the video's transcode job through q, so it commits or
// rolls back with the caller's transaction. The job keeps ctx's trace
// context, which the worker continues.
func (qu *Queue) Enqueue(ctx context.Context, q *dbq.Queries, videoID uuid.UUID) error {
	_, err := q.EnqueueTranscodeJob(ctx, dbq.EnqueueTranscodeJobParams{
		ID: uuid.New(), VideoID: videoID, MaxAttempts: int32(qu.maxAttempts),
		TraceParent: tracing.TraceParent(ctx),
	})
	return err
}
