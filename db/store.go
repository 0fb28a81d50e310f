package db

import (
	"context"
	"time"

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
	pool    *pgxpool.Pool
	timeout time.Duration
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store {
	return &Store{Queries: dbq.New(mappedDB{db: pool}), pool: pool}
}

// WithQueryTimeout returns a Store on the same pool whose queries (and
// transactions), when their context has no deadline, are bounded by
// timeout: work detached from a request cannot wait forever on a
// database that stopped answering.
func (s *Store) WithQueryTimeout(timeout time.Duration) *Store {
	return &Store{Queries: dbq.New(mappedDB{db: s.pool, timeout: timeout}), pool: s.pool, timeout: timeout}
}

// Pool returns the underlying pool, for migrations and tests.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return mapError(s.pool.Ping(ctx)) }

// WithTx runs fn in a transaction, committed when fn returns nil and
// rolled back otherwise. The queries fn gets map their errors like the
// Store's own; a failure to begin or commit is mapped too.
func (s *Store) WithTx(ctx context.Context, fn func(q *dbq.Queries) error) error {
	ctx, cancel := bound(ctx, s.timeout)
	defer cancel()
	return mapError(pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return fn(dbq.New(mappedDB{db: tx}))
	}))
}
