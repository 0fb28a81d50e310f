package revoke_test

import (
	"context"
	"testing"
	"time"

	"connectrpc.com/connect"
)

// TestReorgRescansTheNewFork reorganises the simulated chain under the
// watcher: it scans an empty block, then the chain forks from that
// block's parent and the transfer lands in a block of the same number on
// the new branch. The watcher must see that the block it stored is gone,
// rewind to the fork point and scan the new branch; resuming from its
// checkpoint would miss the transfer and leave the seller's one-hour
// answer cached.
func TestReorgRescansTheNewFork(t *testing.T) {
	t.Parallel()
	r := revocationStack(t, true)
	ctx := context.Background()
	b := r.s.Chain.Backend
	parent, err := b.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Commit() // the old branch's block, empty
	old, err := b.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.waitCheckpoint(t, old.Number.Int64(), old.Hash().Hex())

	if err := b.Fork(parent.Hash()); err != nil {
		t.Fatalf("fork: %v", err)
	}
	r.s.Transfer(t) // mined in the new branch's block of old's number
	b.Commit()
	moved, err := b.Client().HeaderByNumber(ctx, old.Number)
	if err != nil {
		t.Fatal(err)
	}
	if moved.Hash() == old.Hash() {
		t.Fatal("the chain did not reorganise")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := r.renew(r.s.URL)
		if connect.CodeOf(err) == connect.CodePermissionDenied {
			break
		}
		if err != nil {
			t.Fatalf("renew: %v", err)
		}
		if time.Now().After(deadline) {
			t.Fatal("the seller still renews: the watcher missed the transfer on the new branch")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Every block the watcher keeps is on the new branch.
	head, err := b.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.waitCheckpoint(t, head.Number.Int64(), head.Hash().Hex())
	rows, err := r.pool.Query(ctx, "SELECT block_number, block_hash FROM chain_watch_blocks")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var hash string
		if err := rows.Scan(&n, &hash); err != nil {
			t.Fatal(err)
		}
		if hash != r.blockHash(t, n) {
			t.Errorf("the watcher keeps block %d of the old branch (%s)", n, hash)
		}
	}
	r.waitEvents(t, 1)
}

// waitCheckpoint waits until the watcher stored block n with hash.
func (r *revocation) waitCheckpoint(t testing.TB, n int64, hash string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var got string
		err := r.pool.QueryRow(context.Background(), "SELECT block_hash FROM chain_watch_blocks WHERE block_number = $1", n).Scan(&got)
		if err == nil && got == hash {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the watcher never stored block %d as %s", n, hash)
}
