package outage_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/redis/rueidis"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/outage"
)

// BenchmarkCachedRead times a client-side-cached GET (what a cached gate
// check costs in Redis) through outage.Redis (wrapped) against the bare
// rueidis client (bare), in the same run, under a request's deadline.
func BenchmarkCachedRead(b *testing.B) {
	rdb, prefix := testenv.Redis(b)
	wrapped := outage.NewRedis(rdb, outage.DefaultConfig())
	key := prefix + "cached"
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	if err := rdb.Do(ctx, rdb.B().Set().Key(key).Value("v").Build()).Error(); err != nil {
		b.Fatal(err)
	}
	read := func(c rueidis.Client) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res := c.DoCache(ctx, c.B().Get().Key(key).Cache(), time.Minute)
				if err := res.Error(); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	_ = rdb.DoCache(ctx, rdb.B().Get().Key(key).Cache(), time.Minute) // fill the client-side cache
	b.Run("bare", read(rdb))
	b.Run("wrapped", read(wrapped))
	// The two alternated call by call, so that the machine's load falls
	// on both alike: the ratio of their medians.
	b.Run("alternated", func(b *testing.B) {
		var bare, ours []time.Duration
		for b.Loop() {
			t0 := time.Now()
			_ = rdb.DoCache(ctx, rdb.B().Get().Key(key).Cache(), time.Minute)
			t1 := time.Now()
			_ = wrapped.DoCache(ctx, wrapped.B().Get().Key(key).Cache(), time.Minute)
			bare, ours = append(bare, t1.Sub(t0)), append(ours, time.Since(t1))
		}
		slices.Sort(bare)
		slices.Sort(ours)
		b.ReportMetric(float64(bare[len(bare)/2]), "bare-p50-ns")
		b.ReportMetric(float64(ours[len(ours)/2]), "wrapped-p50-ns")
		b.ReportMetric(float64(ours[len(ours)/2])/float64(bare[len(bare)/2]), "wrapped/bare")
	})
}

// BenchmarkOverhead times what the deadline adds to one request, the
// same call alternated with and without it: a unary RPC through the
// interceptor, and a /play request through Play (both around a handler
// that does nothing, so the difference is the whole cost).
func BenchmarkOverhead(b *testing.B) {
	cfg := outage.DefaultConfig()
	b.Run("rpc", func(b *testing.B) {
		next := connect.UnaryFunc(func(context.Context, connect.AnyRequest) (connect.AnyResponse, error) {
			return connect.NewResponse(&emptypb.Empty{}), nil
		})
		wrapped := outage.Interceptor(cfg).WrapUnary(next)
		req := connect.NewRequest(&emptypb.Empty{})
		alternate(b, func() { _, _ = next(context.Background(), req) }, func() { _, _ = wrapped(context.Background(), req) })
	})
	b.Run("play", func(b *testing.B) {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
		wrapped := outage.Play(cfg, h)
		r := httptest.NewRequest(http.MethodGet, "/play/token/120p/seg_000.ts", nil)
		w := httptest.NewRecorder()
		alternate(b, func() { h.ServeHTTP(w, r) }, func() { wrapped.ServeHTTP(w, r) })
	})
}

func alternate(b *testing.B, bare, ours func()) {
	var tb, to []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		bare()
		t1 := time.Now()
		ours()
		tb, to = append(tb, t1.Sub(t0)), append(to, time.Since(t1))
	}
	slices.Sort(tb)
	slices.Sort(to)
	b.ReportMetric(float64(tb[len(tb)/2]), "bare-p50-ns")
	b.ReportMetric(float64(to[len(to)/2]), "wrapped-p50-ns")
	b.ReportMetric(float64(to[len(to)/2]-tb[len(tb)/2]), "added-p50-ns")
}
