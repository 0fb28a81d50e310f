// Package rpcerr turns the errors handlers return into Connect errors
// through one table, so every domain sentinel gets the same code wherever
// it surfaces and nothing unmapped leaks its text to a client. It is the
// one place, with server/authn, that builds Connect errors: service code
// returns its sentinels, and an error value that has more to tell a
// client (details, headers) says so through Detailer and MetaCarrier.
package rpcerr

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
)

// Unavailable builds the Unavailable answer with err's message, for the
// deadline interceptor (server/outage), which turns a call the server
// gave up on, or a dependency's timeout, into one.
func Unavailable(err error) error {
	return connect.NewError(connect.CodeUnavailable, err)
}

// ErrUnreachable is the message of an error no table maps that is a
// network failure (net.Error): a dependency was refused, reset or timed
// out. Such an error answers Unavailable.
var ErrUnreachable = errors.New("a service this call needs is unreachable; try again shortly")

// Rule maps every error that errors.Is Err to Code.
type Rule struct {
	Err  error
	Code connect.Code
}

// Table is the ordered list of rules; the first match wins.
type Table []Rule

// Detailer is implemented by an error that carries details for the
// client (a gate's Evaluation, a RetryInfo); Convert attaches them.
type Detailer interface {
	error
	ErrorDetails() []proto.Message
}

// MetaCarrier is implemented by an error that sets response headers
// (Retry-After); Convert copies them onto the Connect error.
type MetaCarrier interface {
	error
	ErrorMeta() http.Header
}

// Internal is the error a client sees for anything unmapped or a panic:
// a generic message, the cause stays in the log.
func Internal() error {
	return connect.NewError(connect.CodeInternal, errors.New("internal error"))
}

// Convert returns err as a *connect.Error. Connect errors and context
// errors pass through; mapped errors keep their message, details and
// headers; anything else becomes Internal with a generic message, and is
// logged.
func (t Table) Convert(ctx context.Context, log *slog.Logger, procedure string, err error) error {
	if err == nil {
		return nil
	}
	var cerr *connect.Error
	if errors.As(err, &cerr) {
		return err
	}
	switch {
	case errors.Is(err, context.Canceled):
		return connect.NewError(connect.CodeCanceled, err)
	case errors.Is(err, context.DeadlineExceeded):
		return connect.NewError(connect.CodeDeadlineExceeded, err)
	}
	for _, r := range t {
		if errors.Is(err, r.Err) {
			return withExtras(connect.NewError(r.Code, err), err)
		}
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		// A dependency (S3, the chain, a webhook) could not be reached or
		// timed out; the cause names hosts, so the client gets the kind.
		log.WarnContext(ctx, "dependency unreachable", "procedure", procedure, "err", err)
		return connect.NewError(connect.CodeUnavailable, ErrUnreachable)
	}
	log.ErrorContext(ctx, "unmapped error", "procedure", procedure, "err", err)
	return Internal()
}

// withExtras attaches what err carries besides its message.
func withExtras(cerr *connect.Error, err error) *connect.Error {
	if d, ok := errors.AsType[Detailer](err); ok {
		for _, m := range d.ErrorDetails() {
			if detail, derr := connect.NewErrorDetail(m); derr == nil {
				cerr.AddDetail(detail)
			}
		}
	}
	if m, ok := errors.AsType[MetaCarrier](err); ok {
		for k, vs := range m.ErrorMeta() {
			for _, v := range vs {
				cerr.Meta().Add(k, v)
			}
		}
	}
	return cerr
}

// Interceptor applies the table to every unary and streaming handler.
func (t Table) Interceptor(log *slog.Logger) connect.Interceptor {
	return &interceptor{table: t, log: log}
}

type interceptor struct {
	table Table
	log   *slog.Logger
}

func (i *interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		res, err := next(ctx, req)
		if err != nil {
			return nil, i.table.Convert(ctx, i.log, req.Spec().Procedure, err)
		}
		return res, nil
	}
}

func (i *interceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (i *interceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		return i.table.Convert(ctx, i.log, conn.Spec().Procedure, next(ctx, conn))
	}
}
