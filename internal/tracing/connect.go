package tracing

import (
	"context"
	"fmt"

	"connectrpc.com/connect"
	"connectrpc.com/otelconnect"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"
)

// ServerInterceptor makes a server span per RPC (otelconnect, without its
// metrics: Prometheus has those). With trustRemote the span continues
// the caller's trace (W3C traceparent); without it a caller's context
// only becomes a link, so a public caller can neither force sampling nor
// graft its spans onto ours, and the sampling decision for such a new
// root is taken before any span work (headFilter). skip names procedures not to trace (the
// workers' long-polling ClaimJob, which would be a trace every poll). It
// records the span for the request's log line (see Handler), so it must
// run outside every interceptor that logs.
func (p *Provider) ServerInterceptor(trustRemote bool, skip ...string) (connect.Interceptor, error) {
	var head func(context.Context, connect.Spec) bool
	if !trustRemote && p.Enabled() {
		head = p.headFilter
	}
	opts := p.connectOptions(skip, head)
	if trustRemote {
		opts = append(opts, otelconnect.WithTrustRemote())
	}
	i, err := otelconnect.NewInterceptor(opts...)
	if err != nil {
		return nil, fmt.Errorf("tracing: connect interceptor: %w", err)
	}
	return chain{i, recordSpan{}}, nil
}

// ClientInterceptor makes a client span per RPC and sends its context
// with the request, except for the procedures in skip.
func (p *Provider) ClientInterceptor(skip ...string) (connect.Interceptor, error) {
	i, err := otelconnect.NewInterceptor(p.connectOptions(skip, nil)...)
	if err != nil {
		return nil, fmt.Errorf("tracing: connect interceptor: %w", err)
	}
	return i, nil
}

// connectOptions filters out skip, then asks head (nil: keep all).
func (p *Provider) connectOptions(skip []string, head func(context.Context, connect.Spec) bool) []otelconnect.Option {
	opts := []otelconnect.Option{
		otelconnect.WithTracerProvider(p.TracerProvider()),
		otelconnect.WithPropagator(p.Propagator()),
		otelconnect.WithMeterProvider(noop.NewMeterProvider()),
		otelconnect.WithoutMetrics(),
	}
	if len(skip) > 0 || head != nil {
		opts = append(opts, otelconnect.WithFilter(func(ctx context.Context, s connect.Spec) bool {
			for _, name := range skip {
				if s.Procedure == name {
					return false
				}
			}
			return head == nil || head(ctx, s)
		}))
	}
	return opts
}

// chain runs outer around inner.
type chain struct{ outer, inner connect.Interceptor }

func (c chain) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return c.outer.WrapUnary(c.inner.WrapUnary(next))
}

func (c chain) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return c.outer.WrapStreamingClient(c.inner.WrapStreamingClient(next))
}

func (c chain) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return c.outer.WrapStreamingHandler(c.inner.WrapStreamingHandler(next))
}

// recordSpan hands the RPC's span context to the request's log line.
type recordSpan struct{}

func (recordSpan) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		remember(ctx)
		return next(ctx, req)
	}
}

func (recordSpan) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (recordSpan) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		remember(ctx)
		return next(ctx, conn)
	}
}

// remember records ctx's span in the request's holder, unless headFilter
// dropped the RPC: then there is none, and looking (a walk up the whole
// context chain) is skipped.
func remember(ctx context.Context) {
	if h, ok := ctx.Value(holderKey{}).(*holder); ok && !h.dropped {
		h.sc = trace.SpanContextFromContext(ctx)
	}
}
