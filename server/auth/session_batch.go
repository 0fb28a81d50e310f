package auth

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
)

// maxSessionBatch bounds the sessions one statement opens.
const maxSessionBatch = 64

// sessionBatcher opens sessions, several in one statement when sign-ins
// arrive together: while one batch is in flight, the sign-ins that reach
// this point gather, and the next batch takes them all. A lone sign-in
// goes at once, alone. On a saturated server this shares one PostgreSQL
// round trip (a write, a read, a wake-up of pgx's reader) among many
// sign-ins instead of paying one each.
//
// No goroutine outlives its work: the flusher starts with the first
// waiting sign-in and returns when none waits.
type sessionBatcher struct {
	store *db.Store

	mu      sync.Mutex
	queue   []*sessionOpen
	running bool
}

// sessionOpen is one sign-in's session, waiting for its batch.
type sessionOpen struct {
	p        dbq.OpenSessionParams
	deadline time.Time // zero: none
	done     chan error
}

// errBatchFailed is what every member of a failed batch of several
// gets: each then opens its session alone, so that nothing one of them
// did fails the others.
var errBatchFailed = errors.New("session batch failed")

// open opens the session of p.
func (b *sessionBatcher) open(ctx context.Context, p dbq.OpenSessionParams) error {
	req := &sessionOpen{p: p, done: make(chan error, 1)}
	req.deadline, _ = ctx.Deadline()
	b.mu.Lock()
	b.queue = append(b.queue, req)
	if !b.running {
		b.running = true
		go b.flush()
	}
	b.mu.Unlock()
	var err error
	select {
	case err = <-req.done:
	case <-ctx.Done():
		// Its batch may still open the session: a session nobody holds a
		// token of, which ends with its refresh TTL.
		return fmt.Errorf("open session: %w", context.Cause(ctx))
	}
	if errors.Is(err, errBatchFailed) {
		_, err = b.store.OpenSession(ctx, p)
	}
	return err
}

// flush runs batches until no sign-in waits. Before taking each batch
// it yields the processor once: the sign-ins already runnable (woken by
// their Redis answers, or by the batch just done) reach open and join
// this batch instead of each paying a round trip of its own. With
// nothing else runnable, as for a lone sign-in on an idle server, the
// yield returns at once.
func (b *sessionBatcher) flush() {
	for {
		runtime.Gosched()
		b.mu.Lock()
		batch := b.queue[:min(len(b.queue), maxSessionBatch)]
		if len(batch) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		b.queue = b.queue[len(batch):]
		if len(b.queue) == 0 {
			b.queue = nil // let the next batch start a fresh array
		}
		b.mu.Unlock()
		b.run(batch)
	}
}

// run opens batch's sessions in one statement, bounded by the latest
// deadline among them (the store's query timeout when none has one).
func (b *sessionBatcher) run(batch []*sessionOpen) {
	ctx := context.Background()
	var latest time.Time
	for _, r := range batch {
		if r.deadline.IsZero() {
			latest = time.Time{}
			break
		}
		if r.deadline.After(latest) {
			latest = r.deadline
		}
	}
	if !latest.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, latest)
		defer cancel()
	}
	var err error
	if len(batch) == 1 {
		_, err = b.store.OpenSession(ctx, batch[0].p)
	} else {
		err = b.openAll(ctx, batch)
	}
	for _, r := range batch {
		r.done <- err
	}
}

func (b *sessionBatcher) openAll(ctx context.Context, batch []*sessionOpen) error {
	a := dbq.OpenSessionsParams{}
	for _, r := range batch {
		var scope int64
		if r.p.ContractChainID != nil {
			scope = *r.p.ContractChainID
		}
		a.Ids = append(a.Ids, r.p.ID)
		a.Addresses = append(a.Addresses, r.p.Address)
		a.ChainIds = append(a.ChainIds, r.p.ChainID)
		a.RefreshHashes = append(a.RefreshHashes, r.p.RefreshHash)
		a.ExpiresAts = append(a.ExpiresAts, r.p.ExpiresAt)
		a.ContractChainIds = append(a.ContractChainIds, scope)
	}
	n, err := b.store.OpenSessions(ctx, a)
	if err == nil && n != int64(len(batch)) {
		err = fmt.Errorf("opened %d sessions of %d", n, len(batch))
	}
	if err != nil && !errors.Is(err, db.ErrUnavailable) {
		return fmt.Errorf("%w: %w", errBatchFailed, err)
	}
	return err
}
