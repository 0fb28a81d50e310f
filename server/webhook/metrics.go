package webhook

import "github.com/prometheus/client_golang/prometheus"

// deliveryMetrics are the deliverer's figures on /metrics: what each
// attempt came to, how long endpoints took to answer, and the deliveries
// given up on. An operator sees an endpoint failing, or deliveries
// dying, without reading the log.
type deliveryMetrics struct {
	attempts *prometheus.CounterVec
	duration prometheus.Histogram
	dead     *prometheus.CounterVec
}

func newDeliveryMetrics() deliveryMetrics {
	m := deliveryMetrics{
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "streamgate_webhook_attempts_total",
			Help: "Webhook delivery attempts this replica finished, by result: delivered (a 2xx answer) or failed (anything else, or no answer).",
		}, []string{"result"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "streamgate_webhook_attempt_duration_seconds",
			Help:    "Time from sending a webhook delivery to its endpoint's answer (or the attempt's failure).",
			Buckets: prometheus.ExponentialBuckets(0.005, 2.5, 10),
		}),
		dead: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "streamgate_webhook_deliveries_dead_total",
			Help: "Webhook deliveries given up on, by reason: failed (the last attempt failed past the retry window) or expired (left unfinished past it, found by housekeeping).",
		}, []string{"reason"}),
	}
	// Every series from the start, at 0: a dashboard's rate() needs the
	// zero before the first failure.
	for _, r := range []string{"delivered", "failed"} {
		m.attempts.WithLabelValues(r)
	}
	for _, r := range []string{"failed", "expired"} {
		m.dead.WithLabelValues(r)
	}
	return m
}

// Collectors are the deliverer's figures, for the server's registry.
func (d *Deliverer) Collectors() []prometheus.Collector {
	return []prometheus.Collector{d.metrics.attempts, d.metrics.duration, d.metrics.dead}
}
