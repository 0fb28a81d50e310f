package gate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/redis/rueidis"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

// The rule cache: each video's owner and rule, read from the database
// once and kept in Redis (and, through client-side caching, in this
// process's memory) until a rule change drops it on every server. Redis
// layout, under the configured prefix (the braces are literal: the video
// id is both keys' Redis Cluster hash tag, since setIfUnchanged's script
// touches both and a cluster runs a script only on keys of one slot):
//
//	gate:v1:video:{<id>}       "owner|hash|rule" (proto binary); "owner||" when ungated
//	gate:v1:ver:{<id>}         bumped by every rule change, before the cached rule is dropped
//
// The answers the rules give are cached apart (answer_cache.go).

type videoGate struct {
	owner string
	hash  string
	rule  *gatev1.Rule
}

func (g *Checker) videoKey(id uuid.UUID) string {
	return g.cfg.RedisPrefix + "gate:v1:video:{" + id.String() + "}"
}

func (g *Checker) versionKey(id uuid.UUID) string {
	return g.cfg.RedisPrefix + "gate:v1:ver:{" + id.String() + "}"
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

// videoKeyOf returns videoKey(id), built once per video: a check served
// from memory builds no key. (The command itself is built per call: a
// pinned command would be force-recycled by rueidis's standalone client
// with replica redirects.)
func (g *Checker) videoKeyOf(id uuid.UUID) string {
	if k, ok := g.videoKeys.Load(id); ok {
		return k.(string)
	}
	k := g.videoKey(id)
	g.videoKeys.Store(id, k)
	return k
}

// videoGate returns the video's owner and rule, from the cache when it can.
func (g *Checker) videoGate(ctx context.Context, id uuid.UUID) (videoGate, error) {
	key := g.videoKeyOf(id)
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
		return videoGate{}, fmt.Errorf("read video %s: %w", id, err)
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
