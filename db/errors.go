package db

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNotFound is returned when a row the caller named does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a write breaks a unique constraint; the
// message names the constraint.
var ErrConflict = errors.New("already exists")

// ErrReference is returned when a write names a row (through a foreign
// key) that does not exist.
var ErrReference = errors.New("refers to a row that does not exist")

// ErrUnavailable is returned when PostgreSQL cannot be reached or does
// not answer in time: no connection, a lost connection, a server shutting
// down or refusing connections, a timeout.
var ErrUnavailable = errors.New("database unavailable")

// Error is a driver error mapped to one of the store's sentinels. Its
// message is the sentinel's (and, for a conflict, the constraint), never
// the driver's text, because a message may reach a client; the driver's
// error stays wrapped for logs and errors.As.
type Error struct {
	// Kind is ErrNotFound, ErrConflict, ErrReference or ErrUnavailable.
	Kind error
	// Detail names the constraint of a conflict or reference.
	Detail string
	// Cause is the driver's error.
	Cause error
}

func (e *Error) Error() string {
	msg := e.Kind.Error()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap lets errors.Is find both the sentinel and the driver's error.
func (e *Error) Unwrap() []error { return []error{e.Kind, e.Cause} }

// mapError translates a driver error into an *Error; errors it does not
// recognise (a check constraint, a bug in a query) pass through, and so
// does a cancelled context: the caller gave up, the database did not.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	var mapped *Error
	if errors.As(err, &mapped) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return &Error{Kind: ErrNotFound, Cause: err}
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case pgErr.Code == "23505":
			return &Error{Kind: ErrConflict, Detail: pgErr.ConstraintName, Cause: err}
		case pgErr.Code == "23503":
			return &Error{Kind: ErrReference, Detail: pgErr.ConstraintName, Cause: err}
		case unavailableState(pgErr.Code):
			return &Error{Kind: ErrUnavailable, Cause: err}
		}
		return err
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	if unreachable(err) {
		return &Error{Kind: ErrUnavailable, Cause: err}
	}
	return err
}

// unavailableState reports SQLSTATEs that say the server, not the query,
// failed: connection exceptions (class 08), too many connections,
// shutdown and start-up, and a statement cancelled by a timeout.
func unavailableState(code string) bool {
	switch code {
	case "53300", "57P01", "57P02", "57P03", "57014":
		return true
	}
	return strings.HasPrefix(code, "08")
}

// unreachable reports transport failures: no connection could be made
// or acquired, or the one in use broke or timed out.
func unreachable(err error) bool {
	var connErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connErr), errors.As(err, &netErr),
		pgconn.Timeout(err), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	}
	// pgxpool reports a closed pool by text only.
	return strings.Contains(err.Error(), "closed pool")
}
