package hlskey_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/hlskey"
)

// BenchmarkGetForSession measures what binding playback tokens to their
// session costs the key fetch: Get (main's query) and GetForSession (the
// same read plus the session's liveness) alternate within one loop, so
// the machine's load swings hit both alike. It reports each one's mean
// and the ratio.
//
//	source .stack/env && go test -run '^$' -bench GetForSession -benchtime 20000x ./server/hlskey/
func BenchmarkGetForSession(b *testing.B) {
	pool := testenv.DB(b)
	store := db.NewStore(pool)
	keys, err := hlskey.New(hlskey.Config{MasterKey: master()}, store.Queries)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	id, session := uuid.New(), uuid.New()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO videos (id, owner_address, title, visibility) VALUES ($1, '0x0000000000000000000000000000000000000001', 't', 'public')`, []any{id}},
		{`INSERT INTO accounts (address) VALUES ('0x0000000000000000000000000000000000000002')`, nil},
		{`INSERT INTO sessions (id, address, chain_id, refresh_hash, expires_at)
			VALUES ($1, '0x0000000000000000000000000000000000000002', 1, $2, now() + interval '1 hour')`, []any{session, bytes.Repeat([]byte{7}, 32)}},
	} {
		if _, err := pool.Exec(ctx, q.sql, q.args...); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := keys.Ensure(ctx, id); err != nil {
		b.Fatal(err)
	}
	var plain, bound time.Duration
	b.ResetTimer()
	for i := range b.N {
		first, second := func() error { _, err := keys.Get(ctx, id); return err },
			func() error { _, err := keys.GetForSession(ctx, id, session); return err }
		firstIsPlain := i%2 == 0
		if !firstIsPlain {
			first, second = second, first
		}
		t0 := time.Now()
		if err := first(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := second(); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if firstIsPlain {
			plain, bound = plain+t1.Sub(t0), bound+t2.Sub(t1)
		} else {
			bound, plain = bound+t1.Sub(t0), plain+t2.Sub(t1)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(plain.Nanoseconds())/n, "get-ns/op")
	b.ReportMetric(float64(bound.Nanoseconds())/n, "session-ns/op")
	b.ReportMetric(float64(bound)/float64(plain), "ratio")
	b.StopTimer()
	// The database's own execution time of each query (EXPLAIN ANALYZE),
	// which leaves out the client, the network and the scheduler.
	plainExec, boundExec := 0.0, 0.0
	const rounds = 500
	for range rounds {
		plainExec += execTime(b, pool, `SELECT sealed FROM video_keys WHERE video_id = $1`, id)
		boundExec += execTime(b, pool, `SELECT k.sealed, EXISTS (SELECT 1 FROM sessions s WHERE s.id = $1 AND s.revoked_at IS NULL)::boolean AS live
			FROM video_keys k WHERE k.video_id = $2`, session, id)
	}
	b.ReportMetric(plainExec/rounds*1000, "get-exec-us")
	b.ReportMetric(boundExec/rounds*1000, "session-exec-us")
}

// execTime is a query's execution time in the database, in milliseconds.
func execTime(b *testing.B, pool *testenv.Pool, query string, args ...any) float64 {
	var plan []map[string]any
	if err := pool.QueryRow(context.Background(), "EXPLAIN (ANALYZE, FORMAT JSON) "+query, args...).Scan(&plan); err != nil {
		b.Fatal(err)
	}
	ms, _ := plan[0]["Execution Time"].(float64)
	return ms
}
