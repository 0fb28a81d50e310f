package revoke

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/streamgate/streamgate/db/dbq"
)

// maxRangesPerRound lets a watcher that fell behind catch up over a few
// rounds instead of one unbounded one.
const maxRangesPerRound = 16

// maxAddressesPerQuery caps the contracts one eth_getLogs filters on.
const maxAddressesPerQuery = 256

// scanChain scans one chain from its checkpoint to the head at the
// configured block tag, in ranges of at most Config.MaxBlocks. The first
// time a chain is watched it starts at the head: answers cached before
// then were read from the chain no earlier than that.
func (w *Watcher) scanChain(ctx context.Context, chainID uint64, contracts map[addr][]target) error {
	c, err := w.chains.Chain(chainID)
	if err != nil {
		return err
	}
	head, err := c.Head(ctx)
	if err != nil {
		return fmt.Errorf("read head: %w", err)
	}
	recent, err := w.recent(ctx, chainID)
	if err != nil {
		return fmt.Errorf("read checkpoint: %w", err)
	}
	if len(recent) == 0 {
		return w.save(ctx, chainID, head)
	}
	last, err := w.forkPoint(ctx, chainID, c, recent)
	if err != nil {
		return err
	}
	addrs := watchedAddrs(contracts)
	for i := 0; i < maxRangesPerRound && last < head.Number.Uint64(); i++ {
		to := min(head.Number.Uint64(), last+w.cfg.MaxBlocks)
		hdr, err := w.scanRange(ctx, chainID, c, contracts, addrs, last+1, to)
		if err != nil {
			return err
		}
		if err := w.save(ctx, chainID, hdr); err != nil {
			return fmt.Errorf("save checkpoint: %w", err)
		}
		last = to
	}
	if cut := int64(last) - int64(w.cfg.ReorgDepth); cut > 0 {
		return w.store.PruneWatchBlocks(ctx, dbq.PruneWatchBlocksParams{ChainID: int64(chainID), Below: cut})
	}
	return nil
}

// scanRange reads the range's transfer logs and applies them; it returns
// the header of the range's last block, read before and after the logs
// so that a reorg in between is caught (and the range read again).
func (w *Watcher) scanRange(ctx context.Context, chainID uint64, c Chain, contracts map[addr][]target, addrs [][]common.Address, from, to uint64) (*types.Header, error) {
	hdr, err := c.HeaderAt(ctx, new(big.Int).SetUint64(to))
	if err != nil {
		return nil, fmt.Errorf("read block %d: %w", to, err)
	}
	var logs []types.Log
	for _, batch := range addrs {
		got, err := c.Logs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
			Addresses: batch, Topics: transferTopics,
		})
		if err != nil {
			return nil, fmt.Errorf("read logs of blocks %d-%d: %w", from, to, err)
		}
		logs = append(logs, got...)
	}
	again, err := c.HeaderAt(ctx, new(big.Int).SetUint64(to))
	if err != nil {
		return nil, fmt.Errorf("read block %d: %w", to, err)
	}
	if again.Hash() != hdr.Hash() {
		return nil, errLogHashes
	}
	for _, l := range logs {
		if l.BlockNumber == to && l.BlockHash != hdr.Hash() {
			return nil, errLogHashes
		}
	}
	w.apply(ctx, chainID, contracts, logs)
	return hdr, nil
}

// forkPoint returns the newest stored block still on the chain. On a
// mismatch (a reorganisation) it forgets the stored blocks above it, so
// that the blocks after it are scanned again; when none of the stored
// blocks is on the chain any more, it goes back before the oldest.
func (w *Watcher) forkPoint(ctx context.Context, chainID uint64, c Chain, recent []dbq.RecentWatchBlocksRow) (uint64, error) {
	for i, r := range recent {
		h, err := c.HeaderAt(ctx, big.NewInt(r.BlockNumber))
		if err != nil {
			return 0, fmt.Errorf("read block %d: %w", r.BlockNumber, err)
		}
		if h.Hash().Hex() == r.BlockHash {
			if i > 0 {
				w.log.Warn("revoke: chain reorganised; scanning again from the fork point", "chain", chainID, "fork_point", r.BlockNumber, "was", recent[0].BlockNumber)
				if err := w.rewind(ctx, chainID, r.BlockNumber); err != nil {
					return 0, err
				}
			}
			return uint64(r.BlockNumber), nil
		}
	}
	oldest := max(recent[len(recent)-1].BlockNumber-1, 0)
	w.log.Warn("revoke: chain reorganised deeper than the stored blocks; scanning again from before them", "chain", chainID, "from", oldest)
	if err := w.rewind(ctx, chainID, oldest); err != nil {
		return 0, err
	}
	return uint64(oldest), nil
}

func (w *Watcher) rewind(ctx context.Context, chainID uint64, to int64) error {
	if err := w.store.RewindWatchBlocks(ctx, dbq.RewindWatchBlocksParams{ChainID: int64(chainID), BlockNumber: to}); err != nil {
		return fmt.Errorf("rewind checkpoint: %w", err)
	}
	return nil
}

// watchedAddrs splits the watched contracts into eth_getLogs filters.
func watchedAddrs(contracts map[addr][]target) [][]common.Address {
	var out [][]common.Address
	var cur []common.Address
	for a := range contracts {
		cur = append(cur, a)
		if len(cur) == maxAddressesPerQuery {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

type addr = common.Address
