package gate

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/uuid"
	"github.com/redis/rueidis"
	"google.golang.org/protobuf/proto"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

// The answer cache: a rule's Evaluation for one wallet, kept in Redis
// (and in this process's memory, through client-side caching) for a TTL
// that depends on the outcome, and evaluated on the chain at most once
// per (rule, wallet) at a time. Redis layout, under the configured prefix:
//
//	gate:v1:ans:<hash>:<addr>  an Evaluation (proto binary), never one that is unknown
//
// (one key per command: no hash tag needed on Redis Cluster)
//
// The key names the rule's hash, not the video, so a rule change needs
// no invalidation here (rule_cache.go).

func (g *Checker) answerKey(hash string, wallet common.Address) string {
	const infix, sep = "gate:v1:ans:", ":0x"
	var hexWallet [2 * common.AddressLength]byte
	hex.Encode(hexWallet[:], wallet[:])
	var b strings.Builder
	b.Grow(len(g.cfg.RedisPrefix) + len(infix) + len(hash) + len(sep) + len(hexWallet))
	b.WriteString(g.cfg.RedisPrefix)
	b.WriteString(infix)
	b.WriteString(hash)
	b.WriteString(sep)
	b.Write(hexWallet[:])
	return b.String()
}

// answer evaluates the rule for wallet: from memory or Redis when an
// answer is cached, else once per (rule, wallet) however many ask at the
// same time.
//
// A check this process has never answered (nor read from Redis) asks
// the chain, without waiting for Redis: the chain call would follow a
// Redis miss anyway, so a first check costs one chain call's time instead
// of a Redis round trip plus a chain call. Redis is asked too when the
// chain is slow or fails (Config.AskRedisAfter), and the first definite
// answer wins. The price is a chain call for an answer another replica
// already cached; Config.AskRedisFirst trades the other way.
func (g *Checker) answer(ctx context.Context, videoID uuid.UUID, vg videoGate, wallet common.Address) (*gatev1.Evaluation, error) {
	key := g.answerKey(vg.hash, wallet)
	// This process's own answers, for their TTL, with no Redis at all.
	if ev, ok := g.recentAnswer(key); ok {
		return ev, nil
	}
	if g.redis == nil || (!g.seen(key) && !g.cfg.AskRedisFirst) {
		if err := g.admit(ctx, vg); err != nil {
			return nil, err
		}
		return g.resolve(ctx, videoID, vg, wallet, key, false, g.redis != nil)
	}
	ev, ok, fresh := g.cached(ctx, key, true)
	if ok {
		return ev, nil
	}
	// A flight may have landed between this miss and now.
	if ev, ok := g.recentAnswer(key); ok {
		return ev, nil
	}
	if err := g.admit(ctx, vg); err != nil {
		return nil, err
	}
	return g.resolve(ctx, videoID, vg, wallet, key, !fresh, false)
}

// admit lets a check that must read the chain go ahead: within the
// per-check call budget (else it fails closed before any call) and the
// caller's and the video's rate limits.
func (g *Checker) admit(ctx context.Context, vg videoGate) error {
	// A rule within the budget even unbatched (most) needs no count.
	if !g.planOf(vg.rule).cheap {
		if err := g.overBudget(vg.rule); err != nil {
			return err
		}
	}
	return g.limit(ctx)
}

// resolve evaluates the rule on the chain once per key, however many
// callers ask at the same time. The first caller leads: it runs the
// evaluation on its own goroutine (no hand-off on the path of an uncached
// check), under its own context bounded by Config.CheckTimeout. The
// others wait for it, each until its own context ends; if the leader's
// caller goes away first, the flight lands unanswered and they start
// another. recheck asks Redis once more before the chain; hedge asks it
// too when the chain is slow or fails.
func (g *Checker) resolve(ctx context.Context, videoID uuid.UUID, vg videoGate, wallet common.Address, key string, recheck, hedge bool) (*gatev1.Evaluation, error) {
	for {
		c, lead := g.flight.join(key)
		if lead {
			ev := g.lead(ctx, videoID, vg, wallet, key, recheck, hedge)
			var err error
			if ev.GetOutcome() == unknown && ctx.Err() != nil {
				err = errLeaderLeft
			}
			g.flight.land(key, c, ev, err)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", ErrUnavailable, ctx.Err())
			}
			return ev, nil
		}
		select {
		case <-c.done:
			if errors.Is(c.err, errLeaderLeft) {
				continue
			}
			return c.ev, c.err
		case <-ctx.Done():
			return nil, fmt.Errorf("%w: %w", ErrUnavailable, ctx.Err())
		}
	}
}

