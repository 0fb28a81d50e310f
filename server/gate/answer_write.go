package gate

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/rueidis"
	"google.golang.org/protobuf/proto"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

// Answers read from the chain are written to Redis off the check's path:
// the check hands its answer to this process's writer and returns. The
// writer is one goroutine, started by the first answer to write and gone
// once it finds nothing left; it waits writeLinger for the answers of
// other checks landing meanwhile and writes them in one pipeline (one
// round trip, one system call each way, however many answers; each SET is
// its own command, so keys of different Redis Cluster slots go to their
// own nodes). What it costs a check is an append under a lock.
//
// Nothing is lost that correctness needs: Redis is a cache, and until the
// write lands this process answers the key from its own memory (remember)
// while another replica reads the chain itself. What the writer keeps:
//
//   - bounded memory: at most maxPendingWrites answers wait; past that an
//     answer is not cached in Redis (counted as dropped);
//   - bounded time: an answer not written within Config.CheckTimeout of
//     the start of the chain read that gave it is dropped (counted as
//     late), so a write never lands later than the revocation watcher's
//     second invalidation (server/revoke's RedoAfter, kept above the
//     check timeout) could still remove it;
//   - invalidations win: ForgetLocal and ForgetAllLocal take the answers
//     they name out of the queue, so that an answer read before a transfer
//     is not written after this process heard of it;
//   - a failed write is counted and logged and fails no check.
const (
	writeLinger      = 5 * time.Millisecond
	maxPendingWrites = 8192
	maxWriteBatch    = 512
)

// answerWriter is the queue of answers to write and what became of them.
type answerWriter struct {
	mu      sync.Mutex
	pending []pendingWrite
	running bool

	written, failed, dropped, late, batches atomic.Uint64
	// lastLog rate-limits the failure log (UnixNano).
	lastLog atomic.Int64
}

type pendingWrite struct {
	key string
	ev  *gatev1.Evaluation
	// until is when the answer stops being trusted (the chain answered
	// plus its TTL); deadline is when writing it is no longer allowed.
	until, deadline time.Time
}

// WriteStats counts what became of the answers handed to the writer.
type WriteStats struct {
	// Written reached Redis; Failed did not (Redis refused or failed);
	// Dropped found the queue full; Late waited past their deadline.
	// Batches is the pipelines (round trips) the writes took.
	Written, Failed, Dropped, Late, Batches uint64
}

// AnswerWrites reports the writer's counts since the checker started.
func (g *Checker) AnswerWrites() WriteStats {
	w := &g.writes
	return WriteStats{Written: w.written.Load(), Failed: w.failed.Load(), Dropped: w.dropped.Load(), Late: w.late.Load(), Batches: w.batches.Load()}
}

// queueWrite hands a definite answer to the writer. started is when the
// chain read that gave it began.
func (g *Checker) queueWrite(key string, ev *gatev1.Evaluation, started time.Time) {
	ttl := g.ttl(ev)
	if ttl == 0 || g.redis == nil {
		return
	}
	now := time.Now()
	p := pendingWrite{key: key, ev: ev, until: now.Add(ttl), deadline: started.Add(g.cfg.CheckTimeout)}
	w := &g.writes
	w.mu.Lock()
	if len(w.pending) >= maxPendingWrites {
		w.mu.Unlock()
		w.dropped.Add(1)
		g.logWriteFailure("gate: answer writes queue full; an answer is not cached in Redis", nil)
		return
	}
	w.pending = append(w.pending, p)
	start := !w.running
	w.running = true
	w.mu.Unlock()
	if start {
		go g.writeAnswers()
	}
}

// writeAnswers writes batches until the queue is empty, then ends.
func (g *Checker) writeAnswers() {
	w := &g.writes
	var batch []pendingWrite
	for {
		time.Sleep(writeLinger)
		w.mu.Lock()
		n := min(len(w.pending), maxWriteBatch)
		if n == 0 {
			w.running = false
			w.mu.Unlock()
			return
		}
		batch = append(batch[:0], w.pending[:n]...)
		w.pending = append(w.pending[:0], w.pending[n:]...)
		w.mu.Unlock()
		g.writeBatch(batch)
		clear(batch) // let the answers go
	}
}

// writeBatch writes answers as SETs in one pipeline, each with what is
// left of its TTL, within the earliest deadline among them.
func (g *Checker) writeBatch(batch []pendingWrite) {
	now := time.Now()
	cmds := make(rueidis.Commands, 0, len(batch))
	var deadline time.Time
	for _, p := range batch {
		left := p.until.Sub(now)
		if !now.Before(p.deadline) || left < time.Millisecond {
			g.writes.late.Add(1)
			continue
		}
		b, err := proto.Marshal(p.ev)
		if err != nil {
			g.writes.failed.Add(1)
			continue
		}
		cmds = append(cmds, g.redis.B().Set().Key(p.key).Value(rueidis.BinaryString(b)).Px(left).Build())
		if deadline.IsZero() || p.deadline.Before(deadline) {
			deadline = p.deadline
		}
	}
	if len(cmds) == 0 {
		return
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	g.writes.batches.Add(1)
	var failed uint64
	var first error
	for _, r := range g.redis.DoMulti(ctx, cmds...) {
		if err := r.Error(); err != nil {
			failed++
			if first == nil {
				first = err
			}
		}
	}
	g.writes.written.Add(uint64(len(cmds)) - failed)
	if failed > 0 {
		g.writes.failed.Add(failed)
		g.logWriteFailure("gate: redis write failed; answers are not cached in Redis", first)
	}
}

// logWriteFailure logs at most once a second: with Redis down every
// batch fails, and the counts say how many.
func (g *Checker) logWriteFailure(msg string, err error) {
	now := time.Now().UnixNano()
	last := g.writes.lastLog.Load()
	if now-last < int64(time.Second) || !g.writes.lastLog.CompareAndSwap(last, now) {
		return
	}
	s := g.AnswerWrites()
	g.log.Warn(msg, "err", err, "failed", s.Failed, "dropped", s.Dropped, "late", s.Late)
}

// unqueue takes the answers of these keys (every answer with all) out
// of the queue: an invalidation arrived before they were written.
func (w *answerWriter) unqueue(keys []string, all bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pending) == 0 || (len(keys) == 0 && !all) {
		return
	}
	if all {
		clear(w.pending)
		w.pending = w.pending[:0]
		return
	}
	drop := make(map[string]struct{}, len(keys))
	for _, k := range keys {
		drop[k] = struct{}{}
	}
	kept := w.pending[:0]
	for _, p := range w.pending {
		if _, ok := drop[p.key]; !ok {
			kept = append(kept, p)
		}
	}
	clear(w.pending[len(kept):])
	w.pending = kept
}
