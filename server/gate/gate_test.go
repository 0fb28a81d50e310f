package gate_test

import (
	"context"
	"crypto/ecdsa"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/common"
	"github.com/google/uuid"
	"google.golang.org/protobuf/proto"

	"github.com/streamgate/streamgate/contracts/bindings"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
)

const (
	erc721  = gatev1.Standard_STANDARD_ERC721
	erc1155 = gatev1.Standard_STANDARD_ERC1155
	erc20   = gatev1.Standard_STANDARD_ERC20
	auto    = gatev1.Standard_STANDARD_AUTO
)

func TestConditionKinds(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := e.f
	id := f.chain.ChainID.Uint64()
	cases := []struct {
		name    string
		rule    *gatev1.Rule
		in, out []*ecdsa.PrivateKey
	}{
		{"erc721 any token", cond(id, f.erc721, erc721), []*ecdsa.PrivateKey{holder, holder2}, []*ecdsa.PrivateKey{other}},
		{"erc721 at least 2", cond(id, f.erc721, erc721, minAmount("2")), nil, []*ecdsa.PrivateKey{holder, other}},
		{"erc721 one id", cond(id, f.erc721, erc721, ids("1")), []*ecdsa.PrivateKey{holder}, []*ecdsa.PrivateKey{holder2, other}},
		{"erc721 id list with a missing token", cond(id, f.erc721, erc721, ids("2", "5", "999")), []*ecdsa.PrivateKey{holder2}, []*ecdsa.PrivateKey{holder, other}},
		{"erc721 range", cond(id, f.erc721, erc721, tokenRange("3", "6")), []*ecdsa.PrivateKey{holder2}, []*ecdsa.PrivateKey{holder, other}},
		{"erc1155 at least 3", cond(id, f.erc1155, erc1155, ids("7"), minAmount("3")), []*ecdsa.PrivateKey{holder}, []*ecdsa.PrivateKey{holder2, other}},
		{"erc1155 at least 4", cond(id, f.erc1155, erc1155, ids("7"), minAmount("4")), nil, []*ecdsa.PrivateKey{holder, other}},
		{"erc1155 other id", cond(id, f.erc1155, erc1155, ids("8")), nil, []*ecdsa.PrivateKey{holder}},
		{"erc20 at least 1000", cond(id, f.erc20, erc20, minAmount("1000")), []*ecdsa.PrivateKey{holder}, []*ecdsa.PrivateKey{holder2, other}},
		{"erc20 at least 1001", cond(id, f.erc20, erc20, minAmount("1001")), nil, []*ecdsa.PrivateKey{holder}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			v := e.video(creator)
			e.mustSet(v, c.rule)
			for _, k := range c.in {
				res, err := e.check(k, v)
				if err != nil || !res.GetAllowed() {
					t.Errorf("%s: holder denied: %v %v", addr(k), res, err)
				}
				if res.GetEvaluation().GetOutcome() != gatev1.Outcome_OUTCOME_HELD {
					t.Errorf("evaluation %v, want held", res.GetEvaluation())
				}
			}
			for _, k := range c.out {
				res, err := e.check(k, v)
				if err != nil || res.GetAllowed() {
					t.Errorf("%s: non-holder allowed: %v %v", addr(k), res, err)
				}
				if res.GetEvaluation().GetOutcome() != gatev1.Outcome_OUTCOME_NOT_HELD || !strings.Contains(res.GetReason(), "do not hold") {
					t.Errorf("evaluation %v reason %q, want not held", res.GetEvaluation(), res.GetReason())
				}
			}
		})
	}
}

func TestUngatedOwnerAndAnonymous(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.video(creator)
	if !e.allowed(other, v) {
		t.Error("an ungated video must let anyone in")
	}
	e.mustSet(v, cond(e.f.chain.ChainID.Uint64(), e.f.erc721, erc721))
	if e.allowed(other, v) {
		t.Error("non-holder allowed")
	}
	res, err := e.check(creator, v)
	if err != nil || !res.GetAllowed() || res.GetEvaluation() != nil {
		t.Errorf("the owner must pass their own gate without a chain read: %v %v", res, err)
	}
	if _, err := e.check(nil, v); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Errorf("anonymous check: %v, want Unauthenticated", err)
	}
	if _, err := e.check(other, uuid.New()); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("missing video: %v, want NotFound", err)
	}
}

