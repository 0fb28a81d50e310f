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
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/streamgate/streamgate/db"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

// Redis layout, under the configured prefix:
//
//	gate:v1:video:{id}         "owner|hash|rule" (proto binary); "owner||" when ungated
//	gate:v1:ver:{id}           bumped by every rule change, before the cached rule is dropped
//	gate:v1:ans:{hash}:{addr}  an Evaluation (proto binary), never one that is unknown
//
// Both are read with client-side caching, so a repeat is served from this
// process's memory until Redis invalidates it or its TTL ends.

type videoGate struct {
	owner string
	hash  string
	rule  *gatev1.Rule
}

func (g *Checker) videoKey(id uuid.UUID) string {
	return g.cfg.RedisPrefix + "gate:v1:video:" + id.String()
}

func (g *Checker) versionKey(id uuid.UUID) string {
	return g.cfg.RedisPrefix + "gate:v1:ver:" + id.String()
}

// setIfUnchanged caches a rule read from the database only if no rule
// change happened since the read began: otherwise a reader that read the
// old rule could cache it after the writer dropped it, and the old rule
// (or no rule) would hold for the whole rule TTL.
var setIfUnchanged = rueidis.NewLuaScript(`
if (redis.call('GET', KEYS[2]) or '') == ARGV[2] then
  return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
end
return false`)

func (g *Checker) answerKey(hash string, wallet common.Address) string {
	return g.cfg.RedisPrefix + "gate:v1:ans:" + hash + ":0x" + hex.EncodeToString(wallet[:])
}

// videoGate returns the video's owner and rule, from the cache when it can.
func (g *Checker) videoGate(ctx context.Context, id uuid.UUID) (videoGate, error) {
	key := g.videoKey(id)
	if g.redis != nil {
		v, err := g.redis.DoCache(ctx, g.redis.B().Get().Key(key).Cache(), g.cfg.RuleTTL).ToString()
		if err == nil {
			if vg, err := g.decodeVideoGate(v); err == nil {
				return vg, nil
			}
		} else if !rueidis.IsRedisNil(err) {
			g.log.WarnContext(ctx, "gate: redis read failed; reading the database", "err", err)
		}
	}
	version := ""
	if g.redis != nil {
		version, _ = g.redis.Do(ctx, g.redis.B().Get().Key(g.versionKey(id)).Build()).ToString()
	}
	row, err := g.store.GetVideoGate(ctx, id)
	if err != nil {
		return videoGate{}, fmt.Errorf("read video %s: %w", id, db.Classify(err))
	}
	vg := videoGate{owner: row.OwnerAddress}
	var enc []byte
	if row.RuleHash != nil {
		vg.hash = *row.RuleHash
		vg.rule = &gatev1.Rule{}
		if err := protojson.Unmarshal(row.Rule, vg.rule); err != nil {
			return videoGate{}, fmt.Errorf("decode stored rule of %s: %w", id, err)
		}
		if enc, err = proto.Marshal(vg.rule); err != nil {
			return videoGate{}, err
		}
		g.rules.Store(vg.hash, vg.rule)
	}
	if g.redis != nil {
		val := vg.owner + "|" + vg.hash + "|" + string(enc)
		setIfUnchanged.Exec(ctx, g.redis, []string{key, g.versionKey(id)},
			[]string{val, version, fmt.Sprint(g.cfg.RuleTTL.Milliseconds())})
	}
	return vg, nil
}

func (g *Checker) decodeVideoGate(v string) (videoGate, error) {
	owner, rest, ok1 := strings.Cut(v, "|")
	hash, enc, ok2 := strings.Cut(rest, "|")
	if !ok1 || !ok2 {
		return videoGate{}, errors.New("malformed cache entry")
	}
	vg := videoGate{owner: owner, hash: hash}
	if hash == "" {
		return vg, nil
	}
	if r, ok := g.rules.Load(hash); ok {
		vg.rule = r.(*gatev1.Rule)
		return vg, nil
	}
	vg.rule = &gatev1.Rule{}
	if err := proto.Unmarshal([]byte(enc), vg.rule); err != nil {
		return videoGate{}, err
	}
	g.rules.Store(hash, vg.rule)
	return vg, nil
}

// forgetVideo drops the cached rule on every server (Redis invalidates
// their client-side copies), bumping the video's version first so that a
// reader that read the old rule cannot cache it again (setIfUnchanged).
func (g *Checker) forgetVideo(ctx context.Context, id uuid.UUID) {
	if g.redis == nil {
		return
	}
	bump := g.redis.B().Incr().Key(g.versionKey(id)).Build()
	expire := g.redis.B().Pexpire().Key(g.versionKey(id)).Milliseconds(24 * time.Hour.Milliseconds()).Build()
	drop := g.redis.B().Del().Key(g.videoKey(id)).Build()
	for _, r := range g.redis.DoMulti(ctx, bump, expire, drop) {
		if err := r.Error(); err != nil {
			g.log.WarnContext(ctx, "gate: could not invalidate a cached rule; it expires on its own", "video", id, "ttl", g.cfg.RuleTTL, "err", err)
			return
		}
	}
}

