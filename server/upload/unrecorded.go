package upload

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
)

// AbortUnrecorded aborts the multipart uploads under originals/ that no
// upload row records, once they are older than --upload-verify-stale.
// open starts the S3 multipart upload before it records it (the row names
// S3's id), so a server killed in between leaves one that no other flow
// would ever abort. It returns how many it aborted, up to 1000 a call.
func (s *Service) AbortUnrecorded(ctx context.Context) (int, error) {
	res, err := s.core.ListMultipartUploads(ctx, s.deps.Bucket, "originals/", "", "", "", 1000)
	if err != nil {
		return 0, fmt.Errorf("list multipart uploads: %w", err)
	}
	staleBefore := s.now().Add(-s.cfg.VerifyStaleAfter)
	n := 0
	for _, m := range res.Uploads {
		if !strings.HasPrefix(m.Key, "originals/") || m.Initiated.After(staleBefore) {
			continue
		}
		id, err := uuid.Parse(path.Base(m.Key))
		if err != nil {
			continue // not a key open makes
		}
		// A recorded upload is ended by its own flows (complete, abort,
		// expiry); a database that cannot answer decides nothing.
		if _, err := s.deps.Store.GetUpload(ctx, id); !errors.Is(err, db.ErrNotFound) {
			continue
		}
		if err := s.core.AbortMultipartUpload(ctx, s.deps.Bucket, m.Key, m.UploadID); err != nil {
			s.deps.Log.Warn("abort unrecorded multipart upload", "key", m.Key, "err", err)
			continue
		}
		n++
	}
	return n, nil
}
