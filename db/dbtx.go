package db

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/streamgate/streamgate/db/dbq"
)

// mappedDB runs the generated queries on a pool or a transaction and
// maps every error they see, at the one place they all pass through
// (Exec, Query, QueryRow, and the rows' Scan and Err). A caller thus
// tests with errors.Is against this package's sentinels and nothing else.
type mappedDB struct{ db dbq.DBTX }

var _ dbq.DBTX = mappedDB{}

func (m mappedDB) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	tag, err := m.db.Exec(ctx, sql, args...)
	return tag, mapError(err)
}

func (m mappedDB) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	rows, err := m.db.Query(ctx, sql, args...)
	if err != nil {
		return rows, mapError(err)
	}
	return mappedRows{rows}, nil
}

func (m mappedDB) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return mappedRow{m.db.QueryRow(ctx, sql, args...)}
}

type mappedRow struct{ row pgx.Row }

func (r mappedRow) Scan(dest ...any) error { return mapError(r.row.Scan(dest...)) }

type mappedRows struct{ pgx.Rows }

func (r mappedRows) Scan(dest ...any) error { return mapError(r.Rows.Scan(dest...)) }

func (r mappedRows) Err() error { return mapError(r.Rows.Err()) }
