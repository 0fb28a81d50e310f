package transcode

import (
	"context"
	"fmt"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
)

// Heartbeat extends the caller's lease and records progress on the job
// and its video (where WatchVideo sees it).
func (s *Service) Heartbeat(ctx context.Context, req *connect.Request[transcodev1.HeartbeatRequest]) (*connect.Response[transcodev1.HeartbeatResponse], error) {
	l, err := parseLease(req.Msg.GetJobId(), req.Msg.GetLeaseToken())
	if err != nil {
		return nil, err
	}
	q := s.store.Queries
	if l.token == nil {
		return nil, s.fenced(ctx, q, l.job, db.ErrNotFound)
	}
	// One transaction: the fenced job update locks the row, so a rescue
	// that takes the lease cannot slip between it and the video's
	// progress, and a stale worker's progress never lands.
	var j dbq.TranscodeJob
	var lost error
	err = s.store.WithTx(ctx, func(tx *dbq.Queries) error {
		var err error
		j, err = tx.HeartbeatTranscodeJob(ctx, dbq.HeartbeatTranscodeJobParams{
			ID: l.job, LeaseToken: l.token, LeaseSeconds: s.leaseSeconds(), Progress: req.Msg.GetProgress(),
		})
		if err != nil {
			lost = err
			return err
		}
		return tx.TranscodeSetVideoProgress(ctx, dbq.TranscodeSetVideoProgressParams{ID: j.VideoID, Progress: j.Progress})
	})
	if lost != nil {
		return nil, s.fenced(ctx, q, l.job, lost)
	}
	if err != nil {
		return nil, fmt.Errorf("record progress: %w", err)
	}
	return connect.NewResponse(&transcodev1.HeartbeatResponse{LeaseExpireTime: timestamppb.New(*j.LeaseExpiresAt)}), nil
}
