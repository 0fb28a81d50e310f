// Package upload serves streamgate.upload.v1.UploadService: resumable,
// checksummed uploads of a video's original into S3, through presigned
// part URLs (browsers) or a client stream (native clients), verified as a
// whole and probed before the video is handed to the transcode queue.
package upload

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/gen/streamgate/upload/v1/uploadv1connect"
	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/server/lifecycle"
)

// Queue puts a published upload's transcode job on the queue, inside the
// transaction that publishes it; transcode.Queue is the one, so the
// queue's owner decides the job's settings even when this process does
// not host TranscodeService.
type Queue interface {
	Enqueue(ctx context.Context, q *dbq.Queries, videoID uuid.UUID) error
}

// Deps are the live connections the service uses.
type Deps struct {
	Store  *db.Store
	S3     *minio.Client
	Bucket string
	Log    *slog.Logger
	Queue  Queue
}

// Service implements uploadv1connect.UploadServiceHandler.
type Service struct {
	uploadv1connect.UnimplementedUploadServiceHandler
	cfg    Config
	deps   Deps
	core   minio.Core
	prober media.Prober
	now    func() time.Time
	// slots counts running UploadStream calls.
	slots *slots
	// completions runs each upload's completion once, capped.
	completions *completions
	// earlyProbes counts the probes started before their file was
	// complete, capped like completions; earlyBudget is how long such a
	// probe may wait for its file (zero: none is started). See probeFile.
	earlyProbes chan struct{}
	earlyBudget time.Duration
	// spares are the probes started for completions still to come.
	spares spares
}

// New returns the service for cfg, which must be complete (start from
// DefaultConfig); Run runs its background sweep.
func New(cfg Config, deps Deps) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Store == nil || deps.Queue == nil {
		return nil, errors.New("upload: needs a store and the transcode queue")
	}
	return &Service{
		cfg: cfg, deps: deps, core: minio.Core{Client: deps.S3}, now: time.Now,
		prober:      media.Prober{Path: cfg.FFprobe, Timeout: cfg.ProbeTimeout, Limits: cfg.Limits},
		slots:       newSlots(cfg.MaxStreams, cfg.MaxStreamsPerWallet),
		completions: newCompletions(cfg.MaxCompletions),
		earlyProbes: make(chan struct{}, cfg.MaxCompletions),
		earlyBudget: min(leaseBreak(), cfg.ProbeTimeout) / 2,
	}, nil
}

// Run sweeps abandoned uploads, and multipart uploads a dead server never
// recorded, every SweepInterval until ctx ends.
func (s *Service) Run(ctx context.Context) error {
	defer s.dropSpares()
	return lifecycle.Every(ctx, s.cfg.SweepInterval, func(ctx context.Context) {
		if _, err := s.SweepExpired(ctx); err != nil && ctx.Err() == nil {
			s.deps.Log.Warn("upload sweep failed", "err", err)
		}
		if _, err := s.AbortUnrecorded(ctx); err != nil && ctx.Err() == nil {
			s.deps.Log.Warn("sweep of unrecorded multipart uploads failed", "err", err)
		}
	})
}
