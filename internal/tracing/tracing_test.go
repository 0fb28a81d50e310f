package tracing_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"connectrpc.com/connect"
	"connectrpc.com/grpchealth"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/streamgate/streamgate/internal/tracing"
	"github.com/streamgate/streamgate/server/reqlog"
)

func TestFromEnv(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		env      map[string]string
		on       bool
		protocol string
		err      string
	}{
		{name: "unset is off", env: nil},
		{name: "endpoint turns it on", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, on: true, protocol: tracing.ProtocolHTTP},
		{name: "traces endpoint", env: map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/v1/traces"}, on: true, protocol: tracing.ProtocolHTTP},
		{name: "exporter otlp", env: map[string]string{"OTEL_TRACES_EXPORTER": "otlp"}, on: true, protocol: tracing.ProtocolHTTP},
		{name: "grpc", env: map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, on: true, protocol: tracing.ProtocolGRPC},
		{name: "traces protocol wins", env: map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf"}, on: true, protocol: tracing.ProtocolHTTP},
		{name: "none", env: map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}},
		{name: "sdk disabled", env: map[string]string{"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"}},
		{name: "unknown exporter", env: map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, err: "OTEL_TRACES_EXPORTER"},
		{name: "json protocol", env: map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}, err: "OTEL_EXPORTER_OTLP_PROTOCOL"},
		{name: "bad ratio", env: map[string]string{"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "10%"}, err: "OTEL_TRACES_SAMPLER_ARG"},
		{name: "unknown sampler", env: map[string]string{"OTEL_TRACES_SAMPLER": "jaeger_remote"}, err: "OTEL_TRACES_SAMPLER"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := tracing.FromEnv(func(k string) string { return c.env[k] }, "streamgate")
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("got %v, want an error naming %s", err, c.err)
				}
				return
			}
			if err != nil || cfg.Enabled != c.on || (c.on && cfg.Protocol != c.protocol) {
				t.Fatalf("got %+v, %v; want on=%v protocol %q", cfg, err, c.on, c.protocol)
			}
		})
	}
}

func TestSamplerFromEnv(t *testing.T) {
	t.Parallel()
	for env, want := range map[[2]string]string{
		{"", ""}:                            "ParentBased{root:AlwaysOnSampler",
		{"parentbased_traceidratio", "0.1"}: "ParentBased{root:TraceIDRatioBased{0.1}",
		{"traceidratio", "0.25"}:            "TraceIDRatioBased{0.25}",
		{"always_off", ""}:                  "AlwaysOffSampler",
		{"parentbased_always_off", ""}:      "ParentBased{root:AlwaysOffSampler",
		{"ALWAYS_ON", ""}:                   "AlwaysOnSampler",
	} {
		cfg, err := tracing.FromEnv(func(k string) string {
			return map[string]string{"OTEL_TRACES_SAMPLER": env[0], "OTEL_TRACES_SAMPLER_ARG": env[1]}[k]
		}, "streamgate")
		if err != nil || !strings.HasPrefix(cfg.Sampler.Description(), want) {
			t.Errorf("%v: sampler %v, %v; want %s", env, cfg.Sampler, err, want)
		}
	}
}

func TestOffIsNoop(t *testing.T) {
	t.Parallel()
	p, err := tracing.New(t.Context(), tracing.Config{ServiceName: "x"})
	if err != nil || p.Enabled() {
		t.Fatalf("off: %v, %v", p, err)
	}
	_, span := p.Tracer().Start(t.Context(), "x")
	if span.IsRecording() {
		t.Fatal("an off provider records")
	}
	h := http.NotFoundHandler()
	if got := p.Handler(h); got == nil {
		t.Fatal("no handler")
	}
}

