package revoke

import (
	"context"
	"errors"
	"log/slog"
	"math/big"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/gate"
)

// lockKey is the watcher's advisory lock (any fixed number unique in the
// database; these are "SGRV" in ASCII).
const lockKey int64 = 0x53475256

// Store is the part of the database the watcher uses; *db.Store is one.
type Store interface {
	ListRuleContracts(ctx context.Context) ([]dbq.ListRuleContractsRow, error)
	RecentWatchBlocks(ctx context.Context, arg dbq.RecentWatchBlocksParams) ([]dbq.RecentWatchBlocksRow, error)
	SaveWatchBlock(ctx context.Context, arg dbq.SaveWatchBlockParams) error
	RewindWatchBlocks(ctx context.Context, arg dbq.RewindWatchBlocksParams) error
	PruneWatchBlocks(ctx context.Context, arg dbq.PruneWatchBlocksParams) error
	LiveGrants(ctx context.Context, arg dbq.LiveGrantsParams) ([]dbq.LiveGrantsRow, error)
	PruneGrants(ctx context.Context, before time.Time) (int64, error)
	WithTx(ctx context.Context, fn func(q *dbq.Queries) error) error
	TryLease(ctx context.Context, key int64) (*db.Lease, error)
}

// Chain reads one chain; *chain.Chain is one.
type Chain interface {
	Head(ctx context.Context) (*types.Header, error)
	HeaderAt(ctx context.Context, n *big.Int) (*types.Header, error)
	Logs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
}

// Chains gives the reader of a configured chain; ChainsFunc adapts
// *chain.Registry.
type Chains interface {
	Chain(chainID uint64) (Chain, error)
}

// ChainsFunc adapts a function to Chains.
type ChainsFunc func(chainID uint64) (Chain, error)

// Chain calls f.
func (f ChainsFunc) Chain(chainID uint64) (Chain, error) { return f(chainID) }

// Gate is the checker the watcher invalidates and asks again;
// *gate.Checker is one.
type Gate interface {
	AnswerKeyOf(ruleHash string, wallet common.Address) string
	ForgetAnswers(ctx context.Context, keys []string) error
	Check(ctx context.Context, videoID uuid.UUID, address string) (gate.Decision, error)
}

// Watcher scans the chains for transfers while it holds the lease.
type Watcher struct {
	cfg    Config
	store  Store
	chains Chains
	gate   Gate
	bus    *Bus
	log    *slog.Logger
	lease  *db.Lease
	// redo holds invalidations to repeat (Config.RedoAfter).
	mu     sync.Mutex
	redo   []redo
	pruned time.Time
}

type redo struct {
	at   time.Time
	keys []string
}

// NewWatcher returns a watcher; Run scans.
func NewWatcher(cfg Config, store Store, chains Chains, g Gate, bus *Bus, log *slog.Logger) (*Watcher, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if store == nil || chains == nil || g == nil || bus == nil {
		return nil, errors.New("revoke: a store, chains, a gate and a bus are required")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Watcher{cfg: cfg, store: store, chains: chains, gate: g, bus: bus, log: log}, nil
}

// Run scans every poll interval until ctx ends. Only the replica holding
// the lease scans; the others try to take it each interval.
func (w *Watcher) Run(ctx context.Context) error {
	defer w.release()
	t := time.NewTicker(w.cfg.PollInterval)
	defer t.Stop()
	for {
		rctx, cancel := context.WithTimeout(ctx, w.cfg.RoundTimeout)
		w.round(rctx)
		cancel()
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

func (w *Watcher) release() {
	if w.lease != nil {
		w.lease.Release()
		w.lease = nil
	}
}

// Leader reports whether this watcher holds the lease.
func (w *Watcher) Leader() bool { return w.lease != nil }

// round is one pass: take or keep the lease, scan every watched chain,
// repeat due invalidations, prune.
func (w *Watcher) round(ctx context.Context) {
	if w.lease == nil {
		l, err := w.store.TryLease(ctx, lockKey)
		if err != nil {
			w.log.Warn("revoke: could not try the watcher lease", "err", err)
			return
		}
		if l == nil {
			return
		}
		w.lease = l
		w.log.Info("revoke: this replica now watches the chains")
	} else if err := w.lease.Check(ctx); err != nil {
		w.log.Warn("revoke: lost the watcher lease", "err", err)
		w.release()
		return
	}
	watched, err := loadWatched(ctx, w.store)
	if err != nil {
		w.log.Warn("revoke: reading the rules", "err", err)
		if watched == nil {
			return
		}
	}
	ids := make([]uint64, 0, len(watched))
	for id := range watched {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		if err := w.scanChain(ctx, id, watched[id]); err != nil {
			w.log.Warn("revoke: scanning a chain; trying again next round", "chain", id, "err", err)
		}
	}
	w.redoDue(ctx)
	w.prune(ctx)
}

func (w *Watcher) prune(ctx context.Context) {
	if time.Since(w.pruned) < time.Minute {
		return
	}
	w.pruned = time.Now()
	if _, err := w.store.PruneGrants(ctx, time.Now().Add(-time.Hour)); err != nil {
		w.log.Warn("revoke: pruning expired grants", "err", err)
	}
}

// scheduleRedo repeats an invalidation after Config.RedoAfter.
func (w *Watcher) scheduleRedo(keys []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.redo = append(w.redo, redo{at: time.Now().Add(w.cfg.RedoAfter), keys: keys})
}

func (w *Watcher) redoDue(ctx context.Context) {
	w.mu.Lock()
	var due []string
	keep := w.redo[:0]
	for _, r := range w.redo {
		if time.Now().After(r.at) {
			due = append(due, r.keys...)
		} else {
			keep = append(keep, r)
		}
	}
	w.redo = keep
	w.mu.Unlock()
	if len(due) > 0 {
		w.invalidate(ctx, due)
	}
}

// invalidate drops keys from Redis and tells every replica.
func (w *Watcher) invalidate(ctx context.Context, keys []string) {
	if err := w.gate.ForgetAnswers(ctx, keys); err != nil {
		w.log.Warn("revoke: dropping cached answers", "err", err)
	}
	if err := w.bus.Publish(ctx, keys); err != nil {
		w.log.Warn("revoke: broadcasting dropped answers", "err", err)
	}
}

// errLogHashes is a range whose logs and header disagree: the chain
// reorganised while it was read. The range is read again next round.
var errLogHashes = errors.New("the chain changed while its logs were read")

// recent reads a chain's checkpoint rows, newest first.
func (w *Watcher) recent(ctx context.Context, chainID uint64) ([]dbq.RecentWatchBlocksRow, error) {
	return w.store.RecentWatchBlocks(ctx, dbq.RecentWatchBlocksParams{ChainID: int64(chainID), MaxRows: int32(w.cfg.ReorgDepth)})
}

func (w *Watcher) save(ctx context.Context, chainID uint64, h *types.Header) error {
	return w.store.SaveWatchBlock(ctx, dbq.SaveWatchBlockParams{ChainID: int64(chainID), BlockNumber: h.Number.Int64(), BlockHash: h.Hash().Hex()})
}
