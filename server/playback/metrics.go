package playback

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// figures are the service's Prometheus counters.
type figures struct {
	authorized *prometheus.CounterVec // by result: allowed, denied, unavailable
	renewed    *prometheus.CounterVec // by result
	bytes      *prometheus.CounterVec // by kind: playlist, segment, key
	requests   *prometheus.CounterVec // /play requests by kind and status
	keyChecks  *prometheus.CounterVec // gate checks at key fetches, by result (revocation.go)
	spool      *prometheus.CounterVec // spool events (spooled.go)
}

func newFigures(reg prometheus.Registerer) (*figures, error) {
	f := &figures{
		authorized: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "streamgate_playback_authorizations_total",
			Help: "Authorize calls that reached the gate, by result (allowed, denied, unavailable).",
		}, []string{"result"}),
		renewed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "streamgate_playback_renewals_total",
			Help: "Renew calls with a valid token, by result (renewed, denied, unavailable).",
		}, []string{"result"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "streamgate_playback_bytes_served_total",
			Help: "Bytes of HLS served under /play, by kind (playlist, segment, key).",
		}, []string{"kind"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "streamgate_playback_requests_total",
			Help: "Requests under /play, by kind and HTTP status.",
		}, []string{"kind", "status"}),
		keyChecks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "streamgate_playback_key_checks_total",
			Help: "Gate checks at HLS key fetches (with the chain watcher on), by result (denied, unavailable).",
		}, []string{"result"}),
		spool: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "streamgate_playback_spool_events_total",
			Help: "Segment spool events: filled (a segment written and checked), dropped (a file changed or gone), disk_error (the spool fills nothing for 30 s), mismatch (S3's bytes differ from its length or ETag).",
		}, []string{"event"}),
	}
	if reg == nil {
		return f, nil
	}
	for _, c := range []prometheus.Collector{f.authorized, f.renewed, f.bytes, f.requests, f.keyChecks, f.spool} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register playback metrics: %w", err)
		}
	}
	return f, nil
}