// TestLogLinesCarryTraceIDs serves a real Connect handler behind the
// request log, as the server does, and checks the log line of the request
// names the trace and span the collector received.
func TestLogLinesCarryTraceIDs(t *testing.T) {
	t.Parallel()
	recv := newReceiver(t)
	p := provider(t, recv, "streamgate")
	var buf bytes.Buffer
	log := slog.New(tracing.LogHandler(slog.NewJSONHandler(&buf, nil)))
	ic, err := p.ServerInterceptor(false)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(grpchealth.NewHandler(grpchealth.NewStaticChecker(), connect.WithInterceptors(ic)))
	srv := httptest.NewServer(p.Handler(reqlog.Middleware(log, mux)))
	t.Cleanup(srv.Close)
	res, err := http.Post(srv.URL+"/grpc.health.v1.Health/Check", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("health check: %s", res.Status)
	}
	isCheck := func(s span) bool { return s.Name == "grpc.health.v1.Health/Check" }
	spans := await(t, recv, func(spans []span) bool { _, ok := find(spans, isCheck); return ok }, p)
	check, _ := find(spans, isCheck)
	var line struct{ Msg, TraceID, SpanID string }
	var raw map[string]any
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatalf("log: %v: %s", err, buf.String())
	}
	line.Msg, _ = raw["msg"].(string)
	line.TraceID, _ = raw["trace_id"].(string)
	line.SpanID, _ = raw["span_id"].(string)
	if line.Msg != "request" || line.TraceID != check.Trace || line.SpanID != check.ID {
		t.Fatalf("log line %s; want trace %s span %s", buf.String(), check.Trace, check.ID)
	}

	// Logged inside a span, a line names that span.
	buf.Reset()
	ctx, span := p.Tracer().Start(context.Background(), "work")
	log.InfoContext(ctx, "inside")
	span.End()
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil || raw["span_id"] != span.SpanContext().SpanID().String() {
		t.Fatalf("log line %s; want span %s", buf.String(), span.SpanContext().SpanID())
	}
	// Outside any span, nothing is added.
	buf.Reset()
	log.InfoContext(trace.ContextWithSpanContext(context.Background(), trace.SpanContext{}), "outside")
	if strings.Contains(buf.String(), "trace_id") {
		t.Fatalf("log line outside a span: %s", buf.String())
	}
}

// TestCallerCannotGraftOntoPublicRPCs: a traceparent sent to a public
// service becomes a link, not the parent; the trusted (worker) side
// continues it.
func TestCallerCannotGraftOntoPublicRPCs(t *testing.T) {
	t.Parallel()
	recv := newReceiver(t)
	p := provider(t, recv, "streamgate")
	const remote = "4bf92f3577b34da6a3ce929d0e0e4736"
	for _, trusted := range []bool{false, true} {
		ic, err := p.ServerInterceptor(trusted)
		if err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		mux.Handle(grpchealth.NewHandler(grpchealth.NewStaticChecker(), connect.WithInterceptors(ic)))
		srv := httptest.NewServer(p.Handler(mux))
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/grpc.health.v1.Health/Check", strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Traceparent", "00-"+remote+"-00f067aa0ba902b7-01")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		srv.Close()
	}
	spans := await(t, recv, func(spans []span) bool { return len(spans) >= 2 }, p)
	var linked, continued int
	for _, s := range spans {
		switch {
		case s.Trace == remote && s.Parent == "00f067aa0ba902b7":
			continued++
		case s.Trace != remote && s.Parent == "" && len(s.Links) == 1 && s.Links[0] == remote:
			linked++
		}
	}
	if linked != 1 || continued != 1 {
		t.Fatalf("linked %d, continued %d; want 1 and 1: %+v", linked, continued, spans)
	}
}

