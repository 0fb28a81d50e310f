package db_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/internal/testenv"
)

func newVideo(id uuid.UUID) dbq.CreateVideoParams {
	return dbq.CreateVideoParams{ID: id, OwnerAddress: "0x0000000000000000000000000000000000000001",
		Title: "t", Tags: []string{}, Visibility: dbq.VideoVisibilityPublic}
}

// wantKind checks that err is mapped to kind alone among the sentinels,
// keeps the driver's error, and says nothing of the driver in its text
// unless the database is unavailable.
func wantKind(t *testing.T, err, kind error) {
	t.Helper()
	for _, k := range []error{db.ErrNotFound, db.ErrConflict, db.ErrReference, db.ErrUnavailable} {
		if errors.Is(err, k) != (k == kind) {
			t.Fatalf("error %q: errors.Is(%v) = %v", err, k, errors.Is(err, k))
		}
	}
	var mapped *db.Error
	if !errors.As(err, &mapped) || mapped.Cause == nil {
		t.Fatalf("error %q is not a *db.Error with its cause", err)
	}
}

func TestQueriesMapErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := db.NewStore(testenv.DB(t))

	_, err := store.GetVideo(ctx, uuid.New())
	wantKind(t, err, db.ErrNotFound)
	if !errors.Is(err, pgx.ErrNoRows) || err.Error() != "not found" {
		t.Fatalf("not found: %q should say only that, and wrap pgx.ErrNoRows", err)
	}

	id := uuid.New()
	if _, err := store.CreateVideo(ctx, newVideo(id)); err != nil {
		t.Fatal(err)
	}
	_, err = store.CreateVideo(ctx, newVideo(id))
	wantKind(t, err, db.ErrConflict)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || err.Error() != "already exists: videos_pkey" {
		t.Fatalf("conflict: %q, want the constraint named and the PgError kept", err)
	}

	err = store.InsertVideoKey(ctx, dbq.InsertVideoKeyParams{VideoID: uuid.New(), Sealed: make([]byte, 44)})
	wantKind(t, err, db.ErrReference)
}

func TestWithTxMapsErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := db.NewStore(testenv.DB(t))
	id := uuid.New()
	if _, err := store.CreateVideo(ctx, newVideo(id)); err != nil {
		t.Fatal(err)
	}
	var inside error
	err := store.WithTx(ctx, func(q *dbq.Queries) error {
		_, inside = q.GetVideo(ctx, uuid.New())
		return inside
	})
	wantKind(t, inside, db.ErrNotFound)
	wantKind(t, err, db.ErrNotFound)

	err = store.WithTx(ctx, func(q *dbq.Queries) error {
		_, inside = q.CreateVideo(ctx, newVideo(id))
		return inside
	})
	wantKind(t, inside, db.ErrConflict)
	wantKind(t, err, db.ErrConflict)

	// A domain error passes through untouched.
	mine := errors.New("mine")
	if err := store.WithTx(ctx, func(*dbq.Queries) error { return mine }); err != mine {
		t.Fatalf("WithTx returned %v, want the callback's own error", err)
	}
}

// A database that cannot be reached, or a connection killed under a
// transaction, is ErrUnavailable; a caller that gave up is not.
func TestUnavailable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig("postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	dead, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer dead.Close()
	down := db.NewStore(dead)
	_, err = down.GetVideo(ctx, uuid.New())
	wantKind(t, err, db.ErrUnavailable)
	err = down.WithTx(ctx, func(*dbq.Queries) error { return nil })
	wantKind(t, err, db.ErrUnavailable)
	wantKind(t, down.Ping(ctx), db.ErrUnavailable)

	pool := testenv.DB(t)
	store := db.NewStore(pool)
	err = store.WithTx(ctx, func(q *dbq.Queries) error {
		if _, err := q.ListVideos(ctx, dbq.ListVideosParams{Lim: 1}); err != nil {
			return err
		}
		terminateOthers(t, pool)
		// A query of many rows: its error comes through Query or rows.Err.
		_, err := q.ListVideos(ctx, dbq.ListVideosParams{Lim: 1})
		wantKind(t, err, db.ErrUnavailable)
		return err
	})
	wantKind(t, err, db.ErrUnavailable)

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = store.GetVideo(cancelled, uuid.New())
	if !errors.Is(err, context.Canceled) || errors.Is(err, db.ErrUnavailable) {
		t.Fatalf("cancelled call: %v, want context.Canceled and not ErrUnavailable", err)
	}
}

// terminateOthers ends every other backend of the pool's database, from
// a connection of its own.
func terminateOthers(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("terminate backends: %d %v", n, err)
	}
}
