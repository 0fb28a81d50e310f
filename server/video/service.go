// Package video serves streamgate.video.v1.VideoService: the video catalog,
// its live status stream, and the removal of deleted videos' objects.
package video

import (
	"context"
	"log/slog"
	"sync"

	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
)

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

// New returns the service; Start runs its background work.
func New(cfg Config, deps Deps) *Service {
	return &Service{cfg: cfg.WithDefaults(), deps: deps, hub: newHub()}
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
