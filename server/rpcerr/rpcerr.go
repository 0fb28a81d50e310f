// Package rpcerr turns the errors handlers return into Connect errors
// through one table, so every domain sentinel gets the same code wherever
// it surfaces and nothing unmapped leaks its text to a client.
package rpcerr

import (
	"context"
	"errors"
	"log/slog"

	"connectrpc.com/connect"
)

// Rule maps every error that errors.Is Err to Code.
type Rule struct {
	Err  error
	Code connect.Code
}

// Table is the ordered list of rules; the first match wins.
type Table []Rule

// Convert returns err as a *connect.Error. Connect errors and context
// errors pass through; mapped errors keep their message; anything else
// becomes Internal with a generic message, and is logged.
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
			return connect.NewError(r.Code, err)
		}
	}
	log.ErrorContext(ctx, "unmapped error", "procedure", procedure, "err", err)
	return connect.NewError(connect.CodeInternal, errors.New("internal error"))
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
