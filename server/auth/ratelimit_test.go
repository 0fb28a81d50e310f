package auth_test

import (
	"context"
	"testing"
	"time"

	"connectrpc.com/connect"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	"github.com/streamgate/streamgate/server/auth"
)

// An IP this replica has seen reach its limit is refused before any
// work and without asking Redis: with its Redis count gone, it is still
// refused, with the retry hint, until its window ends.
func TestIPKnownOverLimitRefusedWithoutRedis(t *testing.T) {
	t.Parallel()
	e := start(t, func(c *auth.Config) { c.RatePerIP, c.RateWindow = 3, time.Hour })
	w := newWallet(t)
	var ch *authv1.GetChallengeResponse
	for range 3 {
		ch = e.challenge(t, w, 31337)
	}
	// Redis forgets the count (as a failover to a replica that had not
	// seen it would): this replica still knows.
	ctx := context.Background()
	if err := e.rdb.Do(ctx, e.rdb.B().Del().Key(e.prefix+"auth:rate:ip:127.0.0.1").Build()).Error(); err != nil {
		t.Fatal(err)
	}
	_, err := e.signIn(ctx, ch.Message, w.sign(t, ch.Message))
	wantCode(t, err, connect.CodeResourceExhausted)
	checkRetryHint(t, err)
	_, err = e.client.GetChallenge(ctx, connect.NewRequest(&authv1.GetChallengeRequest{Address: w.address, ChainId: 31337}))
	wantCode(t, err, connect.CodeResourceExhausted)
	checkRetryHint(t, err)
	if n, err := e.rdb.Do(ctx, e.rdb.B().Exists().Key(e.prefix+"auth:rate:ip:127.0.0.1").Build()).AsInt64(); err != nil || n != 0 {
		t.Fatalf("the refused calls reached Redis (%d keys, %v)", n, err)
	}
	if n := e.count(t, "SELECT count(*) FROM sessions WHERE address = $1", w.address); n != 0 {
		t.Fatalf("a refused sign-in opened %d sessions", n)
	}
}

// A replica that knew an IP under its limit counts it after the work;
// when other replicas used the limit up meanwhile, that count refuses
// the sign-in: no session, and the replica refuses the IP from then on.
func TestIPCountedAfterWorkAcrossReplicas(t *testing.T) {
	t.Parallel()
	a := start(t, func(c *auth.Config) { c.RatePerIP, c.RateWindow = 4, time.Hour })
	b := a.replica(t)
	w := newWallet(t)
	ch := a.challenge(t, w, 31337) // a knows the IP at 1 call
	for range 3 {
		b.challenge(t, newWallet(t), 31337) // 4: the limit, which a has not seen
	}
	ctx := context.Background()
	_, err := a.signIn(ctx, ch.Message, w.sign(t, ch.Message))
	wantCode(t, err, connect.CodeResourceExhausted)
	checkRetryHint(t, err)
	if n := a.count(t, "SELECT count(*) FROM sessions WHERE address = $1", w.address); n != 0 {
		t.Fatalf("a sign-in over the IP's limit opened %d sessions", n)
	}
	count := func() int64 {
		n, err := a.rdb.Do(ctx, a.rdb.B().Get().Key(a.prefix+"auth:rate:ip:127.0.0.1").Build()).AsInt64()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	_, err = a.signIn(ctx, ch.Message, w.sign(t, ch.Message))
	wantCode(t, err, connect.CodeResourceExhausted)
	if after := count(); after != before {
		t.Fatalf("the IP's count went from %d to %d: a refused it only in Redis", before, after)
	}
}
