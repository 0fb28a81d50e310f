package transcode

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/reqlog"
)

// KeyURI is the key URI every media playlist names: from
// /play/{token}/{rung}/index.m3u8 it resolves to /play/{token}/key.
const KeyURI = "../key"

// ClaimJob takes the next runnable job, waiting up to req.wait for one:
// a notification from the queue or the poll interval starts another look.
func (s *Service) ClaimJob(ctx context.Context, req *connect.Request[transcodev1.ClaimJobRequest]) (*connect.Response[transcodev1.ClaimJobResponse], error) {
	deadline := s.now().Add(req.Msg.GetWait().AsDuration())
	for {
		woken := s.wake.wait() // taken before looking, so no notification is missed
		job, err := s.claimOnce(ctx, req.Msg.GetWorkerId())
		if err != nil {
			return nil, err
		}
		if job != nil {
			return connect.NewResponse(&transcodev1.ClaimJobResponse{Job: job}), nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			reqlog.Quiet(ctx) // an empty long poll is routine: logged at Debug
			return connect.NewResponse(&transcodev1.ClaimJobResponse{}), nil
		}
		timer := time.NewTimer(min(left, s.cfg.PollInterval))
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case <-woken:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// claimOnce claims one job, or returns nil when none is runnable. The
// claim, the video's move to processing and the content key commit
// together, so a failure leaves the job queued.
func (s *Service) claimOnce(ctx context.Context, workerID string) (*transcodev1.Job, error) {
	for {
		var out *transcodev1.Job
		var skipped bool
		err := s.store.WithTx(ctx, func(q *dbq.Queries) error {
			token := uuid.New()
			j, err := q.ClaimTranscodeJob(ctx, dbq.ClaimTranscodeJobParams{
				LeaseToken: &token, LeaseSeconds: s.leaseSeconds(), WorkerID: workerID,
			})
			if errors.Is(err, db.ErrNotFound) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("claim job: %w", err)
			}
			src, err := q.TranscodeGetVideoSource(ctx, j.VideoID)
			if err != nil {
				return fmt.Errorf("read video %s: %w", j.VideoID, err)
			}
			if src.SourceKey == "" {
				skipped = true
				return s.killUnrunnable(ctx, q, j, "the video has no uploaded original")
			}
			if err := q.TranscodeMarkVideoProcessing(ctx, j.VideoID); err != nil {
				return fmt.Errorf("mark video processing: %w", err)
			}
			out, err = s.buildJob(ctx, q, j, src)
			return err
		})
		if err != nil || !skipped {
			return out, err
		}
	}
}

// killUnrunnable ends a job no worker could run, failing its video.
func (s *Service) killUnrunnable(ctx context.Context, q *dbq.Queries, j dbq.TranscodeJob, reason string) error {
	if _, err := q.KillTranscodeJob(ctx, dbq.KillTranscodeJobParams{ID: j.ID, LeaseToken: j.LeaseToken, LastError: reason}); err != nil {
		return fmt.Errorf("kill job: %w", err)
	}
	return q.TranscodeFailVideo(ctx, dbq.TranscodeFailVideoParams{ID: j.VideoID, FailureReason: reason})
}

func (s *Service) buildJob(ctx context.Context, q *dbq.Queries, j dbq.TranscodeJob, src dbq.TranscodeGetVideoSourceRow) (*transcodev1.Job, error) {
	keys, err := hlskey.New(s.cfg.Keys, q)
	if err != nil {
		return nil, err
	}
	key, err := keys.Ensure(ctx, j.VideoID)
	if err != nil {
		return nil, fmt.Errorf("content key: %w", err)
	}
	iv := make([]byte, 16)
	if _, err := rand.Read(iv); err != nil {
		return nil, err
	}
	srcURL, err := s.objects.PresignGet(ctx, src.SourceKey, s.cfg.URLExpiry)
	if err != nil {
		return nil, err
	}
	return &transcodev1.Job{
		Id:              j.ID.String(),
		VideoId:         j.VideoID.String(),
		Attempt:         uint32(j.Attempt),
		LeaseToken:      j.LeaseToken.String(),
		LeaseExpireTime: timestamppb.New(*j.LeaseExpiresAt),
		Source: &transcodev1.Source{
			Url:       srcURL,
			SizeBytes: uint64(max(src.SizeBytes, 0)),
			Format:    src.SourceFormat,
			Duration:  durationpb.New(time.Duration(src.DurationMs) * time.Millisecond),
			Width:     uint32(max(src.Width, 0)),
			Height:    uint32(max(src.Height, 0)),
			HasAudio:  src.AudioCodec != "",
		},
		Encryption:   &transcodev1.Encryption{Key: key, Iv: iv, KeyUri: KeyURI},
		Traceparent:  j.TraceParent,
		Downloadable: src.Downloadable,
	}, nil
}
