package db

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/streamgate/streamgate/db/dbq"
)

// Store runs queries on a pool, alone or inside a transaction. Every
// error a query returns, in or out of a transaction, is already mapped to
// this package's sentinels (ErrNotFound, ErrConflict, ErrReference,
// ErrUnavailable).
type Store struct {
	*dbq.Queries
	pool *pgxpool.Pool
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store {
	return &Store{Queries: dbq.New(mappedDB{pool}), pool: pool}
}

// Pool returns the underlying pool, for migrations and tests.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return mapError(s.pool.Ping(ctx)) }

// WithTx runs fn in a transaction, committed when fn returns nil and
// rolled back otherwise. The queries fn gets map their errors like the
// Store's own; a failure to begin or commit is mapped too.
func (s *Store) WithTx(ctx context.Context, fn func(q *dbq.Queries) error) error {
	return mapError(pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return fn(dbq.New(mappedDB{tx}))
	}))
}
