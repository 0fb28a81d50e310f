// Package transcode serves streamgate.transcode.v1.TranscodeService: the
// worker-facing transcode queue in PostgreSQL.
//
// A job is claimed with FOR UPDATE SKIP LOCKED under a lease (a random
// token and an expiry). Every later call names the token; a call whose
// token is no longer the job's (the lease expired and was rescued, or
// the job finished) fails with Aborted (ErrLeaseLost), and changes
// nothing. Lease expiry is enforced by the rescuer alone: until it runs,
// the holder's token stays valid, and after it runs the token is gone.
//
// A worker writes attempt N's outputs under AttemptPrefix; CompleteJob
// points the video at that prefix in one row update, so an attempt that
// never completes is never visible, and its prefix is queued for
// deletion.
package transcode

import (
	"log/slog"
	"time"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/gen/streamgate/transcode/v1/transcodev1connect"
)

// Service implements transcodev1connect.TranscodeServiceHandler.
type Service struct {
	transcodev1connect.UnimplementedTranscodeServiceHandler
	cfg     Config
	store   *db.Store
	objects ObjectStore
	log     *slog.Logger
	wake    *signal
}

// New returns the service. Run rescues expired leases; WakeOn wakes
// waiting claims.
func New(cfg Config, store *db.Store, objects ObjectStore, log *slog.Logger) *Service {
	return &Service{cfg: cfg.WithDefaults(), store: store, objects: objects, log: log, wake: newSignal()}
}

func (s *Service) leaseSeconds() float64 { return s.cfg.Lease.Seconds() }

func (s *Service) now() time.Time { return time.Now() }
