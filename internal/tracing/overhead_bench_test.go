package tracing_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/streamgate/streamgate/internal/tracing"
)

// BenchmarkRPCOverhead is what tracing adds to one public unary RPC on
// the server: Handler (the request's holder) and ServerInterceptor
// (head sampling, otelconnect, the span for the log line), with
// parentbased_traceidratio at 0.1 and spans batched over OTLP/HTTP to a
// local receiver, against the same Connect handler untraced. The two are
// alternated call by call, so the machine's load falls on both alike;
// added-p50-ns is the difference of their medians, and added-mean-ns
// that of their means (the 10% of calls that make a span sit in the
// tail, so the mean is what tracing costs on average).
//
//	go test -run '^$' -bench BenchmarkRPCOverhead -benchtime 200000x ./internal/tracing/
func BenchmarkRPCOverhead(b *testing.B) {
	p, err := tracing.New(context.Background(), tracing.Config{
		Enabled: true, Protocol: tracing.ProtocolHTTP, Endpoint: newBenchReceiver(b), ServiceName: "streamgate",
		Sampler: sdktrace.ParentBased(sdktrace.TraceIDRatioBased(0.1)),
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	const procedure = "/streamgate.playback.v1.PlaybackService/Authorize"
	handle := func(context.Context, *connect.Request[emptypb.Empty]) (*connect.Response[emptypb.Empty], error) {
		return connect.NewResponse(&emptypb.Empty{}), nil
	}
	bare := connect.NewUnaryHandler(procedure, handle)
	icpt, err := p.ServerInterceptor(false)
	if err != nil {
		b.Fatal(err)
	}
	traced := p.Handler(connect.NewUnaryHandler(procedure, handle, connect.WithInterceptors(icpt)))
	call := func(h http.Handler) time.Duration {
		r := httptest.NewRequest(http.MethodPost, procedure, strings.NewReader(""))
		r.Header.Set("Content-Type", "application/proto")
		w := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(w, r)
		took := time.Since(start)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
		return took
	}
	var tb, tt []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		tb = append(tb, call(bare))
		tt = append(tt, call(traced))
	}
	mean := func(d []time.Duration) float64 {
		var sum time.Duration
		for _, x := range d {
			sum += x
		}
		return float64(sum) / float64(len(d))
	}
	b.ReportMetric(mean(tt)-mean(tb), "added-mean-ns")
	slices.Sort(tb)
	slices.Sort(tt)
	b.ReportMetric(float64(tb[len(tb)/2]), "bare-p50-ns")
	b.ReportMetric(float64(tt[len(tt)/2]), "traced-p50-ns")
	b.ReportMetric(float64(tt[len(tt)/2]-tb[len(tb)/2]), "added-p50-ns")
}
