package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/streamgate/streamgate/db/dbq"
)

// ErrNotFound is returned when a row the caller named does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a write breaks a unique constraint.
var ErrConflict = errors.New("already exists")

// Store runs queries on a pool, alone or inside a transaction.
type Store struct {
	*dbq.Queries
	pool *pgxpool.Pool
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store {
	return &Store{Queries: dbq.New(pool), pool: pool}
}

// Pool returns the underlying pool, for LISTEN and health checks.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// WithTx runs fn in a transaction, committed when fn returns nil and
// rolled back otherwise.
func (s *Store) WithTx(ctx context.Context, fn func(q *dbq.Queries) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return fn(s.Queries.WithTx(tx))
	})
}

// Classify maps driver errors to the store's sentinels, so that callers
// test with errors.Is and never see pgx types.
func Classify(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w", ErrNotFound)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return fmt.Errorf("%w: %s", ErrConflict, pgErr.ConstraintName)
	}
	return err
}
