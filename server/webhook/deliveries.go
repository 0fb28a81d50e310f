package webhook

import (
	"context"
	"fmt"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	webhookv1 "github.com/streamgate/streamgate/gen/streamgate/webhook/v1"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/ident"
)

const defaultDeliveries = 50

var stateToProto = map[dbq.WebhookDeliveryState]webhookv1.DeliveryState{
	dbq.WebhookDeliveryStatePending:   webhookv1.DeliveryState_DELIVERY_STATE_PENDING,
	dbq.WebhookDeliveryStateDelivered: webhookv1.DeliveryState_DELIVERY_STATE_DELIVERED,
	dbq.WebhookDeliveryStateDead:      webhookv1.DeliveryState_DELIVERY_STATE_DEAD,
}

// ListDeliveries returns an endpoint's most recent deliveries.
func (s *Service) ListDeliveries(ctx context.Context, req *connect.Request[webhookv1.ListDeliveriesRequest]) (*connect.Response[webhookv1.ListDeliveriesResponse], error) {
	e, err := s.owned(ctx, "endpoint_id", req.Msg.EndpointId)
	if err != nil {
		return nil, err
	}
	lim := int32(req.Msg.PageSize)
	if lim == 0 {
		lim = defaultDeliveries
	}
	rows, err := s.store.ListWebhookDeliveries(ctx, dbq.ListWebhookDeliveriesParams{EndpointID: e.ID, Lim: lim})
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	out := &webhookv1.ListDeliveriesResponse{}
	for _, r := range rows {
		out.Deliveries = append(out.Deliveries, deliveryToProto(dbq.GetWebhookDeliveryViewRow(r)))
	}
	return connect.NewResponse(out), nil
}

// Redeliver queues the delivery's event for its endpoint again, due now,
// as a new delivery with the same event id.
func (s *Service) Redeliver(ctx context.Context, req *connect.Request[webhookv1.RedeliverRequest]) (*connect.Response[webhookv1.RedeliverResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	id, err := ident.Parse("delivery_id", req.Msg.DeliveryId)
	if err != nil {
		return nil, err
	}
	d, err := s.store.GetWebhookDelivery(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("delivery %s: %w", id, err)
	}
	if !acl.Owns(d.OwnerAddress, caller.Address) {
		return nil, fmt.Errorf("delivery %s: %w", id, db.ErrNotFound)
	}
	newID, err := s.store.RedeliverWebhook(ctx, dbq.RedeliverWebhookParams{NewID: uuid.New(), ID: id})
	if err != nil {
		return nil, fmt.Errorf("redeliver: %w", err)
	}
	v, err := s.store.GetWebhookDeliveryView(ctx, newID)
	if err != nil {
		return nil, fmt.Errorf("read delivery: %w", err)
	}
	return connect.NewResponse(&webhookv1.RedeliverResponse{Delivery: deliveryToProto(v)}), nil
}

func deliveryToProto(r dbq.GetWebhookDeliveryViewRow) *webhookv1.Delivery {
	out := &webhookv1.Delivery{
		Id: r.ID.String(), EventId: r.EventID.String(), EventType: typeToProto[Type(r.Type)],
		State: stateToProto[r.State], Attempts: uint32(max(r.Attempts, 0)), ResponseCode: uint32(max(r.ResponseCode, 0)),
		LastError: r.LastError, CreateTime: timestamppb.New(r.CreatedAt), LastAttemptTime: timeOrNil(r.LastAttemptAt),
	}
	if r.State == dbq.WebhookDeliveryStatePending {
		out.NextAttemptTime = timestamppb.New(r.NextAttemptAt)
	}
	return out
}
