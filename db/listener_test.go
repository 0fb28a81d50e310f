package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/internal/testenv"
)

// recorder is a subscriber that remembers what it was told.
type recorder struct {
	notes   chan string
	resyncs chan struct{}
}

func newRecorder() *recorder {
	return &recorder{notes: make(chan string, 100), resyncs: make(chan struct{}, 100)}
}

func (r *recorder) Notify(p string) { r.notes <- p }
func (r *recorder) Resync()         { r.resyncs <- struct{}{} }

func (r *recorder) wantResync(t *testing.T) {
	t.Helper()
	select {
	case <-r.resyncs:
	case <-time.After(10 * time.Second):
		t.Fatal("no resync")
	}
}

func (r *recorder) wantNote(t *testing.T, want string) {
	t.Helper()
	select {
	case got := <-r.notes:
		if got != want {
			t.Fatalf("notification %q, want %q", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no notification %q", want)
	}
}

func notify(t *testing.T, pool *pgxpool.Pool, channel, payload string) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), "SELECT pg_notify($1, $2)", channel, payload); err != nil {
		t.Fatal(err)
	}
}

// listeners returns the backends of the test's database in LISTEN.
func listeners(t *testing.T, pool *pgxpool.Pool) []int32 {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT pid FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN %'`)
	if err != nil {
		t.Fatal(err)
	}
	var pids []int32
	for rows.Next() {
		var pid int32
		if err := rows.Scan(&pid); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, pid)
	}
	return pids
}

// One connection serves every channel; after its backend is terminated
// the listener reconnects, listens again on every channel, and tells
// every subscriber to resync.
func TestListenerResubscribesAfterTermination(t *testing.T) {
	t.Parallel()
	pool := testenv.DB(t)
	l := db.NewStore(pool).Listener(nil)
	l.MinBackoff = 10 * time.Millisecond
	jobs, videos := newRecorder(), newRecorder()
	l.Subscribe("jobs", jobs)
	testenv.Run(t, l.Run)
	jobs.wantResync(t)
	notify(t, pool, "jobs", "one")
	jobs.wantNote(t, "one")

	// A channel subscribed while running is listened on too.
	l.Subscribe("video_changed", videos)
	videos.wantResync(t)
	notify(t, pool, "video_changed", "v1")
	videos.wantNote(t, "v1")
	if pids := listeners(t, pool); len(pids) != 1 {
		t.Fatalf("%d listening connections, want 1", len(pids))
	}

	for len(jobs.resyncs) > 0 {
		<-jobs.resyncs
	}
	pids := listeners(t, pool)
	var ended bool
	if err := pool.QueryRow(context.Background(), "SELECT pg_terminate_backend($1)", pids[0]).Scan(&ended); err != nil || !ended {
		t.Fatalf("terminate the listener's backend: %v %v", ended, err)
	}
	jobs.wantResync(t)
	videos.wantResync(t)
	notify(t, pool, "jobs", "two")
	notify(t, pool, "video_changed", "v2")
	jobs.wantNote(t, "two")
	videos.wantNote(t, "v2")
	if now := listeners(t, pool); len(now) != 1 || now[0] == pids[0] {
		t.Fatalf("listening backends after the reconnect: %v (before: %v)", now, pids)
	}
}
