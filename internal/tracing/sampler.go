package tracing

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"connectrpc.com/connect"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// samplerFromEnv reads OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG as
// the SDK does (default parentbased_always_on). The Provider needs the
// sampler itself: public RPCs are sampled before any span work (headFilter).
func samplerFromEnv(getenv func(string) string) (sdktrace.Sampler, error) {
	name := strings.ToLower(strings.TrimSpace(getenv("OTEL_TRACES_SAMPLER")))
	arg := strings.TrimSpace(getenv("OTEL_TRACES_SAMPLER_ARG"))
	ratio := func() (sdktrace.Sampler, error) {
		if arg == "" {
			return sdktrace.TraceIDRatioBased(1), nil
		}
		r, err := strconv.ParseFloat(arg, 64)
		if err != nil || r < 0 || r > 1 {
			return nil, fmt.Errorf("OTEL_TRACES_SAMPLER_ARG %q: want a ratio from 0 to 1", arg)
		}
		return sdktrace.TraceIDRatioBased(r), nil
	}
	switch name {
	case "", "parentbased_always_on":
		return sdktrace.ParentBased(sdktrace.AlwaysSample()), nil
	case "always_on":
		return sdktrace.AlwaysSample(), nil
	case "always_off":
		return sdktrace.NeverSample(), nil
	case "parentbased_always_off":
		return sdktrace.ParentBased(sdktrace.NeverSample()), nil
	case "traceidratio":
		return ratio()
	case "parentbased_traceidratio":
		s, err := ratio()
		if err != nil {
			return nil, err
		}
		return sdktrace.ParentBased(s), nil
	}
	return nil, fmt.Errorf("OTEL_TRACES_SAMPLER %q: want always_on, always_off, traceidratio or their parentbased_ forms", name)
}

// headFilter decides, before otelconnect does any work, whether a public
// RPC (a new root: its caller's context is not trusted) is sampled. A
// dropped RPC gets no span at all, which is most of what tracing costs at
// a low ratio; a kept one is marked in the request's holder so that
// presampled keeps it when the span starts. Without the holder (no
// Handler around) otelconnect and the sampler decide as usual.
func (p *Provider) headFilter(ctx context.Context, spec connect.Spec) bool {
	h, ok := ctx.Value(holderKey{}).(*holder)
	if !ok {
		return true
	}
	if !p.sampleRoot(spec.Procedure) {
		h.dropped = true
		return false
	}
	h.presampled = true
	return true
}

// sampleRoot asks the sampler about a new root server span named name,
// for a trace id of its own: the span's id is only drawn when the span
// is made, which a dropped request never is.
func (p *Provider) sampleRoot(name string) bool {
	var id trace.TraceID
	binary.NativeEndian.PutUint64(id[:8], rand.Uint64())
	binary.NativeEndian.PutUint64(id[8:], rand.Uint64())
	res := p.sampler.ShouldSample(sdktrace.SamplingParameters{
		ParentContext: context.Background(), TraceID: id, Name: name, Kind: trace.SpanKindServer,
	})
	return res.Decision != sdktrace.Drop
}

// presampled is the Provider's sampler: sampler, except for spans in a
// request headFilter already kept.
type presampled struct{ sampler sdktrace.Sampler }

func (s presampled) ShouldSample(p sdktrace.SamplingParameters) sdktrace.SamplingResult {
	if h, ok := p.ParentContext.Value(holderKey{}).(*holder); ok && h.presampled {
		return sdktrace.SamplingResult{
			Decision:   sdktrace.RecordAndSample,
			Tracestate: trace.SpanContextFromContext(p.ParentContext).TraceState(),
		}
	}
	return s.sampler.ShouldSample(p)
}

func (s presampled) Description() string { return s.sampler.Description() }
