// Package tracing is StreamGate's OpenTelemetry tracing: one Provider per
// process, configured by the standard OTEL_* environment variables and off
// unless they ask for an exporter, plus the small adapters that put spans
// around the process's outbound calls (PostgreSQL, Redis, S3, the chain,
// ffmpeg) and trace ids into log lines.
//
// Everything here takes the Provider explicitly (no global tracer
// provider is installed), and leaf spans (a query, a Redis command, an S3
// request, an ffmpeg run) are only made under a recording span: a request
// that was not sampled, or background work outside any request, costs one
// IsRecording check per call.
package tracing

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// Protocols the OTLP exporter speaks.
const (
	ProtocolHTTP = "http/protobuf"
	ProtocolGRPC = "grpc"
)

// Config says whether and how to export spans. Start from FromEnv; the
// exporter itself still reads OTEL_EXPORTER_OTLP_* (headers, timeout,
// TLS, compression), the SDK OTEL_BSP_*, and the resource
// OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES.
type Config struct {
	// Enabled turns tracing on; off, the Provider is a no-op.
	Enabled bool
	// Protocol is ProtocolHTTP or ProtocolGRPC.
	Protocol string
	// Endpoint, when set, overrides the OTLP endpoint URL the exporter
	// reads from the environment (tests point it at their receiver).
	Endpoint string
	// ServiceName is service.name unless OTEL_SERVICE_NAME says otherwise.
	ServiceName string
	// Sampler decides which traces are kept (FromEnv reads
	// OTEL_TRACES_SAMPLER); nil keeps every one.
	Sampler sdktrace.Sampler
}

// FromEnv reads the standard variables through getenv (os.Getenv in
// cmd/). Tracing is on when OTEL_TRACES_EXPORTER is "otlp", or when it is
// unset and an OTLP endpoint is set; OTEL_SDK_DISABLED=true or
// OTEL_TRACES_EXPORTER=none turn it off. Unlike the SDK's default, an
// unset environment means off: no exporter dials a collector nobody runs.
func FromEnv(getenv func(string) string, serviceName string) (Config, error) {
	c := Config{ServiceName: serviceName, Protocol: ProtocolHTTP}
	var err error
	if c.Sampler, err = samplerFromEnv(getenv); err != nil {
		return c, err
	}
	if strings.EqualFold(strings.TrimSpace(getenv("OTEL_SDK_DISABLED")), "true") {
		return c, nil
	}
	switch exp := strings.ToLower(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER"))); exp {
	case "none":
		return c, nil
	case "otlp":
		c.Enabled = true
	case "":
		c.Enabled = getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
	default:
		return c, fmt.Errorf("OTEL_TRACES_EXPORTER %q: StreamGate exports spans with otlp, or none", exp)
	}
	for _, name := range []string{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"} {
		if p := strings.TrimSpace(getenv(name)); p != "" {
			c.Protocol = p
			break
		}
	}
	return c, c.Validate()
}

// Validate checks the settings; its messages name the variables.
func (c Config) Validate() error {
	if !c.Enabled {
		return nil
	}
	if c.Protocol != ProtocolHTTP && c.Protocol != ProtocolGRPC {
		return fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL %q: want %s or %s", c.Protocol, ProtocolHTTP, ProtocolGRPC)
	}
	if c.ServiceName == "" {
		return errors.New("tracing: a service name is required")
	}
	return nil
}

// Provider is a process's tracing: a tracer provider and the W3C trace
// context propagator. The zero of *Provider (nil) is off.
type Provider struct {
	sdk     *sdktrace.TracerProvider
	prop    propagation.TextMapPropagator
	sampler sdktrace.Sampler
}

// New builds the Provider cfg asks for: a no-op one when tracing is off,
// else an SDK provider batching spans to an OTLP exporter.
func New(ctx context.Context, cfg Config) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if !cfg.Enabled {
		return nil, nil
	}
	exp, err := exporter(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("tracing: OTLP exporter: %w", err)
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(semconv.ServiceName(cfg.ServiceName)),
		resource.WithTelemetrySDK(), resource.WithHost(),
		// Last, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win.
		resource.WithFromEnv(),
	)
	if err != nil {
		return nil, fmt.Errorf("tracing: resource: %w", err)
	}
	sampler := cfg.Sampler
	if sampler == nil {
		sampler = sdktrace.ParentBased(sdktrace.AlwaysSample())
	}
	return &Provider{
		sdk: sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res),
			sdktrace.WithSampler(presampled{sampler})),
		prop:    propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}),
		sampler: sampler,
	}, nil
}

func exporter(ctx context.Context, cfg Config) (*otlptrace.Exporter, error) {
	if cfg.Protocol == ProtocolGRPC {
		var opts []otlptracegrpc.Option
		if cfg.Endpoint != "" {
			opts = append(opts, otlptracegrpc.WithEndpointURL(cfg.Endpoint))
		}
		return otlptracegrpc.New(ctx, opts...)
	}
	var opts []otlptracehttp.Option
	if cfg.Endpoint != "" {
		opts = append(opts, otlptracehttp.WithEndpointURL(cfg.Endpoint))
	}
	return otlptracehttp.New(ctx, opts...)
}

// Enabled reports whether spans are made and exported.
func (p *Provider) Enabled() bool { return p != nil && p.sdk != nil }

// TracerProvider is the provider to hand to instrumentation; a no-op one
// when tracing is off.
func (p *Provider) TracerProvider() trace.TracerProvider {
	if !p.Enabled() {
		return noop.NewTracerProvider()
	}
	return p.sdk
}

// Propagator reads and writes W3C trace context and baggage headers.
func (p *Provider) Propagator() propagation.TextMapPropagator {
	if !p.Enabled() {
		return propagation.NewCompositeTextMapPropagator()
	}
	return p.prop
}

// Tracer is StreamGate's own tracer of p.
func (p *Provider) Tracer() trace.Tracer { return p.TracerProvider().Tracer(scope) }

// ForceFlush exports every ended span now (tests, shutdown).
func (p *Provider) ForceFlush(ctx context.Context) error {
	if !p.Enabled() {
		return nil
	}
	return p.sdk.ForceFlush(ctx)
}

// Shutdown flushes and stops the exporter; call it once, at exit.
func (p *Provider) Shutdown(ctx context.Context) error {
	if !p.Enabled() {
		return nil
	}
	return p.sdk.Shutdown(ctx)
}

// scope names StreamGate's own spans' instrumentation scope.
const scope = "github.com/streamgate/streamgate"
