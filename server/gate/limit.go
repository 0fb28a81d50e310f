package gate

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/redis/rueidis"

	"github.com/streamgate/streamgate/server/rpcerr"
)

// Rate limits on checks that must read the chain, per caller and per
// video, in fixed windows in Redis (every replica shares them). Redis
// layout, under the configured prefix:
//
//	gate:v1:rate:caller:<addr>  checks by a caller in this window
//	gate:v1:rate:video:<id>     checks of a video in this window
//
// A cached answer costs nothing and is never limited; nor are the
// checks playback makes in-process (Authorize has its own limits).

// rateScript counts one check against KEYS[1] and returns the
// milliseconds until it resets when it is over its limit, else 0. ARGV[1]
// is the window, ARGV[2] the limit. It takes one key, so that each run
// stays on one Redis Cluster node (a caller's and a video's keys hash to
// different slots).
var rateScript = rueidis.NewLuaScript(`
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if n > tonumber(ARGV[2]) then
  return ttl
end
return 0`)

// limited names who a check counts against; the service puts it on the
// context of CheckAccess and ExplainAccess.
type limited struct {
	caller string
	video  uuid.UUID
}

type limitedKey struct{}

func withLimits(ctx context.Context, caller string, video uuid.UUID) context.Context {
	return context.WithValue(ctx, limitedKey{}, limited{caller: strings.ToLower(caller), video: video})
}

// limit counts a check that must read the chain against its caller and
// its video. With Redis down it lets the check through (logged): the
// per-check budget and the shared slots still bound what it costs.
func (g *Checker) limit(ctx context.Context) error {
	l, ok := ctx.Value(limitedKey{}).(limited)
	if !ok || g.redis == nil {
		return nil
	}
	p := g.cfg.RedisPrefix + "gate:v1:rate:"
	window := strconv.FormatInt(g.cfg.RateWindow.Milliseconds(), 10)
	var wait int64
	for _, r := range rateScript.ExecMulti(ctx, g.redis,
		rueidis.LuaExec{Keys: []string{p + "caller:" + l.caller}, Args: []string{window, strconv.FormatInt(g.cfg.RatePerCaller, 10)}},
		rueidis.LuaExec{Keys: []string{p + "video:" + l.video.String()}, Args: []string{window, strconv.FormatInt(g.cfg.RatePerVideo, 10)}},
	) {
		w, err := r.AsInt64()
		if err != nil {
			g.log.WarnContext(ctx, "gate: rate limit not counted; Redis failed", "err", err)
			return nil
		}
		wait = max(wait, w)
	}
	if wait > 0 {
		return rpcerr.RetryAfter(ErrRateLimited, time.Duration(wait)*time.Millisecond)
	}
	return nil
}
