package upload

import (
	"context"
	"fmt"

	"github.com/streamgate/streamgate/db/dbq"
)

// SweepExpired ends uploads left unfinished past their expiry (and
// verifications whose server died): each is marked expired and its parts
// and object are discarded. It returns how many it expired.
func (s *Service) SweepExpired(ctx context.Context) (int, error) {
	staleBefore := s.now().Add(-s.cfg.VerifyStaleAfter)
	due, err := s.deps.Store.DueExpiredUploads(ctx, dbq.DueExpiredUploadsParams{StaleBefore: staleBefore, Lim: 100})
	if err != nil {
		return 0, fmt.Errorf("find expired uploads: %w", err)
	}
	n := 0
	for _, u := range due {
		reason := fmt.Sprintf("expired: not completed within %s", s.cfg.Expiry)
		expire := func(q *dbq.Queries) (int64, error) {
			return q.ExpireUpload(ctx, dbq.ExpireUploadParams{ID: u.ID, Reason: reason, StaleBefore: staleBefore})
		}
		if err := s.end(ctx, u, expire); err != nil {
			s.deps.Log.Warn("expire upload", "upload", u.ID, "err", err)
			continue
		}
		n++
	}
	return n, nil
}
