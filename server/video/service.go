// Package video serves streamgate.video.v1.VideoService: the video catalog
// and its live status stream. A deleted video's objects are queued for
// server/objectgc.
package video

import (
	"log/slog"

	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
)

// Listener delivers PostgreSQL notifications; *db.Listener is one.
type Listener interface {
	Subscribe(channel string, sub db.Subscriber)
}

// Deps are the live connections the service uses.
type Deps struct {
	Store  *db.Store
	S3     *minio.Client
	Bucket string
	Log    *slog.Logger
	// Listener wakes WatchVideo streams when their video changes.
	Listener Listener
}

// Service implements videov1connect.VideoServiceHandler.
type Service struct {
	videov1connect.UnimplementedVideoServiceHandler
	cfg  Config
	deps Deps
	hub  *hub
}

// New returns the service for cfg, which must be complete (start from
// DefaultConfig), subscribed to video changes on deps.Listener.
func New(cfg Config, deps Deps) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Service{cfg: cfg, deps: deps}
	s.hub = newHub(cfg, s.readShared)
	deps.Listener.Subscribe(channel, s.hub)
	return s, nil
}