// lead runs a flight: Redis once more when asked, then the chain (hedged
// with Redis when asked). A chain answer is remembered in this process
// before the flight lands, so that a check arriving after it finds the
// answer (within its TTL) or starts a new flight, never joins one whose
// answer predates its arrival; it is handed to the writer (answer_write.go)
// and reaches Redis after the callers have it.
func (g *Checker) lead(ctx context.Context, videoID uuid.UUID, vg videoGate, wallet common.Address, key string, recheck, hedge bool) *gatev1.Evaluation {
	started := time.Now()
	cctx, cancel := context.WithTimeout(ctx, g.cfg.CheckTimeout)
	defer cancel()
	cctx, run := withRun(cctx, videoID.String(), g.cfg.MaxCallsPerCheck)
	// A flight that just landed may have stored the answer while this
	// process still held a cached miss: then ask Redis itself once.
	if recheck {
		if ev, ok, _ := g.cached(cctx, key, false); ok {
			return ev
		}
	}
	gen := g.forgets.Load()
	ev, fromChain := g.evaluateHedged(cctx, vg.rule, wallet, key, hedge, func() {
		run.cached.Store(true)
		cancel()
	})
	if !fromChain || g.forgets.Load() != gen {
		// An invalidation landed while the chain was read: the answer
		// may predate the transfer, so it is returned but not cached.
		return ev
	}
	g.remember(key, ev)
	g.queueWrite(key, ev, started)
	return ev
}

// evaluateHedged evaluates the rule on the chain. With hedge, a chain
// that has not answered within Config.AskRedisAfter, or could not answer,
// is backed by a read of the cached answer from Redis (another replica
// may have cached it): an answer found there first stops the chain calls
// and is returned instead (fromChain false). A chain that answers in time,
// as a healthy one does, costs no Redis round trip at all.
//
// stop ends ctx, marking the run answered from the cache.
func (g *Checker) evaluateHedged(ctx context.Context, rule *gatev1.Rule, wallet common.Address, key string, hedge bool, stop func()) (ev *gatev1.Evaluation, fromChain bool) {
	if !hedge {
		return g.evaluate(ctx, rule, wallet), true
	}
	hit := make(chan *gatev1.Evaluation, 1)
	lookup := func() {
		// Its own context, not one that ends with the flight: a lookup the
		// chain overtook still fills the client-side cache, and is not a
		// Redis failure to log.
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), g.cfg.CheckTimeout)
		defer cancel()
		ev, ok, _ := g.cached(lctx, key, true)
		if !ok {
			hit <- nil
			return
		}
		hit <- ev
		stop()
	}
	var asked *time.Timer
	if g.cfg.AskRedisAfter == 0 {
		go lookup()
	} else {
		asked = time.AfterFunc(g.cfg.AskRedisAfter, lookup)
	}
	ev = g.evaluate(ctx, rule, wallet)
	if asked != nil && asked.Stop() {
		// The chain answered (or failed) before Redis was asked.
		if ev.GetOutcome() != unknown {
			return ev, true
		}
		lookup()
	}
	select {
	case cached := <-hit:
		if cached != nil {
			return cached, false // Redis was first, or cut the chain short
		}
	default:
		if ev.GetOutcome() == unknown {
			// The chain could not answer: Redis still may.
			if cached := <-hit; cached != nil {
				return cached, false
			}
		}
	}
	return ev, true
}

