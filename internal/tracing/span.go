package tracing

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// Start begins a child span of ctx's span, from the same provider, when
// ctx's span is recording; otherwise it returns ctx and that span as they
// are (ending or annotating a span that does not record is a no-op). Packages that are handed no Provider (the chain, media)
// trace through it: they get spans exactly when their caller is traced.
func Start(ctx context.Context, name string, kind trace.SpanKind, attrs ...attribute.KeyValue) (context.Context, trace.Span) {
	parent := trace.SpanFromContext(ctx)
	if !parent.IsRecording() {
		return ctx, parent
	}
	return parent.TracerProvider().Tracer(scope).Start(ctx, name,
		trace.WithSpanKind(kind), trace.WithAttributes(attrs...))
}

// StartAt is Start for a span that began at start: a call whose span is
// only wanted once its outcome is known (a Redis read the client-side
// cache may answer from memory) starts it after the fact.
func StartAt(ctx context.Context, name string, kind trace.SpanKind, start time.Time, attrs ...attribute.KeyValue) (context.Context, trace.Span) {
	parent := trace.SpanFromContext(ctx)
	if !parent.IsRecording() {
		return ctx, parent
	}
	return parent.TracerProvider().Tracer(scope).Start(ctx, name,
		trace.WithSpanKind(kind), trace.WithAttributes(attrs...), trace.WithTimestamp(start))
}

// End records err (nil: success) on span and ends it.
func End(span trace.Span, err error) {
	record(span, err)
	span.End()
}

// EndAt is End for a span whose work ended at end: a run that is only
// recorded once somebody takes its result (an upload's probe started
// ahead) ends it after the fact.
func EndAt(span trace.Span, err error, end time.Time) {
	record(span, err)
	span.End(trace.WithTimestamp(end))
}

func record(span trace.Span, err error) {
	if err != nil && span.IsRecording() {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
}

// TraceParent is the W3C traceparent of ctx's span, or "" without one:
// work handed to another process through storage (a transcode job)
// carries it, so that process continues the trace.
func TraceParent(ctx context.Context) string {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ""
	}
	c := propagation.MapCarrier{}
	propagation.TraceContext{}.Inject(ctx, c)
	return c["traceparent"]
}

// WithTraceParent returns ctx continuing the trace that traceparent
// names; an empty or malformed one leaves ctx as it is.
func WithTraceParent(ctx context.Context, traceparent string) context.Context {
	if traceparent == "" {
		return ctx
	}
	return propagation.TraceContext{}.Extract(ctx, propagation.MapCarrier{"traceparent": traceparent})
}
