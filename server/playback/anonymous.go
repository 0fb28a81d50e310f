package playback

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/streamgate/streamgate/db"
	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
)

// Anonymous playback: a public or unlisted video with no access rule
// plays for anyone, with no wallet and no session, as on any video site.
// Its token names no wallet (an empty sub, "anon": true) and no session;
// renewing it asks again whether the video is still visible to everyone
// and still ungated, so a video made private or gated stops playing
// within one renewal. A private or gated video still needs a session:
// nothing here ever skips a rule.

// Rules says whether a video has an access rule. The server's gate
// checker answers (*gate.Checker.Gated); it returns db.ErrNotFound for a
// missing video and an error wrapping ErrGateUnavailable when it cannot
// read the rule.
type Rules interface {
	Gated(ctx context.Context, videoID uuid.UUID) (bool, error)
}

// ErrSignInToWatch is an anonymous call for a video that has an access
// rule (Unauthenticated): a wallet must sign in so the rule can be
// checked.
var ErrSignInToWatch = errors.New("sign in with a wallet: this video has an access rule")

// grantAnonymous grants a wallet-less token for a playable, public or
// unlisted video without a rule: on Authorize (count authorized, label
// "allowed") and on renewing a wallet-less token (count renewed, label
// "renewed"), which asks again whether the video may still be played by
// anyone. Whoever renews (signed in or not) gets another wallet-less
// token: the call proves nothing more.
func (s *Service) grantAnonymous(ctx context.Context, id uuid.UUID, count *prometheus.CounterVec, granted string) (*playbackv1.Grant, error) {
	v, err := s.playable(ctx, id, "")
	if err != nil {
		return nil, err
	}
	if err := s.ungated(ctx, v, count); err != nil {
		return nil, err
	}
	grant, err := s.grant(id, "", binding{})
	if err != nil {
		return nil, err
	}
	count.WithLabelValues(granted).Inc()
	return grant, nil
}

// ungated returns nil only when the rule source says v has no rule; it
// fails closed when there is no source or it cannot answer.
func (s *Service) ungated(ctx context.Context, v video, count *prometheus.CounterVec) error {
	if s.deps.Rules == nil {
		return ErrSignInToWatch
	}
	gated, err := s.deps.Rules.Gated(ctx, v.id)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return fmt.Errorf("video %s: %w", v.id, db.ErrNotFound)
	case err != nil:
		count.WithLabelValues("unavailable").Inc()
		if errors.Is(err, ErrGateUnavailable) {
			return err
		}
		return fmt.Errorf("%w: read the rule: %w", ErrGateUnavailable, err)
	case gated:
		count.WithLabelValues("denied").Inc()
		return ErrSignInToWatch
	}
	return nil
}
