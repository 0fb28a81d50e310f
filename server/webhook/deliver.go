package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
)

// channel is the NOTIFY channel of migration 0008's trigger, fired when
// deliveries are queued.
const channel = "webhook_deliveries"

// Queue is the part of the database the deliverer uses.
type Queue interface {
	ClaimWebhookDeliveries(ctx context.Context, arg dbq.ClaimWebhookDeliveriesParams) ([]dbq.ClaimWebhookDeliveriesRow, error)
	FinishWebhookDelivery(ctx context.Context, arg dbq.FinishWebhookDeliveryParams) (int64, error)
	KillStaleWebhookDeliveries(ctx context.Context, maxAgeSeconds float64) (int64, error)
	PruneWebhookEvents(ctx context.Context, retentionSeconds float64) (int64, error)
	sealable
}

// housekeeping is how often stale deliveries are declared dead, old
// events removed and secrets stored before sealing sealed.
const housekeeping = time.Minute

// Listener delivers PostgreSQL notifications; *db.Listener is one.
type Listener interface {
	Subscribe(channel string, sub db.Subscriber)
}

// Deliverer sends queued deliveries to their endpoints: at least once,
// one at a time per endpoint, with at most Workers in flight in all.
type Deliverer struct {
	cfg    Config
	queue  Queue
	client *http.Client
	log    *slog.Logger
	wake   chan struct{}
	sem    chan struct{}
	// swept is when housekeeping last ran (Run's goroutine only).
	swept   time.Time
	metrics deliveryMetrics
	sealer  sealer
}

// NewDeliverer returns a deliverer; Run starts it.
func NewDeliverer(cfg Config, queue Queue, log *slog.Logger) (*Deliverer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if queue == nil {
		return nil, errors.New("webhook: the deliverer needs the database")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	seal, err := newSealer(cfg.Keys)
	if err != nil {
		return nil, err
	}
	return &Deliverer{cfg: cfg, queue: queue, client: newClient(cfg), log: log,
		wake: make(chan struct{}, 1), sem: make(chan struct{}, cfg.Workers), metrics: newDeliveryMetrics(), sealer: seal}, nil
}

// WakeOn makes the deliverer look at the queue as soon as l reports a
// queued delivery, instead of at its next poll.
func (d *Deliverer) WakeOn(l Listener) { l.Subscribe(channel, d) }

// Notify wakes the loop; it never blocks (db.Subscriber).
func (d *Deliverer) Notify(string) { d.poke() }

// Resync wakes the loop after the listener reconnected (db.Subscriber).
func (d *Deliverer) Resync() { d.poke() }

func (d *Deliverer) poke() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, then waits for the attempts in flight
// (each bounded by ResponseTimeout) to stop.
func (d *Deliverer) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-d.wake:
		case <-timer.C:
		}
		if err := d.round(ctx, &wg); err != nil && ctx.Err() == nil {
			d.log.Warn("webhook: reading the delivery queue failed", "err", err)
		}
		timer.Reset(d.cfg.PollInterval)
	}
}

// round claims as many due deliveries as there are free workers and
// starts them; now and then it first gives up on stale deliveries,
// removes old events and seals secrets stored before sealing.
func (d *Deliverer) round(ctx context.Context, wg *sync.WaitGroup) error {
	if time.Since(d.swept) > housekeeping {
		expired, err := d.queue.KillStaleWebhookDeliveries(ctx, d.cfg.RetryWindow.Seconds())
		if err != nil {
			return fmt.Errorf("expire deliveries: %w", err)
		}
		d.metrics.dead.WithLabelValues("expired").Add(float64(expired))
		if _, err := d.queue.PruneWebhookEvents(ctx, d.cfg.Retention.Seconds()); err != nil {
			return fmt.Errorf("prune events: %w", err)
		}
		// Sealing old secrets is housekeeping: its failure is logged and
		// holds no delivery (they sign with the stored secret meanwhile).
		if sealed, err := d.sealer.sealStored(ctx, d.queue); err != nil {
			d.log.Warn("webhook: sealing secrets stored before sealing failed; retried at the next housekeeping", "err", err)
		} else if sealed > 0 {
			d.log.Info("webhook: sealed endpoints' secrets stored before sealing", "endpoints", sealed)
		}
		d.swept = time.Now()
	}
	free := cap(d.sem) - len(d.sem)
	if free == 0 {
		return nil
	}
	rows, err := d.queue.ClaimWebhookDeliveries(ctx, dbq.ClaimWebhookDeliveriesParams{
		LeaseSeconds: d.cfg.lease().Seconds(), Lim: int32(free),
	})
	if err != nil {
		return fmt.Errorf("claim deliveries: %w", err)
	}
	for _, r := range rows {
		d.sem <- struct{}{}
		wg.Go(func() {
			defer func() {
				<-d.sem
				d.poke() // the endpoint's next delivery may be due now
			}()
			d.attempt(ctx, r)
		})
	}
	return nil
}

