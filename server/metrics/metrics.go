// Package metrics exposes StreamGate's Prometheus figures: per-RPC counts,
// codes and latency from one interceptor, the Go runtime, and whatever
// collectors others register (the store's pool figures).
package metrics

import (
	"context"
	"errors"
	"net/http"
	"time"

	"connectrpc.com/connect"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Registry holds the server's collectors. Services register their own
// figures on it (Registerer) so that one /metrics shows everything.
type Registry struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// New returns a registry with the RPC, Go runtime and process collectors.
func New() *Registry {
	r := &Registry{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "streamgate_rpc_requests_total",
			Help: "RPCs handled, by procedure and Connect code (ok for success).",
		}, []string{"procedure", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "streamgate_rpc_duration_seconds",
			Help:    "RPC handling time, by procedure.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2.5, 12),
		}, []string{"procedure"}),
	}
	r.reg.MustRegister(r.requests, r.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return r
}

// Registerer is where services add their own collectors.
func (r *Registry) Registerer() prometheus.Registerer { return r.reg }

// Handler serves the figures in the Prometheus text format.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{Registry: r.reg})
}

// Interceptor counts and times every RPC the server handles.
func (r *Registry) Interceptor() connect.Interceptor { return &interceptor{r: r} }

type interceptor struct{ r *Registry }

func (i *interceptor) observe(procedure string, start time.Time, err error) {
	code := "ok"
	if err != nil {
		code = connect.CodeOf(err).String()
		var cerr *connect.Error
		if !errors.As(err, &cerr) {
			code = connect.CodeUnknown.String()
		}
	}
	i.r.requests.WithLabelValues(procedure, code).Inc()
	i.r.duration.WithLabelValues(procedure).Observe(time.Since(start).Seconds())
}

func (i *interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		start := time.Now()
		res, err := next(ctx, req)
		if !req.Spec().IsClient {
			i.observe(req.Spec().Procedure, start, err)
		}
		return res, err
	}
}

func (i *interceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (i *interceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		start := time.Now()
		err := next(ctx, conn)
		i.observe(conn.Spec().Procedure, start, err)
		return err
	}
}