func TestAnyAllTrees(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f, id := e.f, e.f.chain.ChainID.Uint64()
	both := allOf(cond(id, f.erc721, erc721), cond(id, f.erc1155, erc1155, ids("7"), minAmount("3")))
	either := anyOf(cond(id, f.erc721, erc721, ids("5")), cond(id, f.erc20, erc20, minAmount("1000")))
	nested := allOf(either, anyOf(cond(id, f.erc721, erc721, ids("1")), cond(id, f.erc1155, erc1155, ids("7"))))
	for _, c := range []struct {
		name    string
		rule    *gatev1.Rule
		in, out []*ecdsa.PrivateKey
	}{
		{"all", both, []*ecdsa.PrivateKey{holder}, []*ecdsa.PrivateKey{holder2, other}},
		{"any", either, []*ecdsa.PrivateKey{holder, holder2}, []*ecdsa.PrivateKey{other}},
		{"nested", nested, []*ecdsa.PrivateKey{holder}, []*ecdsa.PrivateKey{holder2, other}},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := e.video(creator)
			e.mustSet(v, c.rule)
			for _, k := range c.in {
				if !e.allowed(k, v) {
					t.Errorf("%s denied", addr(k))
				}
			}
			for _, k := range c.out {
				if e.allowed(k, v) {
					t.Errorf("%s allowed", addr(k))
				}
			}
		})
	}
	// The evaluation says which condition failed.
	v := e.video(creator)
	e.mustSet(v, both)
	res, err := e.check(holder2, v)
	if err != nil {
		t.Fatal(err)
	}
	kids := res.GetEvaluation().GetChildren()
	if len(kids) != 2 || kids[0].GetOutcome() != gatev1.Outcome_OUTCOME_HELD || kids[1].GetOutcome() != gatev1.Outcome_OUTCOME_NOT_HELD {
		t.Errorf("evaluation children %v, want held then not held", kids)
	}
	if !strings.Contains(res.GetReason(), "ERC-1155") || !strings.Contains(kids[1].GetDetail(), "balance 0") {
		t.Errorf("reason %q / detail %q should name the missing ERC-1155 balance", res.GetReason(), kids[1].GetDetail())
	}
}

func TestAutoDetection(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f, id := e.f, e.f.chain.ChainID.Uint64()
	v := e.video(creator)
	got := e.mustSet(v, cond(id, f.erc721, auto))
	if got.GetCondition().GetStandard() != erc721 {
		t.Errorf("auto on ERC-721 stored %v", got.GetCondition().GetStandard())
	}
	if got.GetCondition().GetContract() != f.erc721.Hex() || got.GetCondition().GetMinAmount() != "1" {
		t.Errorf("stored condition not normalised: %v", got.GetCondition())
	}
	if !e.allowed(holder, v) || e.allowed(other, v) {
		t.Error("auto-detected ERC-721 rule decides wrongly")
	}
	got = e.mustSet(v, cond(id, f.erc1155, auto, ids("7")))
	if got.GetCondition().GetStandard() != erc1155 {
		t.Errorf("auto on ERC-1155 stored %v", got.GetCondition().GetStandard())
	}
	for name, c := range map[string]common.Address{"no ERC-165": f.no165, "gas burner": f.burner, "ERC-20": f.erc20} {
		_, err := e.set(v, cond(id, c, auto))
		if connect.CodeOf(err) != connect.CodeInvalidArgument || !strings.Contains(err.Error(), "ERC-165") {
			t.Errorf("auto on %s: %v, want InvalidArgument naming ERC-165", name, err)
		}
	}
	res, err := e.client.GetAccessRule(context.Background(), as(other, &gatev1.GetAccessRuleRequest{VideoId: v.String()}))
	if err != nil || res.Msg.GetRule().GetCondition().GetStandard() != erc1155 {
		t.Errorf("failed sets must leave the stored rule alone: %v %v", res, err)
	}
}

func TestBadRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f, id := e.f, e.f.chain.ChainID.Uint64()
	v := e.video(creator)
	good := e.mustSet(v, cond(id, f.erc721, erc721))

	deep := cond(id, f.erc721, erc721)
	for range 5 {
		deep = anyOf(deep)
	}
	var many []*gatev1.Rule
	for range 3 {
		var g []*gatev1.Rule
		for range 12 {
			g = append(g, cond(id, f.erc721, erc721))
		}
		many = append(many, anyOf(g...))
	}
	mixedCase := strings.ToLower(f.erc721.Hex()[:3]) + strings.ToUpper(f.erc721.Hex()[3:])
	for name, r := range map[string]*gatev1.Rule{
		"bad address":     cond(id, f.erc721, erc721, func(c *gatev1.Condition) { c.Contract = "0x1234" }),
		"bad checksum":    cond(id, f.erc721, erc721, func(c *gatev1.Condition) { c.Contract = mixedCase }),
		"unknown chain":   cond(999999, f.erc721, erc721),
		"too deep":        deep,
		"too many":        anyOf(many...),
		"no contract":     cond(id, devnet_addr(other), erc721),
		"reversed range":  cond(id, f.erc721, erc721, tokenRange("6", "3")),
		"huge range":      cond(id, f.erc721, erc721, tokenRange("1", "1000")),
		"1155 without id": cond(id, f.erc1155, erc1155),
		"erc20 with ids":  cond(id, f.erc20, erc20, ids("1")),
		"zero amount":     cond(id, f.erc20, erc20, minAmount("0")),
		"above uint256":   cond(id, f.erc20, erc20, minAmount(strings.Repeat("9", 78))),
		"unspecified":     cond(id, f.erc20, gatev1.Standard_STANDARD_UNSPECIFIED),
		"empty group":     anyOf(),
		"no node":         {},
	} {
		if _, err := e.set(v, r); connect.CodeOf(err) != connect.CodeInvalidArgument {
			t.Errorf("%s: %v, want InvalidArgument", name, err)
		}
	}
	// Someone else's video.
	theirs := e.video(other)
	if _, err := e.set(theirs, cond(id, f.erc721, erc721)); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Errorf("rule on someone else's video: %v, want PermissionDenied", err)
	}
	if _, err := e.client.ClearAccessRule(context.Background(), as(other, &gatev1.ClearAccessRuleRequest{VideoId: v.String()})); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Errorf("clear someone else's rule: %v, want PermissionDenied", err)
	}
	if _, err := e.client.SetAccessRule(context.Background(), as[gatev1.SetAccessRuleRequest](nil, &gatev1.SetAccessRuleRequest{VideoId: v.String(), Rule: good})); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Errorf("anonymous set: %v, want Unauthenticated", err)
	}
	if _, err := e.client.SetAccessRule(context.Background(), as(creator, &gatev1.SetAccessRuleRequest{VideoId: "nope", Rule: good})); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Errorf("bad video id: %v, want InvalidArgument", err)
	}
	res, err := e.client.GetAccessRule(context.Background(), as(creator, &gatev1.GetAccessRuleRequest{VideoId: v.String()}))
	if err != nil || !proto.Equal(res.Msg.GetRule(), good) {
		t.Errorf("stored rule changed by bad input: %v %v", res, err)
	}
	if !e.allowed(holder, v) || e.allowed(other, v) {
		t.Error("the good rule no longer decides right")
	}
}

func devnet_addr(k *ecdsa.PrivateKey) common.Address { return common.HexToAddress(addr(k)) }

func TestExplainAndClear(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.video(creator)
	e.mustSet(v, cond(e.f.chain.ChainID.Uint64(), e.f.erc721, erc721, ids("1")))
	ctx := context.Background()
	res, err := e.client.ExplainAccess(ctx, as(creator, &gatev1.ExplainAccessRequest{VideoId: v.String(), Address: strings.ToLower(addr(holder))}))
	if err != nil || !res.Msg.GetAllowed() || !strings.Contains(res.Msg.GetEvaluation().GetDetail(), "owns token 1") {
		t.Errorf("explain for the holder: %v %v", res, err)
	}
	res, err = e.client.ExplainAccess(ctx, as(creator, &gatev1.ExplainAccessRequest{VideoId: v.String(), Address: addr(other)}))
	if err != nil || res.Msg.GetAllowed() {
		t.Errorf("explain for a non-holder: %v %v", res, err)
	}
	if _, err := e.client.ExplainAccess(ctx, as(other, &gatev1.ExplainAccessRequest{VideoId: v.String(), Address: addr(holder)})); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Errorf("explain by a non-owner: %v, want PermissionDenied", err)
	}
	if _, err := e.client.ExplainAccess(ctx, as(creator, &gatev1.ExplainAccessRequest{VideoId: v.String(), Address: "0xnope"})); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Errorf("explain for a bad address: %v, want InvalidArgument", err)
	}
	// The rule was cached by the checks above; clearing must still open
	// the video at once.
	if _, err := e.client.ClearAccessRule(ctx, as(creator, &gatev1.ClearAccessRuleRequest{VideoId: v.String()})); err != nil {
		t.Fatal(err)
	}
	if !e.allowed(other, v) {
		t.Error("a cleared rule still gates")
	}
	got, err := e.client.GetAccessRule(ctx, as(other, &gatev1.GetAccessRuleRequest{VideoId: v.String()}))
	if err != nil || got.Msg.GetRule() != nil {
		t.Errorf("GetAccessRule after clear: %v %v", got, err)
	}
}

func TestTransferFlipsAfterTTL(t *testing.T) {
	t.Parallel()
	f, err := newFixture()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.chain.Close() })
	ttl := 300 * time.Millisecond
	e := newEnvOn(t, f, func(c *gate.Config, _ *chain.Config) { c.PositiveTTL, c.NegativeTTL = ttl, ttl })
	v := e.video(creator)
	e.mustSet(v, cond(f.chain.ChainID.Uint64(), f.erc721, erc721, ids("1")))
	if !e.allowed(holder, v) || e.allowed(other, v) {
		t.Fatal("before the transfer")
	}
	e721 := bindings.NewGateERC721()
	if err := f.chain.Send(holder, &bindings.GateERC721MetaData, f.erc721, e721.PackTransferFrom(devnet_addr(holder), devnet_addr(other), bigInt(1))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(ttl + 250*time.Millisecond) // let both cached answers expire
	if e.allowed(holder, v) {
		t.Error("the old holder is still allowed after the TTL")
	}
	if !e.allowed(other, v) {
		t.Error("the new holder is denied after the TTL")
	}
}

