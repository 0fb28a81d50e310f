package gate_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/streamgate/streamgate/contracts/devnet"
	"github.com/streamgate/streamgate/db/dbq"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
)

// bigRule is the costliest rule the defaults allow: 32 ERC-721
// conditions of 100-id ranges, the first (1 to 100) held by holder.
func bigRule(f *fixture) *gatev1.Rule {
	var conds []*gatev1.Rule
	for i := range 32 {
		conds = append(conds, cond(f.chain.ChainID.Uint64(), f.erc721, erc721, tokenRange(fmt.Sprint(i*100+1), fmt.Sprint(i*100+100))))
	}
	// Put the held range last, so no early stop helps.
	conds[0], conds[31] = conds[31], conds[0]
	return anyOf(anyOf(conds[:16]...), anyOf(conds[16:]...))
}

// TestBigRuleBatched: where the chain has Multicall3, the costliest rule
// (3,232 reads, which were as many eth_calls) is a handful of calls and
// still decides right.
func TestBigRuleBatched(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.video(creator)
	e.mustSet(v, bigRule(e.f))
	before := e.calls.n.Load()
	if !e.allowed(holder, v) {
		t.Error("the holder of token 1 denied by the big rule")
	}
	// 32 balances in one batch, 32 x 100 owners in ceil(3200/256) = 13.
	if n := e.calls.n.Load() - before; n > 14 {
		t.Errorf("a check of the big rule made %d chain calls, want at most 14", n)
	}
	if e.calls.batched.Load() < 3232 {
		t.Errorf("%d reads batched, want all 3,232", e.calls.batched.Load())
	}
	res, err := e.check(holder2, v) // token 5: in the first range too
	if err != nil || !res.GetAllowed() {
		t.Errorf("holder2: %v %v", res, err)
	}
	if res, err := e.check(other, v); err != nil || res.GetAllowed() {
		t.Errorf("a non-holder: %v %v", res, err)
	}
}

// TestCallBudget: on a chain without Multicall3 the big rule would cost
// 3,232 eth_calls per check. Setting it is refused, naming the cost; a
// rule stored before (here: straight into the database) fails closed
// at check time with FailedPrecondition and no chain call at all.
func TestCallBudget(t *testing.T) {
	t.Parallel()
	f, err := newFixtureWith(devnet.Options{NoMulticall3: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.chain.Close() })
	e := newEnvOn(t, f)
	v := e.video(creator)
	_, err = e.set(v, bigRule(f))
	if connect.CodeOf(err) != connect.CodeInvalidArgument || !strings.Contains(err.Error(), "3232 chain calls") || !strings.Contains(err.Error(), "no Multicall3") {
		t.Errorf("setting the big rule without Multicall3: %v, want InvalidArgument naming 3232 calls", err)
	}
	// What a smaller rule normalises to, with the big rule's ranges.
	small := e.mustSet(v, cond(f.chain.ChainID.Uint64(), f.erc721, erc721, tokenRange("1", "100")))
	big := bigRule(f)
	for _, grp := range big.GetAny().GetRules() {
		for _, r := range grp.GetAny().GetRules() {
			r.GetCondition().Contract = small.GetCondition().GetContract()
			r.GetCondition().MinAmount = "1"
		}
	}
	storeRule(t, e, v, big)
	before := e.calls.n.Load()
	for _, k := range []string{addr(holder), randomWallet().Hex()} {
		req := connect.NewRequest(&gatev1.CheckAccessRequest{VideoId: v.String()})
		req.Header().Set("Authorization", "Bearer "+k)
		res, err := e.client.CheckAccess(context.Background(), req)
		if connect.CodeOf(err) != connect.CodeFailedPrecondition || res != nil || !strings.Contains(err.Error(), "more than the 128") {
			t.Errorf("checking the stored big rule: %v %v, want FailedPrecondition naming the budget", res, err)
		}
	}
	if n := e.calls.n.Load() - before; n != 0 {
		t.Errorf("a check over the budget made %d chain calls, want 0", n)
	}
	// The 100-id range fits (101 calls, one by one) and decides.
	e.mustSet(v, cond(f.chain.ChainID.Uint64(), f.erc721, erc721, tokenRange("1", "100")))
	if !e.allowed(holder2, v) || e.allowed(other, v) {
		t.Error("a rule within the budget decides wrongly without Multicall3")
	}
}

// storeRule writes a rule straight to the database, as a rule stored
// before a limit was lowered, and drops the cached one.
func storeRule(t *testing.T, e *env, v uuid.UUID, r *gatev1.Rule) {
	t.Helper()
	js, err := protojson.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.UpsertAccessRule(context.Background(), dbq.UpsertAccessRuleParams{VideoID: v, Rule: js, RuleHash: fmt.Sprintf("%x", sha256.Sum256(js))}); err != nil {
		t.Fatal(err)
	}
	e.checker.ForgetVideo(context.Background(), v)
}

