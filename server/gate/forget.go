package gate

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/redis/rueidis"
)

// Invalidation hooks for the chain watcher (server/revoke): when a
// transfer moves a token that rules name, the answers those rules gave
// the two wallets are dropped from Redis (whose client-side caching then
// drops every replica's copy) and from each replica's own memory (the
// watcher broadcasts the keys; each replica calls ForgetLocal).

// AnswerKeyOf is the cache key of the answer the rule with this hash
// gave wallet: what the watcher drops and broadcasts.
func (g *Checker) AnswerKeyOf(ruleHash string, wallet common.Address) string {
	return g.answerKey(ruleHash, wallet)
}

// ForgetAnswers drops these answers from Redis and from this process.
// Each key is its own command (on Redis Cluster they live in different
// slots); a failure is returned, after every key was tried.
func (g *Checker) ForgetAnswers(ctx context.Context, keys []string) error {
	g.ForgetLocal(keys)
	if g.redis == nil || len(keys) == 0 {
		return nil
	}
	cmds := make(rueidis.Commands, 0, len(keys))
	for _, k := range keys {
		cmds = append(cmds, g.redis.B().Del().Key(k).Build())
	}
	var failed error
	for _, r := range g.redis.DoMulti(ctx, cmds...) {
		if err := r.Error(); err != nil && failed == nil {
			failed = fmt.Errorf("drop cached answers: %w", err)
		}
	}
	return failed
}

// ForgetLocal drops these answers from this process's memory and from
// its queue of answers to write to Redis, and marks every flight in the
// air as stale: a chain read that began before the
// transfer must not be remembered after it.
func (g *Checker) ForgetLocal(keys []string) {
	g.forgets.Add(1)
	g.writes.unqueue(keys, false)
	for _, k := range keys {
		g.landed.Delete(k)
		g.decoded.Delete(k)
	}
}

// ForgetAllLocal drops every answer this process remembers: after its
// broadcast subscription broke, it may have missed invalidations.
func (g *Checker) ForgetAllLocal() {
	g.forgets.Add(1)
	g.writes.unqueue(nil, true)
	g.landed.Clear()
	g.decoded.Clear()
}