// answer evaluates the rule for wallet: from the cache, else once per
// (rule, wallet) however many ask at the same time.
func (g *Checker) answer(ctx context.Context, vg videoGate, wallet common.Address) (*gatev1.Evaluation, error) {
	key := g.answerKey(vg.hash, wallet)
	ev, ok, fresh := g.cached(ctx, key, true)
	if ok {
		return ev, nil
	}
	// A flight may have landed between this miss and now.
	if ev, ok := g.recentAnswer(key); ok {
		return ev, nil
	}
	// The caller whose flight runs gets the answer as soon as the chain
	// gives it; callers that joined wait until it is cached too, so that
	// nobody arriving after the flight asks the chain again.
	early := make(chan *gatev1.Evaluation, 1)
	ch := g.flight.DoChan(key, func() (any, error) {
		// The flight serves every caller waiting on it, so the first one
		// leaving must not cancel it.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), g.cfg.CheckTimeout)
		defer cancel()
		// A flight that just landed may have stored the answer while this
		// process still held a cached miss: then ask Redis itself once.
		if !fresh {
			if ev, ok, _ := g.cached(cctx, key, false); ok {
				return ev, nil
			}
		}
		ev := g.evaluate(cctx, vg.rule, wallet)
		early <- ev
		// Remember the answer here, then retire the flight before the
		// slower Redis write: a check arriving meanwhile must find this
		// answer (within its TTL) or start a new flight, never join one
		// whose answer predates its arrival.
		g.remember(key, ev)
		g.flight.Forget(key)
		g.storeAnswer(cctx, key, ev)
		return ev, nil
	})
	select {
	case ev := <-early:
		return ev, nil
	case r := <-ch:
		return r.Val.(*gatev1.Evaluation), r.Err
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, ctx.Err())
	}
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
		return d.(decodedAnswer).ev, true, false
	}
	ev = &gatev1.Evaluation{}
	if err := proto.Unmarshal([]byte(raw), ev); err != nil {
		return nil, false, false
	}
	if g.decodedN.Add(1) > maxDecoded {
		g.decoded.Clear()
		g.decodedN.Store(0)
	}
	g.decoded.Store(key, decodedAnswer{raw: raw, ev: ev})
	return ev, true, false
}

// maxDecoded bounds the decoded answers kept; past it they start over.
const maxDecoded = 100_000

type decodedAnswer struct {
	raw string
	ev  *gatev1.Evaluation
}

// store_ caches a definite answer; an unknown one is never cached.
func (g *Checker) storeAnswer(ctx context.Context, key string, ev *gatev1.Evaluation) {
	var ttl time.Duration
	switch ev.GetOutcome() {
	case held:
		ttl = g.cfg.PositiveTTL
	case notHeld:
		ttl = g.cfg.NegativeTTL
	default:
		return
	}
	if g.redis == nil {
		return
	}
	b, err := proto.Marshal(ev)
	if err != nil {
		return
	}
	if err := g.redis.Do(ctx, g.redis.B().Set().Key(key).Value(rueidis.BinaryString(b)).Px(ttl).Build()).Error(); err != nil {
		g.log.WarnContext(ctx, "gate: redis write failed; the answer is not cached", "err", err)
	}
}

// landedAnswer is a flight's answer, kept in process for its TTL: a caller
// whose cache miss was read just before the flight stored its answer finds
// it here instead of asking the chain again.
type landedAnswer struct {
	ev    *gatev1.Evaluation
	until time.Time
}

func (g *Checker) remember(key string, ev *gatev1.Evaluation) {
	ttl := g.cfg.NegativeTTL
	switch ev.GetOutcome() {
	case held:
		ttl = g.cfg.PositiveTTL
	case notHeld:
	default:
		return
	}
	if g.landedN.Add(1) > maxDecoded {
		g.landed.Clear()
		g.landedN.Store(0)
	}
	g.landed.Store(key, landedAnswer{ev: ev, until: time.Now().Add(ttl)})
}

func (g *Checker) recentAnswer(key string) (*gatev1.Evaluation, bool) {
	v, ok := g.landed.Load(key)
	if !ok {
		return nil, false
	}
	a := v.(landedAnswer)
	if time.Now().After(a.until) {
		g.landed.CompareAndDelete(key, v)
		return nil, false
	}
	return a.ev, true
}
