// Package authn carries the authenticated caller through a request's
// context, and the interceptor that puts it there from a bearer token.
package authn

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"connectrpc.com/connect"
)

// Caller is a signed-in wallet.
type Caller struct {
	// Address is EIP-55 checksummed.
	Address string
	// ChainID is the chain the sign-in message named.
	ChainID   uint64
	SessionID string
	// ContractChainID is zero for an EOA, whose key signs for its address
	// on every chain, and for a contract wallet (EIP-1271) the one chain
	// whose code approved the sign-in: the same address on another chain
	// may be other code with another owner, so the session proves nothing
	// there: playback refuses such a session for rules on other chains.
	ContractChainID uint64
}

// Verifier checks an access token and names its caller.
type Verifier interface {
	VerifyAccessToken(ctx context.Context, token string) (Caller, error)
}

type callerKey struct{}

// WithCaller returns ctx carrying c.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// FromContext returns the caller, if the request carried a valid token.
func FromContext(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}

// ErrNoCaller is returned by Require for anonymous requests.
var ErrNoCaller = errors.New("sign in first: this call needs a bearer access token")

// ErrCannotVerify is wrapped by a verifier's error when it could not
// decide (its session store is down): the call fails closed as
// Unavailable, not as a bad token.
var ErrCannotVerify = errors.New("cannot check the session now")

// Require returns the caller, or an Unauthenticated error.
func Require(ctx context.Context) (Caller, error) {
	c, ok := FromContext(ctx)
	if !ok {
		return Caller{}, connect.NewError(connect.CodeUnauthenticated, ErrNoCaller)
	}
	return c, nil
}

// BearerToken returns the token of an "Authorization: Bearer" header.
func BearerToken(h http.Header) (string, bool) {
	v := h.Get("Authorization")
	scheme, token, ok := strings.Cut(v, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// NewInterceptor verifies a bearer token when one is sent. A request
// without one goes on anonymous (each handler decides with Require); a
// request with a bad one is refused as Unauthenticated, or as Unavailable
// when the verifier could not decide (ErrCannotVerify).
func NewInterceptor(v Verifier) connect.Interceptor {
	return &interceptor{v: v}
}

type interceptor struct{ v Verifier }

func (i *interceptor) authenticate(ctx context.Context, h http.Header) (context.Context, error) {
	token, ok := BearerToken(h)
	if !ok || i.v == nil {
		return ctx, nil
	}
	c, err := i.v.VerifyAccessToken(ctx, token)
	if err != nil {
		// A verifier that could not decide (the session store is down)
		// fails closed; any other error means the token is bad.
		if errors.Is(err, ErrCannotVerify) {
			return ctx, connect.NewError(connect.CodeUnavailable, err)
		}
		return ctx, connect.NewError(connect.CodeUnauthenticated, err)
	}
	return WithCaller(ctx, c), nil
}

func (i *interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if req.Spec().IsClient {
			return next(ctx, req)
		}
		ctx, err := i.authenticate(ctx, req.Header())
		if err != nil {
			return nil, err
		}
		return next(ctx, req)
	}
}

func (i *interceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (i *interceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		ctx, err := i.authenticate(ctx, conn.RequestHeader())
		if err != nil {
			return err
		}
		return next(ctx, conn)
	}
}
