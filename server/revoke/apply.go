package revoke

import (
	"context"
	"errors"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
	webhookv1 "github.com/streamgate/streamgate/gen/streamgate/webhook/v1"
	"github.com/streamgate/streamgate/server/webhook"
)

// moved is a wallet whose holdings of a watched contract changed, on a
// video whose rule reads it, with the log that said so.
type moved struct {
	video  uuid.UUID
	wallet string // lowercase hex, as grants are stored
}

type cause struct {
	contract common.Address
	block    uint64
	tx       common.Hash
}

// apply drops the cached answers of every wallet the logs moved tokens
// from or to, on every replica, then tells creators which live grants
// the moves ended. Invalidation is idempotent: a range scanned again
// (after a reorg, or by the next lease holder) does it again, harmlessly.
func (w *Watcher) apply(ctx context.Context, chainID uint64, contracts map[addr][]target, logs []types.Log) {
	var keys []string
	seenKey := map[string]bool{}
	affected := map[moved]cause{}
	for _, l := range logs {
		tr, ok := decodeTransfer(l)
		if !ok {
			continue
		}
		for _, t := range contracts[l.Address] {
			for _, wallet := range tr.wallets() {
				if k := w.gate.AnswerKeyOf(t.hash, wallet); !seenKey[k] {
					seenKey[k] = true
					keys = append(keys, k)
				}
				affected[moved{video: t.video, wallet: strings.ToLower(wallet.Hex())}] = cause{contract: l.Address, block: l.BlockNumber, tx: l.TxHash}
			}
		}
	}
	if len(keys) == 0 {
		return
	}
	w.invalidate(ctx, keys)
	w.scheduleRedo(keys)
	if err := w.announce(ctx, chainID, affected); err != nil {
		w.log.Warn("revoke: recording revocations", "err", err)
	}
}

// announce re-checks each live grant the moves touched and, for each the
// gate now refuses, records the revocation and its access.revoked event
// in one transaction (once per grant, however often it is re-scanned).
func (w *Watcher) announce(ctx context.Context, chainID uint64, affected map[moved]cause) error {
	var wallets []string
	var videos []uuid.UUID
	seenW, seenV := map[string]bool{}, map[uuid.UUID]bool{}
	for m := range affected {
		if !seenW[m.wallet] {
			seenW[m.wallet] = true
			wallets = append(wallets, m.wallet)
		}
		if !seenV[m.video] {
			seenV[m.video] = true
			videos = append(videos, m.video)
		}
	}
	grants, err := w.store.LiveGrants(ctx, dbq.LiveGrantsParams{Wallets: wallets, VideoIds: videos})
	if err != nil {
		return err
	}
	var errs []error
	for _, g := range grants {
		c, ok := affected[moved{video: g.VideoID, wallet: g.Wallet}]
		if !ok {
			continue
		}
		d, err := w.gate.Check(ctx, g.VideoID, g.Wallet)
		if err != nil {
			errs = append(errs, err) // unknown: not a revocation; the next scan does not retry it
			continue
		}
		if d.Allowed {
			continue
		}
		errs = append(errs, w.record(ctx, chainID, g, c, d.Reason))
	}
	return errors.Join(errs...)
}

func (w *Watcher) record(ctx context.Context, chainID uint64, g dbq.LiveGrantsRow, c cause, reason string) error {
	return w.store.WithTx(ctx, func(q *dbq.Queries) error {
		n, err := q.InsertAccessRevocation(ctx, dbq.InsertAccessRevocationParams{
			VideoID: g.VideoID, Wallet: g.Wallet, GrantExpiresAt: g.ExpiresAt,
			ChainID: int64(chainID), Contract: strings.ToLower(c.contract.Hex()),
			BlockNumber: int64(c.block), TxHash: c.tx.Hex(),
		})
		if err != nil || n == 0 {
			return err
		}
		w.log.Info("revoke: a live grant lost access", "video", g.VideoID, "wallet", g.Wallet, "block", c.block, "tx", c.tx.Hex())
		return webhook.Enqueue(ctx, q, webhook.AccessRevoked, g.OwnerAddress, g.VideoID,
			&webhookv1.AccessRevoked{VideoId: g.VideoID.String(), Address: g.Wallet, Reason: reason})
	})
}
