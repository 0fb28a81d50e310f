package outage_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/streamgate/streamgate/server/outage"
)

// serve mounts handle as procedure behind the deadline interceptor
// (--rpc-timeout rpc, the procedure named long when long) and returns a
// client of it.
func serve(t *testing.T, rpc time.Duration, long bool, handle func(context.Context) error) *connect.Client[emptypb.Empty, emptypb.Empty] {
	t.Helper()
	const procedure = "/test.v1.Test/Call"
	cfg := outage.DefaultConfig()
	cfg.RPC, cfg.LongRPC = rpc, time.Hour
	var longs []string
	if long {
		longs = append(longs, procedure)
	}
	mux := http.NewServeMux()
	mux.Handle(procedure, connect.NewUnaryHandler(procedure,
		func(ctx context.Context, _ *connect.Request[emptypb.Empty]) (*connect.Response[emptypb.Empty], error) {
			if err := handle(ctx); err != nil {
				return nil, err
			}
			return connect.NewResponse(&emptypb.Empty{}), nil
		}, connect.WithInterceptors(outage.Interceptor(cfg, longs...))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return connect.NewClient[emptypb.Empty, emptypb.Empty](srv.Client(), srv.URL+procedure)
}

// TestDeadlineEndsCall: a call that waits on its context (Done), and one
// that only polls it (Err), are both ended at --rpc-timeout, not before,
// and answer unavailable with a Retry-After.
func TestDeadlineEndsCall(t *testing.T) {
	t.Parallel()
	const rpc = 100 * time.Millisecond
	waits := map[string]func(context.Context) error{
		"done": func(ctx context.Context) error {
			select {
			case <-ctx.Done():
				return ended(ctx)
			case <-time.After(10 * time.Second):
				return nil
			}
		},
		"err": func(ctx context.Context) error {
			for ctx.Err() == nil {
				time.Sleep(time.Millisecond)
			}
			return ended(ctx)
		},
	}
	for name, wait := range waits {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			deadlines := make(chan time.Time, 1)
			c := serve(t, rpc, false, func(ctx context.Context) error {
				d, _ := ctx.Deadline()
				deadlines <- d
				return wait(ctx)
			})
			start := time.Now()
			_, err := c.CallUnary(context.Background(), connect.NewRequest(&emptypb.Empty{}))
			took := time.Since(start)
			if connect.CodeOf(err) != connect.CodeUnavailable {
				t.Fatalf("got %v, want unavailable", err)
			}
			var cerr *connect.Error
			if !errors.As(err, &cerr) || cerr.Meta().Get("Retry-After") == "" {
				t.Fatalf("no Retry-After on %v", err)
			}
			if took < rpc || took > 5*time.Second {
				t.Fatalf("answered after %v; the deadline is %v", took, rpc)
			}
			if d := (<-deadlines).Sub(start); d < rpc/2 || d > rpc+time.Second {
				t.Fatalf("handler's deadline %v after the call, want about %v", d, rpc)
			}
		})
	}
}

// TestDeadlineClientSooner: a client deadline sooner than ours is the
// handler's deadline, and ending there is the client's
// deadline_exceeded; a long procedure gets --rpc-long-timeout.
func TestDeadlineClientSooner(t *testing.T) {
	t.Parallel()
	deadlines := make(chan time.Time, 1)
	c := serve(t, time.Hour, false, func(ctx context.Context) error {
		d, _ := ctx.Deadline()
		deadlines <- d
		<-ctx.Done()
		return ended(ctx)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.CallUnary(ctx, connect.NewRequest(&emptypb.Empty{}))
	if connect.CodeOf(err) != connect.CodeDeadlineExceeded {
		t.Fatalf("got %v, want deadline_exceeded", err)
	}
	if d := (<-deadlines).Sub(start); d > time.Second {
		t.Fatalf("handler's deadline %v away: not the client's", d)
	}

	long := serve(t, 50*time.Millisecond, true, func(ctx context.Context) error {
		d, _ := ctx.Deadline()
		deadlines <- d
		return nil
	})
	start = time.Now()
	if _, err := long.CallUnary(context.Background(), connect.NewRequest(&emptypb.Empty{})); err != nil {
		t.Fatal(err)
	}
	if d := (<-deadlines).Sub(start); d < 50*time.Minute {
		t.Fatalf("long procedure's deadline %v away, want --rpc-long-timeout", d)
	}
}

// TestDeadlineAfterCall: a goroutine that keeps the call's context after
// the call answered sees it canceled, as with a CancelFunc.
func TestDeadlineAfterCall(t *testing.T) {
	t.Parallel()
	kept := make(chan context.Context, 1)
	c := serve(t, time.Hour, false, func(ctx context.Context) error {
		kept <- ctx
		return nil
	})
	if _, err := c.CallUnary(context.Background(), connect.NewRequest(&emptypb.Empty{})); err != nil {
		t.Fatal(err)
	}
	ctx := <-kept
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("call's context still open after the call")
	}
	if ctx.Err() == nil {
		t.Fatal("Err nil after the call")
	}
}

// ended is what a handler answers when its context ended, as the error
// table (inside this interceptor) maps it.
func ended(ctx context.Context) error {
	return connect.NewError(connect.CodeDeadlineExceeded, ctx.Err())
}
