package auth

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"connectrpc.com/connect"
	"github.com/redis/rueidis"

	"github.com/streamgate/streamgate/server/clientip"
	"github.com/streamgate/streamgate/server/rpcerr"
)

// limiter counts calls per client IP, and sign-ins per wallet address, in
// fixed windows in Redis, one script run (one round trip) per count.
type limiter struct {
	rdb    rueidis.Client
	prefix string
	window time.Duration
	perIP  int64
	perAdr int64
	script *rueidis.Lua
	header string
}

// limitScript counts one call against a rate key and, when the limit is
// not exceeded and a nonce key is given, consumes the nonce, atomically
// (GETDEL: of two sign-ins racing with one nonce, exactly one gets it).
// Both keys carry the same Redis Cluster hash tag (the address), so the
// script runs on one node of a cluster.
//
// KEYS[1] is the rate key, KEYS[2] (optional) the nonce key. ARGV[1] is
// the window in milliseconds, ARGV[2] the limit, ARGV[3] the nonce's
// expected binding. It returns {wait, nonce}: wait is the milliseconds
// until the exceeded key resets (0 when it is not exceeded), nonce is 1
// when the nonce was live and bound as expected.
const limitScript = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if n > tonumber(ARGV[2]) then
  return {math.max(ttl, 1), 0}
end
if #KEYS < 2 then
  return {0, 0}
end
if redis.call('GETDEL', KEYS[2]) == ARGV[3] then
  return {0, 1}
end
return {0, 0}`

func newLimiter(rdb rueidis.Client, cfg Config) limiter {
	return limiter{
		rdb: rdb, prefix: cfg.RedisPrefix + "auth:rate:", window: cfg.RateWindow,
		perIP: cfg.RatePerIP, perAdr: cfg.RatePerAddress,
		script: rueidis.NewLuaScript(limitScript), header: cfg.ClientIPHeader,
	}
}

// allowIP counts one call from ip and returns a ResourceExhausted error,
// with a RetryInfo detail and a Retry-After header, when its limit is
// exceeded.
func (l limiter) allowIP(ctx context.Context, ip string) error {
	_, err := l.run(ctx, []string{l.prefix + "ip:" + ip}, l.perIP, "")
	return err
}

// allowAndConsume counts one sign-in for address, then, within its
// limit, consumes the nonce key (which must carry the address's hash
// tag, nonces.key), which must hold binding: ErrNonce otherwise.
func (l limiter) allowAndConsume(ctx context.Context, address, nonceKey, binding string) error {
	ok, err := l.run(ctx, []string{l.prefix + "addr:" + addrTag(address), nonceKey}, l.perAdr, binding)
	if err == nil && !ok {
		err = ErrNonce
	}
	return err
}

func (l limiter) run(ctx context.Context, keys []string, limit int64, binding string) (bool, error) {
	args := []string{strconv.FormatInt(l.window.Milliseconds(), 10), strconv.FormatInt(limit, 10), binding}
	res, err := l.script.Exec(ctx, l.rdb, keys, args).AsIntSlice()
	if err != nil || len(res) != 2 {
		return false, fmt.Errorf("rate limit: %w", err)
	}
	if res[0] > 0 {
		return false, rpcerr.RetryAfter(ErrRateLimited, time.Duration(res[0])*time.Millisecond)
	}
	return res[1] == 1, nil
}

// clientIP is the caller's IP: the last entry of the configured proxy
// header when set and present, else the TCP peer.
func (l limiter) clientIP(peer connect.Peer, h http.Header) string {
	return clientip.Of(l.header, peer, h)
}
