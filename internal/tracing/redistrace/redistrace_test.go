package redistrace_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/rueidis"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/internal/tracing/redistrace"
)

// TestSpans runs commands on the real Redis through the wrapper, inside a
// sampled span and outside any, and checks the spans it made.
func TestSpans(t *testing.T) {
	t.Parallel()
	raw, prefix := testenv.Redis(t)
	c := redistrace.Wrap(raw)
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	key := prefix + "k"
	if err := c.Do(ctx, c.B().Set().Key(key).Value("v").Build()).Error(); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second read is served by the client-side cache
		if v, err := c.DoCache(ctx, c.B().Get().Key(key).Cache(), time.Minute).ToString(); err != nil || v != "v" {
			t.Fatalf("GET: %q, %v", v, err)
		}
	}
	// All answered by the client-side cache: no span either.
	if err := c.DoMultiCache(ctx, rueidis.CT(c.B().Get().Key(key).Cache(), time.Minute))[0].Error(); err != nil {
		t.Fatal(err)
	}
	res := c.DoMulti(ctx, c.B().Get().Key(prefix+"missing").Build(), c.B().Incr().Key(key).Build())
	if res[1].Error() == nil {
		t.Fatal("INCR of a string succeeded")
	}
	// Outside a sampled span, nothing.
	if err := c.Do(context.Background(), c.B().Get().Key(key).Build()).Error(); err != nil {
		t.Fatal(err)
	}
	parent.End()
	got := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range exp.GetSpans().Snapshots() {
		if s.Name() == "request" {
			continue
		}
		if s.Parent().SpanID() != parent.SpanContext().SpanID() {
			t.Errorf("%s is not a child of the request", s.Name())
		}
		got[s.Name()] = s
		for _, a := range s.Attributes() {
			if a.Value.AsString() == key {
				t.Errorf("%s records the key", s.Name())
			}
		}
	}
	// request, SET, the first GET (the second is the client-side cache's:
	// no span), the pipeline
	if len(exp.GetSpans()) != 4 {
		t.Errorf("%d spans, want 4: %v", len(exp.GetSpans()), got)
	}
	if got["SET"] == nil || got["GET"] == nil || got["PIPELINE GET"] == nil {
		t.Fatalf("spans %v", got)
	}
	if got["PIPELINE GET"].Status().Code != codes.Error || got["GET"].Status().Code == codes.Error {
		t.Error("a failed command in a pipeline must fail its span, a nil reply must not")
	}
}
