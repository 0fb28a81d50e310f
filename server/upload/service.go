// Package upload serves streamgate.upload.v1.UploadService: resumable,
// checksummed uploads of a video's original into S3, through presigned
// part URLs (browsers) or a client stream (native clients), verified as a
// whole and probed before the video is handed to the transcode queue.
package upload

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/gen/streamgate/upload/v1/uploadv1connect"
	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/server/rpcerr"
)

var (
	// ErrNotOwner is returned when the caller does not own the video or upload.
	ErrNotOwner = errors.New("only the video's owner may upload to it")
	// ErrState is returned when the upload or video is not in a state that
	// allows the call (completed, aborted, expired, already uploaded).
	ErrState = errors.New("not possible in the current state")
	// ErrTooLarge is returned for a file above the configured maximum.
	ErrTooLarge = errors.New("file too large")
	// ErrBadPart is returned for a part number outside the upload's plan.
	ErrBadPart = errors.New("no such part")
	// ErrIncomplete is returned when parts are missing or of the wrong size.
	ErrIncomplete = errors.New("upload incomplete")
	// ErrOffset is returned when a stream starts where it cannot resume.
	ErrOffset = errors.New("stream offset does not match the upload")
	// ErrSizeMismatch is returned when more bytes arrive than declared.
	ErrSizeMismatch = errors.New("size does not match the declared size")
	// ErrChecksumMismatch is returned when the stored file's SHA-256 or size
	// differ from the declared ones; the upload has failed.
	ErrChecksumMismatch = errors.New("stored bytes differ from the declared file")
)

// Errors maps this package's sentinels to Connect codes (the server's
// error table carries the same rows). Media rejections are InvalidArgument.
var Errors = rpcerr.Table{
	{Err: ErrNotOwner, Code: connect.CodePermissionDenied},
	{Err: ErrState, Code: connect.CodeFailedPrecondition},
	{Err: ErrTooLarge, Code: connect.CodeInvalidArgument},
	{Err: ErrBadPart, Code: connect.CodeInvalidArgument},
	{Err: ErrIncomplete, Code: connect.CodeFailedPrecondition},
	{Err: ErrOffset, Code: connect.CodeFailedPrecondition},
	{Err: ErrSizeMismatch, Code: connect.CodeInvalidArgument},
	{Err: ErrChecksumMismatch, Code: connect.CodeDataLoss},
	{Err: media.ErrRejected, Code: connect.CodeInvalidArgument},
}

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
	// streams holds a slot per running UploadStream.
	streams chan struct{}
}

// New returns the service for cfg, which must be complete (start from
// DefaultConfig); Start runs its background sweep.
func New(cfg Config, deps Deps) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Store == nil || deps.Queue == nil {
		return nil, errors.New("upload: needs a store and the transcode queue")
	}
	return &Service{
		cfg: cfg, deps: deps, core: minio.Core{Client: deps.S3}, now: time.Now,
		prober:  media.Prober{Path: cfg.FFprobe, Timeout: cfg.ProbeTimeout, Limits: cfg.Limits},
		streams: make(chan struct{}, cfg.MaxStreams),
	}, nil
}

// Start runs the sweep of abandoned uploads until stop is called.
func (s *Service) Start() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(s.cfg.SweepInterval)
		defer t.Stop()
		for {
			if _, err := s.SweepExpired(ctx); err != nil && ctx.Err() == nil {
				s.deps.Log.Warn("upload sweep failed", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
	return func() {
		cancel()
		wg.Wait()
	}
}