func TestFailover(t *testing.T) {
	t.Parallel()
	dead := deadURL(t)
	e := newEnv(t, func(_ *gate.Config, c *chain.Config) {
		c.Chains[0].Endpoints = []string{dead, c.Chains[0].Endpoints[0]}
	})
	v := e.video(creator)
	e.mustSet(v, cond(e.f.chain.ChainID.Uint64(), e.f.erc721, erc721))
	if !e.allowed(holder, v) || e.allowed(other, v) {
		t.Error("with a dead first endpoint the gate must fail over and decide")
	}
}

func TestAllEndpointsDead(t *testing.T) {
	t.Parallel()
	live := newEnv(t)
	v := live.video(creator)
	rule := cond(live.f.chain.ChainID.Uint64(), live.f.erc721, erc721)
	live.mustSet(v, rule)

	reg, err := chain.New(context.Background(), chains(live.f.chain.ChainID.Uint64(), deadURL(t), deadURL(t)), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	rdb, prefix := testenv.Redis(t)
	// The same database, read through chains that are all down.
	deadChecker, err := gate.NewChecker(gateConfig(prefix, nil), live.store, rdb, reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	deadSrv := serveChecker(t, deadChecker)
	for _, k := range []*ecdsa.PrivateKey{holder, other} {
		_, err := deadSrv.CheckAccess(context.Background(), as(k, &gatev1.CheckAccessRequest{VideoId: v.String()}))
		if connect.CodeOf(err) != connect.CodeUnavailable {
			t.Errorf("%s with every endpoint dead: %v, want Unavailable", addr(k), err)
		}
	}
	// Nothing was cached as fact: the same Redis prefix with a live chain
	// decides right at once.
	liveReg, err := chain.New(context.Background(), chains(live.f.chain.ChainID.Uint64(), live.f.chain.URL), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(liveReg.Close)
	back, _ := gate.NewChecker(gateConfig(prefix, nil), live.store, rdb, liveReg, nil)
	if d, err := back.Check(context.Background(), v, addr(holder)); err != nil || !d.Allowed {
		t.Errorf("after the outage the holder is denied: %v %v", d, err)
	}
	// Setting a rule needs the chain too.
	if _, err := deadSrv.SetAccessRule(context.Background(), as(creator, &gatev1.SetAccessRuleRequest{VideoId: v.String(), Rule: rule})); connect.CodeOf(err) != connect.CodeUnavailable {
		t.Errorf("set with the chain down: %v, want Unavailable", err)
	}
}

func TestBurstMakesOneChainCall(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.video(creator)
	e.mustSet(v, cond(e.f.chain.ChainID.Uint64(), e.f.erc721, erc721))
	before := e.calls.n.Load()
	var wg sync.WaitGroup
	var mu sync.Mutex
	denied := 0
	for range 1000 {
		wg.Go(func() {
			d, err := e.checker.Check(context.Background(), v, addr(holder))
			if err != nil || !d.Allowed {
				mu.Lock()
				denied++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if denied != 0 {
		t.Errorf("%d of 1000 checks denied the holder", denied)
	}
	if n := e.calls.n.Load() - before; n != 1 {
		t.Errorf("1000 concurrent checks made %d chain calls, want 1", n)
	}
}

func TestRedisDown(t *testing.T) {
	t.Parallel()
	f := sharedChain(t)
	rdb, prefix := testenv.Redis(t)
	reg, err := chain.New(context.Background(), chains(f.chain.ChainID.Uint64(), f.chain.URL), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	e := newEnvWith(t, f, gateConfig(prefix, nil), reg, rdb)
	v := e.video(creator)
	e.mustSet(v, cond(f.chain.ChainID.Uint64(), f.erc721, erc721))
	down, err := newClosedRedis()
	if err != nil {
		t.Fatal(err)
	}
	g, err := gate.NewChecker(gateConfig(prefix, nil), e.store, down, reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[*ecdsa.PrivateKey]bool{holder: true, other: false} {
		d, err := g.Check(context.Background(), v, addr(k))
		if err != nil || d.Allowed != want {
			t.Errorf("with Redis down, %s: %v %v, want allowed=%v", addr(k), d, err, want)
		}
	}
}

func deadURL(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + ln.Addr().String()
	ln.Close()
	return u
}
