package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/lifecycle"
)

// sweepEvery is how often ended sessions are deleted; sweepAfter is how
// long an expired or revoked session is kept (for inspection) first.
const (
	sweepEvery = time.Hour
	sweepAfter = 7 * 24 * time.Hour
	sweepBatch = 1000
)

// Run sweeps ended sessions every hour until ctx ends. Replicas may all
// sweep: the deletes are idempotent.
func (s *Service) Run(ctx context.Context) error {
	return lifecycle.Every(ctx, sweepEvery, func(ctx context.Context) {
		if _, err := s.Sweep(ctx, time.Now().Add(-sweepAfter)); err != nil && ctx.Err() == nil {
			s.d.Log.Warn("sweep ended sessions", "err", err)
		}
	})
}

// Sweep deletes sessions that expired or were revoked before before, in
// batches, and returns how many. Their tokens are refused either way: an
// access token's session must exist, and so must a refresh token's.
func (s *Service) Sweep(ctx context.Context, before time.Time) (int64, error) {
	var total int64
	for {
		n, err := s.d.Store.DeleteEndedSessions(ctx, dbq.DeleteEndedSessionsParams{Before: before, Max: sweepBatch})
		total += n
		if err != nil {
			return total, fmt.Errorf("delete ended sessions: %w", err)
		}
		if n < sweepBatch {
			return total, nil
		}
	}
}
