package webhook

import (
	"context"
	"fmt"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	webhookv1 "github.com/streamgate/streamgate/gen/streamgate/webhook/v1"
	"github.com/streamgate/streamgate/server/authn"
)

// CreateEndpoint registers an endpoint with a fresh secret.
func (s *Service) CreateEndpoint(ctx context.Context, req *connect.Request[webhookv1.CreateEndpointRequest]) (*connect.Response[webhookv1.CreateEndpointResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	if err := s.checkURL(m.Url); err != nil {
		return nil, err
	}
	secret, id := newSecret(), uuid.New()
	e, err := s.store.CreateWebhookEndpoint(ctx, dbq.CreateWebhookEndpointParams{
		ID: id, OwnerAddress: caller.Address, Url: m.Url, Description: m.Description,
		EventTypes: typeNames(m.EventTypes), Enabled: !m.Disabled, Secret: s.sealer.seal(id, secret),
	})
	if err != nil {
		return nil, fmt.Errorf("create endpoint: %w", err)
	}
	return connect.NewResponse(&webhookv1.CreateEndpointResponse{Endpoint: endpointToProto(e), Secret: secret}), nil
}

// GetEndpoint returns one of the caller's endpoints.
func (s *Service) GetEndpoint(ctx context.Context, req *connect.Request[webhookv1.GetEndpointRequest]) (*connect.Response[webhookv1.GetEndpointResponse], error) {
	e, err := s.owned(ctx, "id", req.Msg.Id)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&webhookv1.GetEndpointResponse{Endpoint: endpointToProto(e)}), nil
}

// ListEndpoints returns the caller's endpoints.
func (s *Service) ListEndpoints(ctx context.Context, _ *connect.Request[webhookv1.ListEndpointsRequest]) (*connect.Response[webhookv1.ListEndpointsResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.store.ListWebhookEndpoints(ctx, caller.Address)
	if err != nil {
		return nil, fmt.Errorf("list endpoints: %w", err)
	}
	out := &webhookv1.ListEndpointsResponse{}
	for _, e := range rows {
		out.Endpoints = append(out.Endpoints, endpointToProto(e))
	}
	return connect.NewResponse(out), nil
}

// UpdateEndpoint changes what the mask names.
func (s *Service) UpdateEndpoint(ctx context.Context, req *connect.Request[webhookv1.UpdateEndpointRequest]) (*connect.Response[webhookv1.UpdateEndpointResponse], error) {
	m := req.Msg
	e, err := s.owned(ctx, "id", m.Id)
	if err != nil {
		return nil, err
	}
	p := dbq.UpdateWebhookEndpointParams{ID: e.ID}
	paths := m.UpdateMask.GetPaths()
	if len(paths) == 0 {
		return nil, fmt.Errorf("%w: update_mask names no field; use url, description, event_types or enabled", ErrBadUpdate)
	}
	for _, path := range paths {
		switch path {
		case "url":
			if err := s.checkURL(m.Url); err != nil {
				return nil, err
			}
			p.Url = &m.Url
		case "description":
			p.Description = &m.Description
		case "event_types":
			p.EventTypes = typeNames(m.EventTypes)
		case "enabled":
			p.Enabled = &m.Enabled
		default:
			return nil, fmt.Errorf("%w: update_mask: %q cannot be updated; use url, description, event_types or enabled", ErrBadUpdate, path)
		}
	}
	e, err = s.store.UpdateWebhookEndpoint(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("update endpoint: %w", err)
	}
	return connect.NewResponse(&webhookv1.UpdateEndpointResponse{Endpoint: endpointToProto(e)}), nil
}

// DeleteEndpoint removes the endpoint; its deliveries go with it.
func (s *Service) DeleteEndpoint(ctx context.Context, req *connect.Request[webhookv1.DeleteEndpointRequest]) (*connect.Response[webhookv1.DeleteEndpointResponse], error) {
	e, err := s.owned(ctx, "id", req.Msg.Id)
	if err != nil {
		return nil, err
	}
	n, err := s.store.DeleteWebhookEndpoint(ctx, e.ID)
	if err != nil {
		return nil, fmt.Errorf("delete endpoint: %w", err)
	}
	if n == 0 {
		return nil, fmt.Errorf("endpoint %s: %w", e.ID, db.ErrNotFound)
	}
	return connect.NewResponse(&webhookv1.DeleteEndpointResponse{}), nil
}

// RotateSecret replaces the secret; the old one signs too for SecretGrace.
func (s *Service) RotateSecret(ctx context.Context, req *connect.Request[webhookv1.RotateSecretRequest]) (*connect.Response[webhookv1.RotateSecretResponse], error) {
	e, err := s.owned(ctx, "id", req.Msg.Id)
	if err != nil {
		return nil, err
	}
	secret := newSecret()
	e, err = s.store.RotateWebhookSecret(ctx, dbq.RotateWebhookSecretParams{ID: e.ID, Secret: s.sealer.seal(e.ID, secret), GraceSeconds: s.cfg.SecretGrace.Seconds()})
	if err != nil {
		return nil, fmt.Errorf("rotate secret: %w", err)
	}
	out := &webhookv1.RotateSecretResponse{Secret: secret}
	if e.PreviousExpiresAt != nil {
		out.PreviousExpireTime = timestamppb.New(*e.PreviousExpiresAt)
	}
	return connect.NewResponse(out), nil
}

func endpointToProto(e dbq.WebhookEndpoint) *webhookv1.Endpoint {
	out := &webhookv1.Endpoint{
		Id: e.ID.String(), Url: e.Url, Description: e.Description, Enabled: e.Enabled,
		CreateTime: timestamppb.New(e.CreatedAt), UpdateTime: timestamppb.New(e.UpdatedAt),
	}
	for _, t := range e.EventTypes {
		if p, ok := typeToProto[Type(t)]; ok {
			out.EventTypes = append(out.EventTypes, p)
		}
	}
	return out
}

// typeNames is the wire names of types, never nil (empty: every event).
func typeNames(types []webhookv1.EventType) []string {
	out := []string{}
	for _, t := range types {
		if name, ok := typeFromProto(t); ok {
			out = append(out, string(name))
		}
	}
	return out
}

func timeOrNil(t *time.Time) *timestamppb.Timestamp {
	if t == nil {
		return nil
	}
	return timestamppb.New(*t)
}
