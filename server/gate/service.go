// Package gate serves streamgate.gate.v1.GateService: access rules on
// videos, and the decision "may this wallet watch?", read from the chain
// and cached. The Checker is also used in-process by playback.
package gate

import (
	"context"
	"fmt"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/streamgate/streamgate/db/dbq"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/gen/streamgate/gate/v1/gatev1connect"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/ident"
)

// Service implements gatev1connect.GateServiceHandler.
type Service struct {
	gatev1connect.UnimplementedGateServiceHandler
	g *Checker
}

// New returns the service on a checker.
func New(g *Checker) *Service { return &Service{g: g} }

// SetAccessRule validates, normalises and stores the rule of a video the
// caller owns.
func (s *Service) SetAccessRule(ctx context.Context, req *connect.Request[gatev1.SetAccessRuleRequest]) (*connect.Response[gatev1.SetAccessRuleResponse], error) {
	id, err := s.owned(ctx, req.Msg.GetVideoId())
	if err != nil {
		return nil, err
	}
	rule, err := s.g.normalize(ctx, req.Msg.GetRule())
	if err != nil {
		return nil, err
	}
	hash, err := ruleHash(rule)
	if err != nil {
		return nil, err
	}
	js, err := protojson.Marshal(rule)
	if err != nil {
		return nil, err
	}
	if err := s.g.store.WithTx(ctx, func(q *dbq.Queries) error {
		if _, err := q.UpsertAccessRule(ctx, dbq.UpsertAccessRuleParams{VideoID: id, Rule: js, RuleHash: hash}); err != nil {
			return err
		}
		return ruleChanged(ctx, q, id, rule)
	}); err != nil {
		return nil, fmt.Errorf("store rule: %w", err)
	}
	s.g.forgetVideo(ctx, id)
	return connect.NewResponse(&gatev1.SetAccessRuleResponse{Rule: rule}), nil
}

// GetAccessRule returns a video's rule to anyone who may see the video,
// so that a viewer can see what it asks.
func (s *Service) GetAccessRule(ctx context.Context, req *connect.Request[gatev1.GetAccessRuleRequest]) (*connect.Response[gatev1.GetAccessRuleResponse], error) {
	id, err := ident.Parse("video_id", req.Msg.GetVideoId())
	if err != nil {
		return nil, err
	}
	if err := s.visible(ctx, id); err != nil {
		return nil, err
	}
	vg, err := s.g.videoGate(ctx, id)
	if err != nil {
		return nil, err
	}
	chains, contracts := s.g.describe(ctx, vg.rule)
	return connect.NewResponse(&gatev1.GetAccessRuleResponse{Rule: vg.rule, Chains: chains, Contracts: contracts}), nil
}

// visible answers NotFound for a private video to anyone but its owner,
// as the catalog does: its rule and decisions are not others' business.
func (s *Service) visible(ctx context.Context, id uuid.UUID) error {
	v, err := s.g.store.GetVideoVisibility(ctx, id)
	if err != nil {
		return fmt.Errorf("read video %s: %w", id, err)
	}
	return acl.See(acl.Of(id, v.OwnerAddress, v.Visibility), acl.Viewer(ctx))
}

// ClearAccessRule makes a video the caller owns ungated.
func (s *Service) ClearAccessRule(ctx context.Context, req *connect.Request[gatev1.ClearAccessRuleRequest]) (*connect.Response[gatev1.ClearAccessRuleResponse], error) {
	id, err := s.owned(ctx, req.Msg.GetVideoId())
	if err != nil {
		return nil, err
	}
	if err := s.g.store.WithTx(ctx, func(q *dbq.Queries) error {
		if n, err := q.DeleteAccessRule(ctx, id); err != nil || n == 0 {
			return err
		}
		return ruleChanged(ctx, q, id, nil)
	}); err != nil {
		return nil, fmt.Errorf("clear rule: %w", err)
	}
	s.g.forgetVideo(ctx, id)
	return connect.NewResponse(&gatev1.ClearAccessRuleResponse{}), nil
}

// CheckAccess decides for the signed-in caller.
func (s *Service) CheckAccess(ctx context.Context, req *connect.Request[gatev1.CheckAccessRequest]) (*connect.Response[gatev1.CheckAccessResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	id, err := ident.Parse("video_id", req.Msg.GetVideoId())
	if err != nil {
		return nil, err
	}
	if err := s.visible(ctx, id); err != nil {
		return nil, err
	}
	if d, out, err := s.g.outOfScope(ctx, id, caller); err != nil || out {
		if err != nil {
			return nil, err
		}
		return connect.NewResponse(&gatev1.CheckAccessResponse{Reason: d.Reason}), nil
	}
	d, err := s.g.Check(withLimits(ctx, caller.Address, id), id, caller.Address)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&gatev1.CheckAccessResponse{Allowed: d.Allowed, Evaluation: d.Evaluation, Reason: d.Reason}), nil
}

// ExplainAccess lets a video's owner see what any wallet would get.
func (s *Service) ExplainAccess(ctx context.Context, req *connect.Request[gatev1.ExplainAccessRequest]) (*connect.Response[gatev1.ExplainAccessResponse], error) {
	id, err := s.owned(ctx, req.Msg.GetVideoId())
	if err != nil {
		return nil, err
	}
	caller, _ := authn.Require(ctx) // owned checked it
	d, err := s.g.Check(withLimits(ctx, caller.Address, id), id, req.Msg.GetAddress())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&gatev1.ExplainAccessResponse{Allowed: d.Allowed, Evaluation: d.Evaluation, Reason: d.Reason}), nil
}

// owned returns the video id when the caller owns the video; to anyone
// else a private video does not exist, as in the catalog. It reads the
// database, not the cache, since it guards a write.
func (s *Service) owned(ctx context.Context, videoID string) (uuid.UUID, error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return uuid.Nil, err
	}
	id, err := ident.Parse("video_id", videoID)
	if err != nil {
		return uuid.Nil, err
	}
	v, err := s.g.store.GetVideoVisibility(ctx, id)
	if err != nil {
		return uuid.Nil, fmt.Errorf("read video %s: %w", id, err)
	}
	return id, acl.Change(acl.Of(id, v.OwnerAddress, v.Visibility), caller.Address)
}
