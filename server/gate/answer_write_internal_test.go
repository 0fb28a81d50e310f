package gate

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/redis/rueidis"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/internal/testenv"
)

// writerChecker is a checker with only what the answer writer uses.
func writerChecker(t *testing.T) (*Checker, rueidis.Client) {
	t.Helper()
	rdb, prefix := testenv.Redis(t)
	cfg := DefaultConfig()
	cfg.RedisPrefix = prefix
	return &Checker{cfg: cfg, redis: rdb, log: slog.New(slog.DiscardHandler)}, rdb
}

// waitWrites waits until the writer has settled n answers one way or
// another (written, failed, late).
func waitWrites(t *testing.T, g *Checker, n uint64) WriteStats {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		s := g.AnswerWrites()
		if s.Written+s.Failed+s.Late >= n {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("the writer settled %+v, want %d answers", s, n)
		}
	}
}

// TestAnswerWritesBatched: answers queued together reach Redis in one
// pipeline, each with what is left of its TTL, and a later reader sees
// them.
func TestAnswerWritesBatched(t *testing.T) {
	t.Parallel()
	g, rdb := writerChecker(t)
	ctx := context.Background()
	held := &gatev1.Evaluation{Outcome: held, Description: "d"}
	denied := &gatev1.Evaluation{Outcome: notHeld}
	var keys []string
	for i := range 20 {
		k := g.answerKey("h", common.BigToAddress(big.NewInt(int64(i+1))))
		keys = append(keys, k)
		ev := held
		if i%2 == 1 {
			ev = denied
		}
		g.queueWrite(k, ev, time.Now())
	}
	g.queueWrite(g.answerKey("h", common.Address{}), &gatev1.Evaluation{Outcome: unknown}, time.Now()) // never cached
	s := waitWrites(t, g, 20)
	if s.Written != 20 || s.Failed != 0 || s.Batches > 2 {
		t.Errorf("stats %+v, want 20 written in one or two batches", s)
	}
	// /metrics shows the same counts.
	want := fmt.Sprintf(`
# HELP streamgate_gate_answer_writes_total %s
# TYPE streamgate_gate_answer_writes_total counter
streamgate_gate_answer_writes_total{outcome="dropped"} 0
streamgate_gate_answer_writes_total{outcome="failed"} 0
streamgate_gate_answer_writes_total{outcome="late"} 0
streamgate_gate_answer_writes_total{outcome="written"} 20
`, answerWritesHelp)
	if err := testutil.CollectAndCompare(g.Collector(), strings.NewReader(want), "streamgate_gate_answer_writes_total"); err != nil {
		t.Error(err)
	}
	for i, k := range keys {
		ttl, err := rdb.Do(ctx, rdb.B().Pttl().Key(k).Build()).AsInt64()
		want := g.cfg.PositiveTTL
		if i%2 == 1 {
			want = g.cfg.NegativeTTL
		}
		if err != nil || ttl <= 0 || time.Duration(ttl)*time.Millisecond > want {
			t.Errorf("answer %d: TTL %d ms (%v), want in (0, %s]", i, ttl, err, want)
		}
	}
	if n, _ := rdb.Do(ctx, rdb.B().Exists().Key(g.answerKey("h", common.Address{})).Build()).AsInt64(); n != 0 {
		t.Error("an unknown answer was cached")
	}
}