// seen reports whether this process knows key's answer lately: it read
// it from Redis within that answer's TTL (so rueidis most likely still
// holds it in memory), or answered it from the chain within two TTLs (so
// Redis holds it, or another replica's newer copy, or it just expired).
// A key seen is asked of Redis before the chain.
func (g *Checker) seen(key string) bool {
	now := time.Now()
	if d, ok := g.decoded.Load(key); ok && now.Before(d.(decodedAnswer).until) {
		return true
	}
	a, ok := g.landed.Load(key)
	return ok && now.Before(a.(landedAnswer).until.Add(g.ttl(a.(landedAnswer).ev)))
}

// cached reads an answer; a Redis failure is a miss. fresh tells that a
// miss came from Redis just now, not from this process's cache.
func (g *Checker) cached(ctx context.Context, key string, local bool) (ev *gatev1.Evaluation, ok, fresh bool) {
	if g.redis == nil {
		return nil, false, true
	}
	var res rueidis.RedisResult
	if local {
		res = g.redis.DoCache(ctx, g.redis.B().Get().Key(key).Cache(), g.cfg.PositiveTTL)
	} else {
		res = g.redis.Do(ctx, g.redis.B().Get().Key(key).Build())
	}
	raw, err := res.ToString()
	if err != nil {
		if !rueidis.IsRedisNil(err) {
			g.log.WarnContext(ctx, "gate: redis read failed; asking the chain", "err", err)
		}
		return nil, false, !res.IsCacheHit()
	}
	// Decode each stored answer once: a repeat of the same bytes reuses it.
	if d, ok := g.decoded.Load(key); ok && d.(decodedAnswer).raw == raw {
		d := d.(decodedAnswer)
		// Read again past half its TTL: another replica may keep writing
		// the same answer, so keep it seen (one map write per half TTL)
		// rather than let seen lapse and race the chain for it.
		ttl := g.ttl(d.ev)
		if now := time.Now(); now.After(d.until.Add(-ttl / 2)) {
			d.until = now.Add(ttl)
			g.decoded.Map.Store(key, d)
		}
		return d.ev, true, false
	}
	ev = &gatev1.Evaluation{}
	if err := proto.Unmarshal([]byte(raw), ev); err != nil {
		return nil, false, false
	}
	g.decoded.Store(key, decodedAnswer{raw: raw, ev: ev, until: time.Now().Add(g.ttl(ev))})
	return ev, true, false
}

type decodedAnswer struct {
	raw   string
	ev    *gatev1.Evaluation
	until time.Time // when a fresh read of it would have expired
}

// ttl is how long an answer with ev's outcome is cached; 0 for unknown.
func (g *Checker) ttl(ev *gatev1.Evaluation) time.Duration {
	switch ev.GetOutcome() {
	case held:
		return g.cfg.PositiveTTL
	case notHeld:
		return g.cfg.NegativeTTL
	}
	return 0
}

// landedAnswer is a flight's answer, kept in process for its TTL: a caller
// whose cache miss was read just before the flight stored its answer finds
// it here instead of asking the chain again.
type landedAnswer struct {
	ev    *gatev1.Evaluation
	until time.Time
}

func (g *Checker) remember(key string, ev *gatev1.Evaluation) {
	ttl := g.ttl(ev)
	if ttl == 0 {
		return
	}
	g.landed.Store(key, landedAnswer{ev: ev, until: time.Now().Add(ttl)})
}

func (g *Checker) recentAnswer(key string) (*gatev1.Evaluation, bool) {
	v, ok := g.landed.Load(key)
	if !ok {
		return nil, false
	}
	a := v.(landedAnswer)
	if now := time.Now(); now.After(a.until) {
		// Kept one TTL longer, for seen.
		if now.After(a.until.Add(g.ttl(a.ev))) {
			g.landed.CompareAndDelete(key, v)
		}
		return nil, false
	}
	return a.ev, true
}
