package server

import (
	"errors"

	"github.com/streamgate/streamgate/gen/streamgate/webhook/v1/webhookv1connect"
	"github.com/streamgate/streamgate/server/webhook"
)

// wireWebhook mounts WebhookService and runs the deliverer beside it:
// events are queued by whichever services make the changes, and sent
// by the replicas that host this role.
func wireWebhook(m *mounter) error {
	if m.deps.Store == nil {
		return errors.New("the webhook service needs PostgreSQL")
	}
	cfg := m.cfg.Svc.Webhook
	svc, err := webhook.New(cfg, m.deps.Store, m.deps.Log)
	if err != nil {
		return err
	}
	d, err := webhook.NewDeliverer(cfg, m.deps.Store, m.deps.Log)
	if err != nil {
		return err
	}
	for _, c := range d.Collectors() {
		if err := m.deps.Metrics.Registerer().Register(c); err != nil {
			return err
		}
	}
	d.WakeOn(m.notifications())
	m.life.Add("webhook: deliver", d.Run)
	path, h := webhookv1connect.NewWebhookServiceHandler(svc, m.opts...)
	m.handle(webhookv1connect.WebhookServiceName, path, h)
	return nil
}
