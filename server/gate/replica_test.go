package gate_test

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/ethclient"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
)

// TestReplicasShareAnswers runs three checkers on one Redis prefix and
// one database, as three replicas: what one learned from the chain the
// others answer from Redis, a replica whose chain is down included (it
// asks Redis and the chain at once and takes Redis's answer), and a
// replica set to ask Redis first makes no chain call at all.
func TestReplicasShareAnswers(t *testing.T) {
	t.Parallel()
	f := sharedChain(t)
	ctx := context.Background()
	rdb, prefix := testenv.Redis(t)
	cfg := gateConfig(prefix, func(c *gate.Config) { c.PositiveTTL, c.NegativeTTL = time.Minute, time.Minute })
	registry := func(endpoints ...string) *chain.Registry {
		reg, err := chain.New(ctx, chains(f.chain.ChainID.Uint64(), endpoints...), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(reg.Close)
		return reg
	}
	a := newEnvWith(t, f, cfg, registry(f.chain.URL), rdb)
	v := a.video(creator)
	a.mustSet(v, cond(f.chain.ChainID.Uint64(), f.erc721, erc721))
	if !a.allowed(holder, v) || a.allowed(other, v) {
		t.Fatal("replica A decided wrong")
	}
	// A writes its answers to Redis just after answering.
	for _, k := range []string{addr(holder), addr(other)} {
		key, err := a.checker.AnswerKey(ctx, v, k)
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			if n, _ := rdb.Do(ctx, rdb.B().Exists().Key(key).Build()).AsInt64(); n == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("replica A never cached its answer for %s", k)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}

	down, err := gate.NewChecker(cfg, a.store, rdb, registry(deadURL(t)), nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]bool{addr(holder): true, addr(other): false} {
		d, err := down.Check(ctx, v, k)
		if err != nil || d.Allowed != want {
			t.Errorf("replica B, chain down, %s: %+v %v; want allowed=%v from Redis", k, d, err, want)
		}
	}

	counted := &countingChains{inner: registry(f.chain.URL)}
	redisFirst := cfg
	redisFirst.AskRedisFirst = true
	c, err := gate.NewChecker(redisFirst, a.store, rdb, counted, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]bool{addr(holder): true, addr(other): false} {
		d, err := c.Check(ctx, v, k)
		if err != nil || d.Allowed != want || d.Evaluation.GetOutcome() == gatev1.Outcome_OUTCOME_UNSPECIFIED {
			t.Errorf("replica C %s: %+v %v; want allowed=%v", k, d, err, want)
		}
	}
	if n := counted.n.Load(); n != 0 {
		t.Errorf("replica C asked the chain %d times for answers Redis had", n)
	}
}

// TestSeenAnswersStaySeen: a replica that keeps reading an answer another
// replica keeps writing again (the same bytes, a fresh TTL each time)
// goes on reading it from Redis, past the TTL it first read it with,
// instead of asking the chain again.
func TestSeenAnswersStaySeen(t *testing.T) {
	t.Parallel()
	f := sharedChain(t)
	ctx := context.Background()
	rdb, prefix := testenv.Redis(t)
	const ttl = 600 * time.Millisecond
	cfg := gateConfig(prefix, func(c *gate.Config) { c.PositiveTTL, c.NegativeTTL = ttl, ttl })
	reg, err := chain.New(ctx, chains(f.chain.ChainID.Uint64(), f.chain.URL), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	a := newEnvWith(t, f, cfg, reg, rdb)
	v := a.video(creator)
	a.mustSet(v, cond(f.chain.ChainID.Uint64(), f.erc721, erc721))
	if !a.allowed(holder, v) {
		t.Fatal("replica A denied the holder")
	}
	key, err := a.checker.AnswerKey(ctx, v, addr(holder))
	if err != nil {
		t.Fatal(err)
	}
	var raw string
	for deadline := time.Now().Add(5 * time.Second); raw == ""; time.Sleep(10 * time.Millisecond) {
		raw, _ = rdb.Do(ctx, rdb.B().Get().Key(key).Build()).ToString()
		if time.Now().After(deadline) {
			t.Fatal("replica A never cached its answer")
		}
	}
	// Replica A writes the same answer again every 100 ms, as replicas
	// whose own copies expire do.
	stop := make(chan struct{})
	rewrote := make(chan struct{})
	go func() {
		defer close(rewrote)
		for {
			rdb.Do(ctx, rdb.B().Set().Key(key).Value(raw).Px(ttl).Build())
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	defer func() { close(stop); <-rewrote }()

	counted := &countingChains{inner: reg}
	b, err := gate.NewChecker(cfg, a.store, rdb, counted, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 60 checks over about 3 TTLs: the first may ask the chain (it asks
	// Redis at the same time); none after it should.
	for range 60 {
		d, err := b.Check(ctx, v, addr(holder))
		if err != nil || !d.Allowed {
			t.Fatalf("replica B: %+v %v", d, err)
		}
		time.Sleep(30 * time.Millisecond)
	}
	if n := counted.n.Load(); n > 1 {
		t.Errorf("replica B asked the chain %d times for an answer Redis kept having", n)
	}
}

// stuckChains reads every chain through one endpoint that accepts
// connections and never answers.
type stuckChains struct{ client *ethclient.Client }

func (s stuckChains) ContractCaller(uint64) (bind.ContractCaller, error) { return s.client, nil }

// stuckEndpoint listens, accepts and never answers; accepted receives a
// value for each connection.
func stuckEndpoint(t *testing.T) (url string, accepted <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan struct{}, 16)
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String(), ch
}

// TestCallersGiveUpOnAStuckChain: with a chain read that never ends and a
// check timeout of an hour, the caller leading the read and a caller
// waiting on it each return Unavailable as soon as their own context
// ends.
func TestCallersGiveUpOnAStuckChain(t *testing.T) {
	t.Parallel()
	live := newEnv(t)
	v := live.video(creator)
	live.mustSet(v, cond(live.f.chain.ChainID.Uint64(), live.f.erc721, erc721))
	url, accepted := stuckEndpoint(t)
	client, err := ethclient.Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	rdb, prefix := testenv.Redis(t)
	g, err := gate.NewChecker(gateConfig(prefix, func(c *gate.Config) { c.CheckTimeout = time.Hour }), live.store, rdb, stuckChains{client}, nil)
	if err != nil {
		t.Fatal(err)
	}
	check := func(ctx context.Context) <-chan error {
		done := make(chan error, 1)
		go func() {
			_, err := g.Check(ctx, v, addr(holder))
			done <- err
		}()
		return done
	}
	gaveUp := func(who string, done <-chan error) {
		t.Helper()
		select {
		case err := <-done:
			// Unavailable once waiting on the chain; a context error if
			// the context ended before (a loaded machine).
			if !errors.Is(err, gate.ErrUnavailable) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%s: %v, want ErrUnavailable", who, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s is still waiting on the stuck chain after its context ended", who)
		}
	}
	leaderCtx, leaderGivesUp := context.WithCancel(context.Background())
	defer leaderGivesUp()
	leader := check(leaderCtx)
	<-accepted // the leader's chain read is in flight
	// The waiter gives up a moment after it started, by when it waits on
	// the leader's read.
	waiterCtx, waiterGivesUp := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer waiterGivesUp()
	gaveUp("the waiting caller", check(waiterCtx))
	leaderGivesUp()
	gaveUp("the leading caller", leader)
}

// TestAnswerWrittenForOtherReplicas: an answer read from the chain is
// written to Redis after the check returned it, and counted; another
// replica whose chain hangs answers from it once AskRedisAfter passes,
// without waiting for the chain.
func TestAnswerWrittenForOtherReplicas(t *testing.T) {
	t.Parallel()
	a := newEnv(t)
	v := a.video(creator)
	a.mustSet(v, cond(a.f.chain.ChainID.Uint64(), a.f.erc721, erc721))
	ctx := context.Background()
	if d, err := a.checker.Check(ctx, v, addr(holder)); err != nil || !d.Allowed {
		t.Fatalf("replica A: %+v %v", d, err)
	}
	for deadline := time.Now().Add(10 * time.Second); a.checker.AnswerWrites().Written < 1; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("replica A never wrote its answer: %+v", a.checker.AnswerWrites())
		}
	}
	if s := a.checker.AnswerWrites(); s.Failed+s.Dropped+s.Late != 0 {
		t.Errorf("replica A's writes: %+v", s)
	}

	url, _ := stuckEndpoint(t)
	client, err := ethclient.Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	cfg := gateConfig(a.checker.Prefix(), func(c *gate.Config) {
		c.CheckTimeout, c.AskRedisAfter = time.Hour, 50*time.Millisecond
	})
	b, err := gate.NewChecker(cfg, a.store, a.redis, stuckChains{client}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	start := time.Now()
	d, err := b.Check(cctx, v, addr(holder))
	if err != nil || !d.Allowed {
		t.Fatalf("replica B, chain hung: %+v %v; want allowed from Redis", d, err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("replica B took %s: it waited for the hung chain", took)
	}
}

// TestAnswerWriteFailureCounted: with Redis gone, a check still answers
// from the chain; the write that fails is counted, not returned.
func TestAnswerWriteFailureCounted(t *testing.T) {
	t.Parallel()
	live := newEnv(t)
	v := live.video(creator)
	live.mustSet(v, cond(live.f.chain.ChainID.Uint64(), live.f.erc721, erc721))
	closed, err := newClosedRedis()
	if err != nil {
		t.Fatal(err)
	}
	g, err := gate.NewChecker(gateConfig("sgt:closed:", nil), live.store, closed, live.calls, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{addr(holder), addr(other)} {
		d, err := g.Check(context.Background(), v, k)
		if err != nil || d.Allowed != (k == addr(holder)) {
			t.Fatalf("%s with Redis down: %+v %v", k, d, err)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); g.AnswerWrites().Failed < 2; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("failed writes not counted: %+v", g.AnswerWrites())
		}
	}
	if s := g.AnswerWrites(); s.Written != 0 {
		t.Errorf("writes to a closed Redis counted as written: %+v", s)
	}
}
