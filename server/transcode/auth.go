package transcode

import (
	"context"
	"crypto/subtle"
	"net/http"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/server/authn"
)

// NewWorkerAuth returns the interceptor that admits only callers bearing
// one of tokens, refusing others with ErrBadWorkerToken. It must run
// inside the error table's interceptor, which gives that its code, and
// before the session interceptor: on success it removes the
// Authorization header, since a worker token is not a wallet session.
func NewWorkerAuth(tokens []string) connect.Interceptor {
	w := &workerAuth{}
	for _, t := range tokens {
		w.tokens = append(w.tokens, []byte(t))
	}
	return w
}

type workerAuth struct{ tokens [][]byte }

// check compares against every token, without stopping at a match, so
// the time taken says nothing about which token nearly matched.
func (w *workerAuth) check(h http.Header) error {
	token, ok := authn.BearerToken(h)
	if !ok {
		return ErrBadWorkerToken
	}
	match := 0
	for _, t := range w.tokens {
		match |= subtle.ConstantTimeCompare([]byte(token), t)
	}
	if match != 1 {
		return ErrBadWorkerToken
	}
	h.Del("Authorization")
	return nil
}

func (w *workerAuth) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if req.Spec().IsClient {
			return next(ctx, req)
		}
		if err := w.check(req.Header()); err != nil {
			return nil, err
		}
		return next(ctx, req)
	}
}

func (w *workerAuth) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (w *workerAuth) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		if err := w.check(conn.RequestHeader()); err != nil {
			return err
		}
		return next(ctx, conn)
	}
}