// attempt sends one delivery and records the outcome under its lease.
// When the server is stopping mid-attempt nothing is recorded: the lease
// runs out and another deliverer sends it again (at least once).
func (d *Deliverer) attempt(ctx context.Context, r dbq.ClaimWebhookDeliveriesRow) {
	start := time.Now()
	code, failure := d.send(ctx, r)
	if ctx.Err() != nil {
		return
	}
	d.metrics.duration.Observe(time.Since(start).Seconds())
	result := "delivered"
	if failure != "" {
		result = "failed"
	}
	d.metrics.attempts.WithLabelValues(result).Inc()
	p := dbq.FinishWebhookDeliveryParams{ID: r.ID, LeaseToken: *r.LeaseToken, State: dbq.WebhookDeliveryStateDelivered, ResponseCode: int32(code), LastError: failure}
	if failure != "" {
		wait := d.cfg.backoff(r.Attempts)
		p.State, p.BackoffSeconds = dbq.WebhookDeliveryStatePending, wait.Seconds()
		if time.Now().Add(wait).After(r.CreatedAt.Add(d.cfg.RetryWindow)) {
			p.State = dbq.WebhookDeliveryStateDead
		}
		d.log.Info("webhook: attempt failed", "delivery", r.ID, "event", r.EventID, "attempt", r.Attempts, "state", p.State, "err", failure)
	}
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	n, err := d.queue.FinishWebhookDelivery(fctx, p)
	if err != nil {
		d.log.Warn("webhook: recording an attempt failed; it will be retried when its lease ends", "delivery", r.ID, "err", err)
	}
	if n > 0 && p.State == dbq.WebhookDeliveryStateDead {
		// Counted once recorded: a lease lost meanwhile left it to
		// another attempt (or to housekeeping's "expired").
		d.metrics.dead.WithLabelValues("failed").Inc()
	}
}

// send posts the event, signed, and returns the response code (0 when
// none came) and why the attempt failed ("" when it succeeded).
func (d *Deliverer) send(ctx context.Context, r dbq.ClaimWebhookDeliveriesRow) (int, string) {
	ctx, cancel := context.WithTimeout(ctx, d.cfg.ResponseTimeout)
	defer cancel()
	now := time.Now()
	stored := []string{r.Secret}
	if r.PreviousExpiresAt != nil && r.PreviousExpiresAt.After(now) {
		stored = append(stored, r.PreviousSecret)
	}
	secrets := make([]string, len(stored))
	for i, st := range stored {
		if !strings.HasPrefix(st, sealedPrefix) {
			// Stored in the clear by an older version (housekeeping seals
			// it), or written so by hand: either way, worth knowing.
			d.log.Warn("webhook: signing with a secret stored in the clear", "endpoint", r.EndpointID)
		}
		var err error
		if secrets[i], err = d.sealer.open(r.EndpointID, st); err != nil {
			d.log.Error("webhook: an endpoint's secret does not open under --key-master (changed, or the row was altered); its deliveries fail until the secret is rotated", "endpoint", r.EndpointID)
			return 0, "signing: the endpoint's secret does not open under the server's master key; rotate the secret"
		}
	}
	id, body := r.EventID.String(), []byte(r.Body)
	sig, err := signatures(id, now, body, secrets...)
	if err != nil {
		return 0, "signing: " + err.Error()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.Url, bytes.NewReader(body))
	if err != nil {
		return 0, "bad endpoint url: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "StreamGate-Webhooks/1")
	req.Header.Set("webhook-id", id)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("webhook-signature", sig)
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	got := drain(resp.Body, d.cfg.MaxResponseBytes)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp.StatusCode, ""
	}
	msg := "HTTP " + strconv.Itoa(resp.StatusCode)
	if loc := resp.Header.Get("Location"); loc != "" {
		msg += " (redirects are not followed: " + loc + ")"
	}
	if s := strings.TrimSpace(strings.ToValidUTF8(string(got), "")); s != "" {
		msg += ": " + s
	}
	return resp.StatusCode, msg
}
