package tracing

import (
	"context"
	"log/slog"

	"go.opentelemetry.io/otel/trace"
)

// LogHandler adds trace_id and span_id to every record logged with a
// context inside a span, and to a request's own log line (reqlog's, logged
// after the RPC's span ended) through the holder Handler put in the
// request's context.
func LogHandler(h slog.Handler) slog.Handler { return logHandler{h} }

type logHandler struct{ slog.Handler }

func (l logHandler) Handle(ctx context.Context, r slog.Record) error {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() {
		if h, ok := ctx.Value(holderKey{}).(*holder); ok {
			sc = h.sc
		}
	}
	if sc.IsValid() {
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return l.Handler.Handle(ctx, r)
}

func (l logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return logHandler{l.Handler.WithAttrs(attrs)}
}

func (l logHandler) WithGroup(name string) slog.Handler { return logHandler{l.Handler.WithGroup(name)} }

// holder carries an RPC's span context out to the request's log line,
// which is written by middleware outside the span.
// It also carries headFilter's decision to the sampler and to
// recordSpan. It is the context node that carries it (the request's
// context, answering holderKey itself), so Handler makes one allocation
// where context.WithValue and the holder made two.
type holder struct {
	context.Context // the request's own
	sc              trace.SpanContext
	presampled      bool // headFilter kept the RPC: presampled samples its span
	dropped         bool // headFilter dropped the RPC: it has no span to record
}

// Value answers holderKey and leaves every other key to the parent.
func (h *holder) Value(key any) any {
	if key == (holderKey{}) {
		return h
	}
	return h.Context.Value(key)
}

type holderKey struct{}
