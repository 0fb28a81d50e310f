// Package video serves streamgate.video.v1.VideoService: the video catalog,
// its live status stream, and the removal of deleted videos' objects.
package video

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/server/rpcerr"

	"connectrpc.com/connect"
)

// ErrNotOwner is returned when a caller changes a video that is not theirs.
var ErrNotOwner = errors.New("only the video's owner may do this")

// ErrBadPageToken is returned for a page token this server did not issue.
var ErrBadPageToken = errors.New("page_token is not one this server issued")

// Errors maps this package's sentinels to Connect codes (the server's
// error table carries the same rows).
var Errors = rpcerr.Table{
	{Err: ErrNotOwner, Code: connect.CodePermissionDenied},
	{Err: ErrBadPageToken, Code: connect.CodeInvalidArgument},
}

// Deps are the live connections the service uses.
type Deps struct {
	Store  *db.Store
	S3     *minio.Client
	Bucket string
	Log    *slog.Logger
}

// Service implements videov1connect.VideoServiceHandler.
type Service struct {
	videov1connect.UnimplementedVideoServiceHandler
	cfg  Config
	deps Deps
	hub  *hub
}

// New returns the service for cfg, which must be complete (start from
// DefaultConfig); Start runs its background work.
func New(cfg Config, deps Deps) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Service{cfg: cfg, deps: deps, hub: newHub()}, nil
}

// Start runs the change listener and the object sweeper until the
// returned stop function is called; stop waits for them to end.
func (s *Service) Start() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { s.hub.listen(ctx, s.deps.Store.Pool(), s.cfg.ListenRetry, s.deps.Log) })
	wg.Go(func() { s.sweepLoop(ctx) })
	return func() {
		cancel()
		wg.Wait()
	}
}
