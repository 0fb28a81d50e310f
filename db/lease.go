package db

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/streamgate/streamgate/db/dbq"
)

// closeTimeout bounds closing a lease's connection.
const closeTimeout = 5 * time.Second

// Lease is a session-level advisory lock held on one pooled connection:
// while that connection lives, no other holds the same key; when it dies
// (the process, the network) PostgreSQL releases the lock and another
// replica takes it. Singleton background work (the chain watcher) runs
// only while it holds one.
type Lease struct {
	conn *pgxpool.Conn
	key  int64
}

// TryLease takes the lock on key if it is free; nil without an error
// when another connection holds it.
func (s *Store) TryLease(ctx context.Context, key int64) (*Lease, error) {
	ctx, cancel := bound(ctx, s.timeout)
	defer cancel()
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, mapError(err)
	}
	ok, err := dbq.New(conn).TryWatchLock(ctx, key)
	if err != nil || !ok {
		conn.Release()
		return nil, mapError(err)
	}
	return &Lease{conn: conn, key: key}, nil
}

// Check reports an error when the lease's connection no longer answers:
// the lock may be gone, and the holder must stop and try again.
func (l *Lease) Check(ctx context.Context) error {
	if err := l.conn.Ping(ctx); err != nil {
		return fmt.Errorf("lease connection: %w", mapError(err))
	}
	return nil
}

// Release gives the lock back. The connection is closed rather than
// returned to the pool, which ends its session and so the lock, whatever
// state it is in.
func (l *Lease) Release() {
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	_ = l.conn.Conn().Close(ctx)
	l.conn.Release()
}
