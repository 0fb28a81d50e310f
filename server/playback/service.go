// Package playback serves streamgate.playback.v1.PlaybackService (signed,
// expiring playback URLs for viewers who pass a video's gate) and the
// /play/{token}/... HTTP routes that serve the gated HLS behind them.
package playback

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/singleflight"

	"github.com/streamgate/streamgate/db/dbq"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
)

// Signer signs and verifies compact JWTs with the server's key set; Parse
// pins the algorithm and checks the signature and standard claims.
type Signer interface {
	Sign(claims jwt.Claims) (string, error)
	Parse(token string, claims jwt.Claims, opts ...jwt.ParserOption) error
}

// Decision is the gate's answer for one wallet and one video.
type Decision struct {
	Allowed bool
	// Reason is a sentence for people.
	Reason string
	// Evaluation explains the rule, when there is one.
	Evaluation *gatev1.Evaluation
}

// Gate decides whether a wallet may watch a video. It returns an error
// wrapping ErrGateUnavailable when the chain cannot answer.
type Gate interface {
	Check(ctx context.Context, videoID uuid.UUID, address string) (Decision, error)
}

// GateFunc adapts a function to Gate.
type GateFunc func(ctx context.Context, videoID uuid.UUID, address string) (Decision, error)

// Check calls f.
func (f GateFunc) Check(ctx context.Context, videoID uuid.UUID, address string) (Decision, error) {
	return f(ctx, videoID, address)
}

// Keys returns a video's 16-byte AES-128 HLS key; *hlskey.Store is one.
// GetForSession also checks, in the same read, that the session a
// playback token is bound to is live (hlskey.ErrSessionEnded if not).
type Keys interface {
	Get(ctx context.Context, videoID uuid.UUID) ([]byte, error)
	GetForSession(ctx context.Context, videoID, session uuid.UUID) ([]byte, error)
}

// Videos reads what playback needs of a video; *db.Store satisfies it.
type Videos interface {
	GetPlaybackVideo(ctx context.Context, id uuid.UUID) (dbq.GetPlaybackVideoRow, error)
}

// Deps are what the service stands on.
type Deps struct {
	Log     *slog.Logger
	Videos  Videos
	Objects Objects
	Bucket  string
	Signer  Signer
	Gate    Gate
	// Rules lets anonymous callers play ungated videos (anonymous.go);
	// nil: every call needs a session.
	Rules Rules
	Keys  Keys
	// Sessions and RuleChains bind wallets' tokens to their sessions and
	// scope contract wallets to their chain (session.go). Without them a
	// token bound to a session, or a contract wallet's, is refused as
	// Unavailable.
	Sessions   Sessions
	RuleChains RuleChains
	// Tracks publishes text tracks and public posters (subtitles.go,
	// poster.go); nil: neither.
	Tracks Tracks
	// Grants records wallets' grants for the chain watcher's
	// access.revoked events (revocation.go); nil records none.
	Grants Grants
	// PublicURL is the base URL players reach the server at.
	PublicURL string
	// Metrics is where the service's figures go; nil keeps them private.
	Metrics prometheus.Registerer
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service implements playbackv1connect.PlaybackServiceHandler and the
// /play HTTP routes.
type Service struct {
	playbackv1connect.UnimplementedPlaybackServiceHandler
	cfg      Config
	deps     Deps
	videos   *videoCache
	objects  *objectCache
	flight   singleflight.Group
	verified verified
	grants   grantCache // recent wallets' grants, reused (grant_reuse.go)
	metrics  *figures
	// prepared, counters and writers keep /play's hot path free of
	// allocations (prepared.go, counters.go).
	prepared *preparedCache
	counters *playCounters
	// spool serves ready videos' segments from files (spool.go); nil: off.
	spool   *spool
	writers sync.Pool
	// trackCache and thumbs serve text tracks and thumbnails (subtitles.go,
	// thumbnail.go).
	trackCache trackCache
	thumbs     thumbs
}

// New returns the service for cfg, which must be complete (start from
// DefaultConfig).
func New(cfg Config, deps Deps) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	m, err := newFigures(deps.Metrics)
	if err != nil {
		return nil, err
	}
	s := &Service{
		cfg:      cfg,
		deps:     deps,
		videos:   newVideoCache(deps.Videos, cfg.VideoCacheTTL, deps.Now),
		objects:  newObjectCache(cfg.ObjectCacheBytes, maxCachedObject, cfg.ObjectCacheTTL, deps.Now),
		metrics:  m,
		prepared: newPreparedCache(cfg.ObjectCacheBytes, cfg.ObjectCacheTTL, deps.Now),
		counters: newPlayCounters(m),
	}
	if err := s.openSpool(); err != nil {
		return nil, err
	}
	return s, nil
}

// openSpool opens the segment spool when configured. A spool that cannot
// be opened is logged and left off: segments are then served from memory
// and S3, as without one.
func (s *Service) openSpool() error {
	if s.cfg.SpoolDir == "" || s.cfg.SpoolBytes == 0 || s.cfg.ObjectCacheTTL == 0 {
		return nil
	}
	sp, err := openSpool(s.cfg.SpoolDir, s.cfg.SpoolBytes, s.cfg.ObjectCacheTTL, s.deps.Now, s.deps.Log)
	if err != nil {
		s.deps.Log.Error("playback spool off: segments are served from memory and S3", "dir", s.cfg.SpoolDir, "err", err)
		return nil
	}
	if s.deps.Metrics != nil {
		g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "streamgate_playback_spool_bytes",
			Help: "Bytes of segments in the playback spool's files.",
		}, sp.bytes)
		if err := s.deps.Metrics.Register(g); err != nil {
			sp.close()
			return fmt.Errorf("register playback metrics: %w", err)
		}
	}
	s.spool = sp
	return nil
}

// Run holds the service's files (the spool) until ctx ends, then
// removes them; the server's lifecycle runs it.
func (s *Service) Run(ctx context.Context) error {
	<-ctx.Done()
	s.Close()
	return nil
}

// Close removes the spool's files; the service then serves segments
// from memory and S3.
func (s *Service) Close() { s.spool.close() }
