package playback

import (
	"context"
	"errors"
	"fmt"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/streamgate/streamgate/db"
	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/ident"
)

// Authorize runs the gate for the signed-in caller and, on allow, grants
// a playback URL. Without a session it grants only public or unlisted
// videos that have no rule (anonymous.go).
func (s *Service) Authorize(ctx context.Context, req *connect.Request[playbackv1.AuthorizeRequest]) (*connect.Response[playbackv1.AuthorizeResponse], error) {
	id, err := ident.Parse("video_id", req.Msg.GetVideoId())
	if err != nil {
		return nil, err
	}
	caller, ok := authn.FromContext(ctx)
	if !ok {
		grant, err := s.grantAnonymous(ctx, id, s.metrics.authorized, "allowed")
		if err != nil {
			return nil, err
		}
		return connect.NewResponse(&playbackv1.AuthorizeResponse{Grant: grant}), nil
	}
	v, err := s.playable(ctx, id, caller.Address)
	if err != nil {
		return nil, err
	}
	b, err := callerBinding(caller)
	if err != nil {
		return nil, err
	}
	if err := s.inScope(ctx, v, caller.Address, b); err != nil {
		return nil, err
	}
	if err := s.admit(ctx, v, caller.Address, s.metrics.authorized); err != nil {
		return nil, err
	}
	grant, err := s.grantFor(ctx, v, caller.Address, b)
	if err != nil {
		return nil, err
	}
	s.metrics.authorized.WithLabelValues("allowed").Inc()
	return connect.NewResponse(&playbackv1.AuthorizeResponse{Grant: grant}), nil
}

// Renew exchanges a still-valid playback token for a fresh one after
// checking the gate again, so a wallet that sold its token stops playing
// within one renewal. A signed-in caller may only renew its own tokens.
func (s *Service) Renew(ctx context.Context, req *connect.Request[playbackv1.RenewRequest]) (*connect.Response[playbackv1.RenewResponse], error) {
	t, err := s.verify(req.Msg.GetToken())
	if err != nil {
		return nil, err
	}
	if t.anonymous {
		grant, err := s.grantAnonymous(ctx, t.videoID, s.metrics.renewed, "renewed")
		if err != nil {
			return nil, err
		}
		return connect.NewResponse(&playbackv1.RenewResponse{Grant: grant}), nil
	}
	if err := s.sessionLive(ctx, t); err != nil {
		return nil, err
	}
	if caller, ok := authn.FromContext(ctx); ok && !acl.Owns(t.address, caller.Address) {
		return nil, ErrNotYourToken
	}
	v, err := s.playable(ctx, t.videoID, t.address)
	if err != nil {
		return nil, err
	}
	if err := s.inScope(ctx, v, t.address, t.binding); err != nil {
		return nil, err
	}
	if err := s.admit(ctx, v, t.address, s.metrics.renewed); err != nil {
		return nil, err
	}
	grant, err := s.grant(t.videoID, t.address, t.binding)
	if err != nil {
		return nil, err
	}
	s.recordGrant(ctx, v, t.address, grant.GetExpireTime().AsTime())
	s.metrics.renewed.WithLabelValues("renewed").Inc()
	return connect.NewResponse(&playbackv1.RenewResponse{Grant: grant}), nil
}

// playable reads the video, visible to address, and insists that it is
// playable: ready, or still encoding with a ladder published early. A
// ready row may come from the short-lived cache: readiness is never
// undone, and a deleted video's grant stops playing when the cache entry
// expires.
func (s *Service) playable(ctx context.Context, id uuid.UUID, address string) (video, error) {
	v, err := s.videos.get(ctx, id)
	if errors.Is(err, errNoVideo) {
		return video{}, fmt.Errorf("video %s: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return video{}, err
	}
	if err := acl.See(v.access, address); err != nil {
		return video{}, err
	}
	if !v.playable {
		return video{}, fmt.Errorf("video %s is %w (status %s)", id, ErrNotReady, v.status)
	}
	return v, nil
}

// admit lets the owner through and asks the gate about anyone else.
func (s *Service) admit(ctx context.Context, v video, address string, count *prometheus.CounterVec) error {
	if v.ownedBy(address) {
		return nil
	}
	d, err := s.deps.Gate.Check(ctx, v.id, address)
	if err != nil {
		if errors.Is(err, ErrGateUnavailable) {
			count.WithLabelValues("unavailable").Inc()
			return ErrGateUnavailable
		}
		return fmt.Errorf("check gate: %w", err)
	}
	if d.Allowed {
		return nil
	}
	count.WithLabelValues("denied").Inc()
	return &Denial{Reason: d.Reason, Evaluation: d.Evaluation}
}

// grant grants a token for address bound to b (session.go).
func (s *Service) grant(id uuid.UUID, address string, b binding) (*playbackv1.Grant, error) {
	token, exp, err := s.issue(id, address, b)
	if err != nil {
		return nil, err
	}
	return s.grantOf(issued{url: s.playURL(token), token: token, expires: exp}), nil
}