// TestGasHungryContractInBatch: Multicall3 forwards all gas to each call,
// so a contract that burns it starves the calls after it in the batch;
// those are asked again on their own, and the holder still gets in.
func TestGasHungryContractInBatch(t *testing.T) {
	t.Parallel()
	// 100k gas a call: what the burner leaves its siblings is too little.
	e := newEnv(t, func(_ *gate.Config, c *chain.Config) { c.CallGas = 100_000 })
	id := e.f.chain.ChainID.Uint64()
	v := e.video(creator)
	e.mustSet(v, anyOf(cond(id, e.f.burner, erc20), cond(id, e.f.erc20, erc20, minAmount("1000")), cond(id, e.f.erc721, erc721, ids("1"))))
	res, err := e.check(holder, v)
	if err != nil || !res.GetAllowed() {
		t.Fatalf("the holder behind a gas burner: %v %v", res, err)
	}
	kids := res.GetEvaluation().GetChildren()
	if kids[0].GetOutcome() != gatev1.Outcome_OUTCOME_NOT_HELD || kids[1].GetOutcome() != gatev1.Outcome_OUTCOME_HELD || kids[2].GetOutcome() != gatev1.Outcome_OUTCOME_HELD {
		t.Errorf("evaluation %v: want the burner not held, the others held", kids)
	}
}

// TestRateLimits: checks that must read the chain are limited per caller
// and per video, with ResourceExhausted, a RetryInfo and Retry-After;
// cached answers are not counted.
func TestRateLimits(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *gate.Config, _ *chain.Config) { c.RatePerCaller, c.RatePerVideo, c.RateWindow = 3, 5, time.Hour })
	v := e.video(creator)
	e.mustSet(v, cond(e.f.chain.ChainID.Uint64(), e.f.erc721, erc721))
	ctx := context.Background()
	explain := func() error {
		_, err := e.client.ExplainAccess(ctx, as(creator, &gatev1.ExplainAccessRequest{VideoId: v.String(), Address: randomWallet().Hex()}))
		return err
	}
	for i := range 3 {
		if err := explain(); err != nil {
			t.Fatalf("explain %d within the limit: %v", i, err)
		}
	}
	err := explain()
	assertLimited(t, "the creator's 4th explain for a fresh address", err)
	// Per video: other callers, fresh wallets each, share the video's 5.
	if !e.allowed(holder, v) { // 5th check of the video
		t.Fatal("the holder denied within the video's limit")
	}
	_, err = e.client.CheckAccess(ctx, as(holder2, &gatev1.CheckAccessRequest{VideoId: v.String()}))
	assertLimited(t, "a 6th check of the video", err)
	// A cached answer is free: the holder's repeat still answers.
	for range 5 {
		if !e.allowed(holder, v) {
			t.Fatal("a cached answer was limited")
		}
	}
	// Another video is not limited by this one.
	w := e.video(creator)
	e.mustSet(w, cond(e.f.chain.ChainID.Uint64(), e.f.erc721, erc721))
	if !e.allowed(holder2, w) {
		t.Error("another video's check was limited")
	}
}

func assertLimited(t *testing.T, what string, err error) {
	t.Helper()
	var ce *connect.Error
	if !errors.As(err, &ce) || ce.Code() != connect.CodeResourceExhausted {
		t.Fatalf("%s: %v, want ResourceExhausted", what, err)
	}
	if ra := ce.Meta().Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("%s: Retry-After %q", what, ra)
	}
	found := false
	for _, d := range ce.Details() {
		if m, err := d.Value(); err == nil {
			if _, ok := m.(*errdetails.RetryInfo); ok {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("%s: no RetryInfo detail", what)
	}
}

// TestFairSlots: with the chain slow and every slot taken by one video's
// flood of uncached checks, another video's check gets the next free
// slot in turn: it lands while most of the flood still waits. Before,
// it queued behind the whole flood (and, with a deadline, failed).
func TestFairSlots(t *testing.T) {
	t.Parallel()
	f := sharedChain(t)
	slow := testenv.RPCProxy(t, f.chain.URL, func(_ *http.Request, body []byte) bool {
		if strings.Contains(string(body), "eth_call") {
			time.Sleep(100 * time.Millisecond)
		}
		return true
	})
	e := newEnvOn(t, f, func(c *gate.Config, cc *chain.Config) {
		c.MaxChainCalls, c.CheckTimeout = 2, 2*time.Minute
		cc.Chains[0].Endpoints = []string{slow}
	})
	flooded, quiet := e.video(creator), e.video(creator)
	e.mustSet(flooded, cond(f.chain.ChainID.Uint64(), f.erc721, erc721))
	e.mustSet(quiet, cond(f.chain.ChainID.Uint64(), f.erc20, erc20))
	ctx := context.Background()
	const flood = 40
	var done atomic.Int64
	var wg sync.WaitGroup
	for range flood {
		wg.Go(func() {
			if _, err := e.checker.Check(ctx, flooded, randomWallet().Hex()); err != nil {
				t.Error(err)
			}
			done.Add(1)
		})
	}
	time.Sleep(300 * time.Millisecond) // let the flood queue up
	if d, err := e.checker.Check(ctx, quiet, addr(holder)); err != nil || !d.Allowed {
		t.Fatalf("the quiet video's check: %v %v", d, err)
	}
	landedFirst := done.Load()
	wg.Wait()
	if landedFirst > flood/2 {
		t.Errorf("the quiet video's check landed after %d of %d flood checks, want it served in turn", landedFirst, flood)
	}
}

// TestRuleMemoBounded: decoded rules are kept up to RuleMemo, not one per
// rule ever seen.
func TestRuleMemoBounded(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *gate.Config, _ *chain.Config) { c.RuleMemo = 2 })
	for i := range 5 {
		v := e.video(creator)
		e.mustSet(v, cond(e.f.chain.ChainID.Uint64(), e.f.erc721, erc721, ids(fmt.Sprint(i+1))))
		if _, err := e.check(holder, v); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.checker.RuleMemoLen(); n > 2 {
		t.Errorf("%d decoded rules kept, want at most 2", n)
	}
}
