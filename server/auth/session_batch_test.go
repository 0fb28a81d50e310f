package auth

import (
	"context"
	"crypto/rand"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/internal/testenv"
)

// Sign-ins that wait together go as one statement, each with its own
// session as asked (addresses repeated, EOA and contract-wallet scopes);
// a member that fails (here a chain id the schema refuses) fails alone.
func TestSessionBatcher(t *testing.T) {
	t.Parallel()
	pool := testenv.DB(t)
	b := &sessionBatcher{store: db.NewStore(pool)}
	b.running = true // hold the flusher: every open below waits in one batch
	addrs := []string{"0x1111111111111111111111111111111111111111", "0x2222222222222222222222222222222222222222", "0x3333333333333333333333333333333333333333"}
	const n = 20
	params := make([]dbq.OpenSessionParams, n)
	for i := range params {
		hash := make([]byte, 32)
		_, _ = rand.Read(hash)
		params[i] = dbq.OpenSessionParams{
			ID: uuid.New(), Address: addrs[i%len(addrs)], ChainID: 31337, RefreshHash: hash,
			ExpiresAt: time.Now().Add(time.Hour).Truncate(time.Microsecond),
		}
		if i%4 == 0 {
			scope := int64(31337)
			params[i].ContractChainID = &scope
		}
	}
	params[7].ChainID = 0 // sessions.chain_id > 0
	errs := make([]error, n)
	var wg sync.WaitGroup
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i := range params {
		wg.Go(func() { errs[i] = b.open(ctx, params[i]) })
	}
	for {
		b.mu.Lock()
		queued := len(b.queue)
		b.mu.Unlock()
		if queued == n {
			break
		}
		time.Sleep(time.Millisecond)
	}
	go b.flush()
	wg.Wait()
	for i, err := range errs {
		if (err != nil) != (i == 7) {
			t.Errorf("session %d: %v", i, err)
		}
	}
	for i, p := range params {
		var addr string
		var chain int64
		var scope *int64
		var exp time.Time
		err := pool.QueryRow(ctx, "SELECT address, chain_id, contract_chain_id, expires_at FROM sessions WHERE id = $1 AND refresh_hash = $2", p.ID, p.RefreshHash).Scan(&addr, &chain, &scope, &exp)
		if i == 7 {
			if err == nil {
				t.Errorf("the refused session was stored")
			}
			continue
		}
		if err != nil || addr != p.Address || chain != p.ChainID || (scope == nil) != (p.ContractChainID == nil) || !exp.Equal(p.ExpiresAt) {
			t.Errorf("session %d: %s %d %v %v (%v), want %+v", i, addr, chain, scope, exp, err, p)
		}
	}
	var accounts int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM accounts").Scan(&accounts); err != nil || accounts != len(addrs) {
		t.Fatalf("%d accounts (%v), want %d", accounts, err, len(addrs))
	}
	time.Sleep(10 * time.Millisecond) // the flusher returns after its last answer
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running || len(b.queue) != 0 {
		t.Fatalf("the flusher left running %v with %d queued", b.running, len(b.queue))
	}
}
