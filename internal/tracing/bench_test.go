package tracing_test

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/internal/teststack"
	"github.com/streamgate/streamgate/internal/tracing"
	streamgate "github.com/streamgate/streamgate/sdk/go"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/auth"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/playback"
)

// BenchmarkAuthorizeTracing compares the cached Authorize path (a holder
// of a gated video; the session, the gate's answer and the video row
// cached for the production defaults' times) on two stacks in the same process, one untraced
// and one traced the way production would be: every RPC, query, Redis
// command and chain call instrumented, 10% of traces sampled
// (parentbased_traceidratio 0.1), spans batched to an OTLP/HTTP receiver.
// The two alternate, rounds times each, so machine load hits both alike;
// besides wall time per call it reports this process's CPU per call.
//
//	go test -run '^$' -bench BenchmarkAuthorizeTracing -benchtime 5s ./internal/tracing/
func BenchmarkAuthorizeTracing(b *testing.B) {
	recv := newBenchReceiver(b)
	on, err := tracing.New(context.Background(), tracing.Config{
		Enabled: true, Protocol: tracing.ProtocolHTTP, Endpoint: recv, ServiceName: "streamgate",
		Sampler: sdktrace.ParentBased(sdktrace.TraceIDRatioBased(0.1)),
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = on.Shutdown(context.Background()) })
	off := authorizer(b, nil)
	traced := authorizer(b, on)
	const rounds = 5
	for r := range rounds {
		for _, c := range []struct {
			name string
			call func(context.Context) error
		}{{"off", off}, {"on", traced}} {
			b.Run(fmt.Sprintf("%s/round%d", c.name, r), func(b *testing.B) {
				b.SetParallelism(4)
				cpu := cpuTime(b)
				defer func() { b.ReportMetric(float64((cpuTime(b)-cpu).Microseconds())/float64(b.N), "cpu-µs/op") }()
				b.RunParallel(func(pb *testing.PB) {
					ctx := context.Background()
					for pb.Next() {
						if err := c.call(ctx); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
			runtime.GC()
		}
	}
}

// cpuTime is the CPU this process has used (client, server and
// exporter alike, as they share it): unlike wall time per call it hardly
// moves with what other processes on the machine do.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// authorizer starts a stack (traced by tr, nil: not), readies a gated
// video and returns the holder's Authorize of it, its gate answer cached.
func authorizer(b *testing.B, tr *tracing.Provider) func(context.Context) error {
	b.Helper()
	s := teststack.Start(b, teststack.Options{Tracing: tr, Configure: func(c *server.Config) {
		c.Svc.Auth.SessionCacheTTL = auth.DefaultConfig().SessionCacheTTL
		c.Svc.Gate.PositiveTTL = gate.DefaultConfig().PositiveTTL
		c.Svc.Playback.VideoCacheTTL = playback.DefaultConfig().VideoCacheTTL
	}})
	ctx := b.Context()
	creator := streamgate.New(s.URL)
	if _, err := creator.SignIn(ctx, streamgate.NewKeySigner(s.Creator), s.ChainID); err != nil {
		b.Fatal(err)
	}
	v, err := creator.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "bench", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	if err != nil {
		b.Fatal(err)
	}
	id := v.Msg.GetVideo().GetId()
	if _, err := creator.UploadFile(ctx, id, teststack.NoiseMP4(b), streamgate.UploadOptions{}); err != nil {
		b.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if _, err := creator.WaitReady(wctx, id, nil); err != nil {
		b.Fatal(err)
	}
	rule := &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
		ChainId: s.ChainID, Contract: s.NFT.Hex(), Standard: gatev1.Standard_STANDARD_ERC721,
	}}}
	if _, err := creator.Gate.SetAccessRule(ctx, connect.NewRequest(&gatev1.SetAccessRuleRequest{VideoId: id, Rule: rule})); err != nil {
		b.Fatal(err)
	}
	holder := streamgate.New(s.URL)
	if _, err := holder.SignIn(ctx, streamgate.NewKeySigner(s.Holder), s.ChainID); err != nil {
		b.Fatal(err)
	}
	call := func(ctx context.Context) error { _, err := holder.Authorize(ctx, id); return err }
	if err := call(ctx); err != nil { // fills the gate's cache
		b.Fatal(err)
	}
	return call
}