// TestAnswerWritesForgotten: an invalidation heard before an answer was
// written takes it out of the queue, for its keys or for all.
func TestAnswerWritesForgotten(t *testing.T) {
	t.Parallel()
	g, rdb := writerChecker(t)
	ctx := context.Background()
	ev := &gatev1.Evaluation{Outcome: held}
	a, b, c := g.answerKey("h", common.Address{1}), g.answerKey("h", common.Address{2}), g.answerKey("h", common.Address{3})
	// Queued under the lock, as queueWrite does, but with the writer not
	// yet started, so that the invalidations surely come first.
	g.writes.mu.Lock()
	g.writes.running = true
	for _, k := range []string{a, b} {
		g.writes.pending = append(g.writes.pending, pendingWrite{key: k, ev: ev, until: time.Now().Add(time.Minute), deadline: time.Now().Add(time.Minute)})
	}
	g.writes.mu.Unlock()
	g.ForgetLocal([]string{a})
	go g.writeAnswers()
	waitWrites(t, g, 1)
	if n, _ := rdb.Do(ctx, rdb.B().Exists().Key(a).Build()).AsInt64(); n != 0 {
		t.Error("a forgotten answer was written")
	}
	if n, _ := rdb.Do(ctx, rdb.B().Exists().Key(b).Build()).AsInt64(); n != 1 {
		t.Error("an answer not forgotten was not written")
	}
	g.writes.mu.Lock()
	g.writes.running = true
	g.writes.pending = append(g.writes.pending, pendingWrite{key: c, ev: ev, until: time.Now().Add(time.Minute), deadline: time.Now().Add(time.Minute)})
	g.writes.mu.Unlock()
	g.ForgetAllLocal()
	go g.writeAnswers()
	time.Sleep(4 * writeLinger)
	if n, _ := rdb.Do(ctx, rdb.B().Exists().Key(c).Build()).AsInt64(); n != 0 {
		t.Error("an answer queued before ForgetAllLocal was written")
	}
}

// TestAnswerWritesLateAndFull: an answer whose chain read began more than
// the check timeout ago is not written (it could land after the
// revocation watcher's second invalidation), and a full queue drops
// answers instead of growing; both are counted.
func TestAnswerWritesLateAndFull(t *testing.T) {
	t.Parallel()
	g, rdb := writerChecker(t)
	ctx := context.Background()
	ev := &gatev1.Evaluation{Outcome: held}
	late := g.answerKey("h", common.Address{9})
	g.queueWrite(late, ev, time.Now().Add(-g.cfg.CheckTimeout-time.Second))
	if s := waitWrites(t, g, 1); s.Late != 1 || s.Written != 0 {
		t.Errorf("stats %+v, want 1 late", s)
	}
	if n, _ := rdb.Do(ctx, rdb.B().Exists().Key(late).Build()).AsInt64(); n != 0 {
		t.Error("a late answer was written")
	}
	g.writes.mu.Lock()
	g.writes.running = true // hold the writer back
	g.writes.pending = make([]pendingWrite, maxPendingWrites)
	g.writes.mu.Unlock()
	g.queueWrite(g.answerKey("h", common.Address{8}), ev, time.Now())
	if s := g.AnswerWrites(); s.Dropped != 1 {
		t.Errorf("stats %+v, want 1 dropped", s)
	}
}

// TestAnswerWritesOnRedisCluster: one batch's answers hash to different
// slots; each SET goes to its own master and every one lands.
func TestAnswerWritesOnRedisCluster(t *testing.T) {
	t.Parallel()
	rdb := testenv.RedisClusterClient(t, testenv.RedisCluster(t))
	cfg := DefaultConfig()
	cfg.RedisPrefix = "sgt:cluster:" + testenv.ID() + ":"
	g := &Checker{cfg: cfg, redis: rdb, log: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	ev := &gatev1.Evaluation{Outcome: held}
	var keys []string
	for i := range 30 {
		k := g.answerKey("h", common.BigToAddress(big.NewInt(int64(i+1))))
		keys = append(keys, k)
		g.queueWrite(k, ev, time.Now())
	}
	if s := waitWrites(t, g, 30); s.Written != 30 {
		t.Fatalf("stats %+v, want 30 written", s)
	}
	for _, k := range keys {
		if n, err := rdb.Do(ctx, rdb.B().Exists().Key(k).Build()).AsInt64(); err != nil || n != 1 {
			t.Errorf("%s not on the cluster (%v)", k, err)
		}
	}
	used := 0
	for _, node := range rdb.Nodes() {
		if n, _ := node.Do(ctx, node.B().Dbsize().Build()).AsInt64(); n > 0 {
			used++
		}
	}
	if used < 2 {
		t.Errorf("answers on %d masters: the batch did not spread over the cluster", used)
	}
}
