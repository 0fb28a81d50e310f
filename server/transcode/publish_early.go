package transcode

import (
	"context"
	"encoding/json"
	"fmt"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/db/dbq"
	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
)

// PublishEarly points a processing video at the attempt's prefix while
// the attempt is still encoding, once the worker has uploaded the master
// playlist and each rendition's first segments under an EVENT playlist.
// Fenced by the lease like every other call: a stale worker publishes
// nothing. abandonAttempt takes it back when the attempt never completes.
func (s *Service) PublishEarly(ctx context.Context, req *connect.Request[transcodev1.PublishEarlyRequest]) (*connect.Response[transcodev1.PublishEarlyResponse], error) {
	m := req.Msg
	l, err := parseLease(m.GetJobId(), m.GetLeaseToken())
	if err != nil {
		return nil, err
	}
	renditions, files, err := outputsOf(m.GetMasterPlaylist(), m.GetRenditions())
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadCompletion, err)
	}
	j, err := s.locked(ctx, s.store.Queries, l)
	if err != nil {
		return nil, err
	}
	prefix := AttemptPrefix(j.VideoID, j.ID, j.Attempt)
	if err := s.checkUploaded(ctx, prefix, files); err != nil {
		return nil, err
	}
	doc, err := json.Marshal(renditions)
	if err != nil {
		return nil, err
	}
	var published bool
	err = s.store.WithTx(ctx, func(q *dbq.Queries) error {
		// Locking the job again fences the update: a rescue that took the
		// lease since the check above has queued the prefix for deletion.
		if _, err := s.locked(ctx, q, l); err != nil {
			return err
		}
		n, err := q.TranscodePublishEarly(ctx, dbq.TranscodePublishEarlyParams{ID: j.VideoID, HlsPrefix: prefix, Renditions: doc})
		published = n == 1
		return err
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&transcodev1.PublishEarlyResponse{Published: published}), nil
}
