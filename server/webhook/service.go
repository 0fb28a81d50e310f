// Package webhook serves streamgate.webhook.v1.WebhookService (creators'
// endpoints, their deliveries, redelivery) and delivers events to them.
//
// Events are written by the services that make the changes, with
// Enqueue, inside the transaction of the change: an event exists exactly
// when its change was committed. The Deliverer sends them, signed per the
// Standard Webhooks specification, at least once, retried with
// exponential backoff for RetryWindow and then dead, one at a time per
// endpoint so that an endpoint sees a video's events in order and a slow
// endpoint holds one worker at most. It refuses to connect to internal
// addresses (checked after DNS resolution) outside Config.AllowNetworks.
package webhook

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"strings"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/gen/streamgate/webhook/v1/webhookv1connect"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/ident"
)

// Store is the part of the database the service uses.
type Store interface {
	CreateWebhookEndpoint(ctx context.Context, arg dbq.CreateWebhookEndpointParams) (dbq.WebhookEndpoint, error)
	GetWebhookEndpoint(ctx context.Context, id uuid.UUID) (dbq.WebhookEndpoint, error)
	ListWebhookEndpoints(ctx context.Context, owner string) ([]dbq.WebhookEndpoint, error)
	UpdateWebhookEndpoint(ctx context.Context, arg dbq.UpdateWebhookEndpointParams) (dbq.WebhookEndpoint, error)
	DeleteWebhookEndpoint(ctx context.Context, id uuid.UUID) (int64, error)
	RotateWebhookSecret(ctx context.Context, arg dbq.RotateWebhookSecretParams) (dbq.WebhookEndpoint, error)
	ListWebhookDeliveries(ctx context.Context, arg dbq.ListWebhookDeliveriesParams) ([]dbq.ListWebhookDeliveriesRow, error)
	GetWebhookDelivery(ctx context.Context, id uuid.UUID) (dbq.GetWebhookDeliveryRow, error)
	GetWebhookDeliveryView(ctx context.Context, id uuid.UUID) (dbq.GetWebhookDeliveryViewRow, error)
	RedeliverWebhook(ctx context.Context, arg dbq.RedeliverWebhookParams) (uuid.UUID, error)
}

// Service implements webhookv1connect.WebhookServiceHandler.
type Service struct {
	webhookv1connect.UnimplementedWebhookServiceHandler
	cfg    Config
	store  Store
	log    *slog.Logger
	sealer sealer
}

// New returns the service for cfg, which must be complete (start from
// DefaultConfig).
func New(cfg Config, store Store, log *slog.Logger) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if store == nil {
		return nil, fmt.Errorf("webhook: the service needs the database")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	seal, err := newSealer(cfg.Keys)
	if err != nil {
		return nil, err
	}
	return &Service{cfg: cfg, store: store, log: log, sealer: seal}, nil
}

// owned returns the caller's endpoint; anyone else's does not exist for
// them (NotFound), so its id reveals nothing.
func (s *Service) owned(ctx context.Context, field, rawID string) (dbq.WebhookEndpoint, error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return dbq.WebhookEndpoint{}, err
	}
	id, err := ident.Parse(field, rawID)
	if err != nil {
		return dbq.WebhookEndpoint{}, err
	}
	e, err := s.store.GetWebhookEndpoint(ctx, id)
	if err != nil {
		return e, fmt.Errorf("endpoint %s: %w", id, err)
	}
	if !acl.Owns(e.OwnerAddress, caller.Address) {
		return dbq.WebhookEndpoint{}, fmt.Errorf("endpoint %s: %w", id, db.ErrNotFound)
	}
	return e, nil
}

// checkURL accepts an absolute http(s) URL with a host and no
// credentials. A literal IP in a refused range is refused now; a name is
// checked at every delivery, after it resolves.
func (s *Service) checkURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("%w: %q does not parse", ErrBadURL, raw)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%w: the scheme must be http or https", ErrBadURL)
	case u.Hostname() == "":
		return fmt.Errorf("%w: no host", ErrBadURL)
	case u.User != nil:
		return fmt.Errorf("%w: credentials in the URL are not accepted", ErrBadURL)
	case u.Fragment != "":
		return fmt.Errorf("%w: a fragment is never sent; remove it", ErrBadURL)
	}
	if ip, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); err == nil {
		if why := refusedAddr(ip, s.cfg.AllowNetworks); why != "" {
			return fmt.Errorf("%w: %s is a %s address", ErrBadURL, ip, why)
		}
	}
	return nil
}
