package db

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/streamgate/streamgate/db/dbq"
)

// mappedDB runs the generated queries on a pool or a transaction and
// maps every error they see, at the one place they all pass through
// (Exec, Query, QueryRow, and the rows' Scan and Err). A caller thus
// tests with errors.Is against this package's sentinels and nothing else.
// A query whose context has no deadline gets timeout (when set), so a
// database that stops answering cannot hold it forever.
type mappedDB struct {
	db      dbq.DBTX
	timeout time.Duration
}

var _ dbq.DBTX = mappedDB{}

// bound gives ctx the query timeout when it has no deadline of its own.
func bound(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	if timeout <= 0 {
		return ctx, func() {}
	}
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, timeout)
}

func (m mappedDB) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	ctx, cancel := bound(ctx, m.timeout)
	defer cancel()
	tag, err := m.db.Exec(ctx, sql, args...)
	return tag, mapError(err)
}

func (m mappedDB) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	ctx, cancel := bound(ctx, m.timeout)
	rows, err := m.db.Query(ctx, sql, args...)
	if err != nil {
		cancel()
		return rows, mapError(err)
	}
	return mappedRows{Rows: rows, cancel: cancel}, nil
}

func (m mappedDB) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	ctx, cancel := bound(ctx, m.timeout)
	return mappedRow{row: m.db.QueryRow(ctx, sql, args...), cancel: cancel}
}

type mappedRow struct {
	row    pgx.Row
	cancel context.CancelFunc
}

func (r mappedRow) Scan(dest ...any) error {
	defer r.cancel()
	return mapError(r.row.Scan(dest...))
}

type mappedRows struct {
	pgx.Rows
	cancel context.CancelFunc
}

// Close closes the rows and ends their query's timeout.
func (r mappedRows) Close() {
	r.Rows.Close()
	r.cancel()
}

func (r mappedRows) Scan(dest ...any) error { return mapError(r.Rows.Scan(dest...)) }

func (r mappedRows) Err() error { return mapError(r.Rows.Err()) }
