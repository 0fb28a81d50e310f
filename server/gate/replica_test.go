package gate_test

import (
	"context"
	"testing"
	"time"

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
	cfg := gate.Config{RedisPrefix: prefix, PositiveTTL: time.Minute, NegativeTTL: time.Minute}
	registry := func(endpoints ...string) *chain.Registry {
		reg, err := chain.New(ctx, chain.Config{Chains: []chain.Spec{{ID: f.chain.ChainID.Uint64(), Endpoints: endpoints}}}, nil)
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