// TestDroppedPublicRPCsMakeNoSpan: a public RPC the sampler drops gets no
// span (nor trace id in its log line), decided before otelconnect's work;
// a worker's sampled context is still continued.
func TestDroppedPublicRPCsMakeNoSpan(t *testing.T) {
	t.Parallel()
	recv := newReceiver(t)
	p, err := tracing.New(t.Context(), tracing.Config{
		Enabled: true, Protocol: tracing.ProtocolHTTP, Endpoint: recv.URL, ServiceName: "streamgate",
		Sampler: sdktrace.ParentBased(sdktrace.NeverSample()),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	var buf bytes.Buffer
	log := slog.New(tracing.LogHandler(slog.NewJSONHandler(&buf, nil)))
	const remote = "4bf92f3577b34da6a3ce929d0e0e4736"
	for _, trusted := range []bool{false, true} {
		ic, err := p.ServerInterceptor(trusted)
		if err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		mux.Handle(grpchealth.NewHandler(grpchealth.NewStaticChecker(), connect.WithInterceptors(ic)))
		srv := httptest.NewServer(p.Handler(reqlog.Middleware(log, mux)))
		for range 20 {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/grpc.health.v1.Health/Check", strings.NewReader("{}"))
			req.Header.Set("Content-Type", "application/json")
			if trusted {
				req.Header.Set("Traceparent", "00-"+remote+"-00f067aa0ba902b7-01")
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
		}
		srv.Close()
		if !trusted && strings.Contains(buf.String(), "trace_id") {
			t.Fatalf("a dropped RPC's log line names a trace: %s", buf.String())
		}
	}
	spans := await(t, recv, func(spans []span) bool { return len(spans) >= 20 }, p)
	for _, s := range spans {
		if s.Trace != remote {
			t.Fatalf("a dropped public RPC made a span: %+v", s)
		}
	}
}

// TestDroppedRouteRequestsAreServedAsTheyCame: a /play request the
// sampler drops is decided before any span work (its path is not even
// redacted) and makes no span; a kept one gets its span, parented on
// nothing the player sent.
func TestDroppedRouteRequestsAreServedAsTheyCame(t *testing.T) {
	t.Parallel()
	for _, keep := range []bool{false, true} {
		recv := newReceiver(t)
		sampler := sdktrace.ParentBased(sdktrace.NeverSample())
		if keep {
			sampler = sdktrace.ParentBased(sdktrace.AlwaysSample())
		}
		p, err := tracing.New(t.Context(), tracing.Config{
			Enabled: true, Protocol: tracing.ProtocolHTTP, Endpoint: recv.URL, ServiceName: "streamgate", Sampler: sampler,
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = p.Shutdown(context.Background()) })
		var redacted atomic.Int32
		route := tracing.Route{Prefix: "/play/", Name: "/play/{token}/{file...}", Redact: func(path string) string {
			redacted.Add(1)
			return reqlog.Redact(path)
		}}
		var recording atomic.Int32
		srv := httptest.NewServer(p.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/play/secret-token/index.m3u8" {
				t.Errorf("handler got %q", r.URL.Path)
			}
			if trace.SpanFromContext(r.Context()).IsRecording() {
				recording.Add(1)
			}
			_, _ = io.WriteString(w, "#EXTM3U\n")
		}), route))
		const n = 10
		for range n {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/play/secret-token/index.m3u8", nil)
			req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("/play: %s", res.Status)
			}
		}
		srv.Close()
		if !keep {
			if err := p.ForceFlush(t.Context()); err != nil {
				t.Fatal(err)
			}
			if spans := recv.all(); len(spans) != 0 || redacted.Load() != 0 || recording.Load() != 0 {
				t.Fatalf("dropped: %d spans, %d redactions, %d recording; want none: %+v", len(spans), redacted.Load(), recording.Load(), spans)
			}
			continue
		}
		spans := await(t, recv, func(spans []span) bool { return len(spans) >= n }, p)
		for _, s := range spans {
			if s.Attrs["url.path"] != "/play/REDACTED/index.m3u8" || s.Parent != "" || len(s.Links) != 1 {
				t.Fatalf("kept /play span %+v", s)
			}
		}
		if len(spans) != n || redacted.Load() != n || recording.Load() != n {
			t.Fatalf("kept: %d spans, %d redactions, %d recording; want %d each", len(spans), redacted.Load(), recording.Load(), n)
		}
	}
}
