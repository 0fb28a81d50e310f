package outage

import (
	"context"
	"errors"
	"strconv"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/streamgate/streamgate/server/rpcerr"
)

// errServerDeadline is the cause of a context this package ended: the
// server gave up waiting, not the client.
var errServerDeadline = errors.New("server deadline")

// ErrTimedOut is the message of a call the server ended at its own
// deadline: something it depends on is slow or down.
var ErrTimedOut = errors.New("the server could not answer in time; try again shortly")

// waiter is a long-poll request: it asks the server to wait up to its
// wait for something to happen (ClaimJob).
type waiter interface{ GetWait() *durationpb.Duration }

// Interceptor puts a deadline on every unary RPC (Config.RPC, LongRPC
// for the procedures named long, plus a long-poll's own wait), answers
// Unavailable when the server's deadline, not the client's, ended a
// call, and adds Retry-After to every Unavailable answer. Streams get no
// total deadline: they live as long as the client wants (UploadStream
// and WatchVideo bound idleness and count themselves); their Unavailable
// answers get Retry-After too.
func Interceptor(cfg Config, long ...string) connect.Interceptor {
	i := &interceptor{cfg: cfg, long: map[string]bool{}, after: retryAfter(cfg.RetryAfter)}
	for _, p := range long {
		i.long[p] = true
	}
	return i
}

type interceptor struct {
	cfg   Config
	long  map[string]bool
	after string // Retry-After's value
}

func (i *interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if req.Spec().IsClient {
			return next(ctx, req)
		}
		d := i.cfg.RPC
		if i.long[req.Spec().Procedure] {
			d = i.cfg.LongRPC
		}
		if w, ok := req.Any().(waiter); ok {
			d += w.GetWait().AsDuration()
		}
		// A client deadline sooner than ours ends the call first, and
		// ours would only add a cancel context under it (no timer, the
		// same cause): skip that per-call cost. Ours makes its timer only
		// if the call waits on its context (lazy_deadline.go).
		now := time.Now()
		if dl, ok := ctx.Deadline(); !ok || dl.Sub(now) >= d {
			var release func()
			ctx, release = withLazyDeadline(ctx, now.Add(d))
			defer release()
		}
		res, err := next(ctx, req)
		if err != nil {
			return nil, i.retryAfter(i.unavailable(ctx, err))
		}
		return res, nil
	}
}

func (i *interceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (i *interceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		// A stream's own deadline_exceeded (an idle or header timeout) is
		// the client's doing and stays as it is.
		if err := next(ctx, conn); err != nil {
			return i.retryAfter(err)
		}
		return nil
	}
}

// unavailable turns a unary call the server's own deadline ended into
// Unavailable, and so a dependency's own timeout that fired while the
// client still waited (the client's deadline ending is the client's
// DeadlineExceeded).
func (i *interceptor) unavailable(ctx context.Context, err error) error {
	code := connect.CodeOf(err)
	switch {
	case errors.Is(context.Cause(ctx), errServerDeadline) &&
		(code == connect.CodeDeadlineExceeded || code == connect.CodeCanceled || code == connect.CodeUnavailable || code == connect.CodeInternal):
		return rpcerr.Unavailable(ErrTimedOut)
	case code == connect.CodeDeadlineExceeded && ctx.Err() == nil:
		var cerr *connect.Error
		if errors.As(err, &cerr) {
			return rpcerr.Unavailable(errors.New(cerr.Message()))
		}
		return rpcerr.Unavailable(ErrTimedOut)
	}
	return err
}

// retryAfter tells the client when to retry an Unavailable.
func (i *interceptor) retryAfter(err error) error {
	var cerr *connect.Error
	if connect.CodeOf(err) == connect.CodeUnavailable && errors.As(err, &cerr) && cerr.Meta().Get("Retry-After") == "" {
		cerr.Meta().Set("Retry-After", i.after)
	}
	return err
}

// retryAfter is d in whole seconds, rounded up, at least 1.
func retryAfter(d time.Duration) string {
	return strconv.FormatInt(max(1, int64((d+time.Second-1)/time.Second)), 10)
}
