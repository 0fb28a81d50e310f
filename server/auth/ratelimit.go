package auth

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"
	"github.com/redis/rueidis"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/types/known/durationpb"
)

// limiter counts calls per client IP and per wallet address in fixed
// windows in Redis. Both counters move in one script, one round trip.
type limiter struct {
	rdb    rueidis.Client
	prefix string
	window time.Duration
	perIP  int64
	perAdr int64
	script *rueidis.Lua
	header string
}

// limitScript increments each key (creating it with the window as TTL)
// and returns the milliseconds to wait until every key over its limit
// resets, or 0 when none is. KEYS[i] pairs with ARGV[i+1] (its limit);
// ARGV[1] is the window in milliseconds.
const limitScript = `
local wait = 0
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if n == 1 or ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  if n > tonumber(ARGV[i + 1]) and ttl > wait then
    wait = ttl
  end
end
return wait`

func newLimiter(rdb rueidis.Client, cfg Config) limiter {
	return limiter{
		rdb: rdb, prefix: cfg.RedisPrefix + "auth:rate:", window: cfg.RateWindow,
		perIP: cfg.RatePerIP, perAdr: cfg.RatePerAddress,
		script: rueidis.NewLuaScript(limitScript), header: cfg.ClientIPHeader,
	}
}

// allow counts one call from ip for address (either may be empty) and
// returns a ResourceExhausted error, with a RetryInfo detail and a
// Retry-After header, when a limit is exceeded.
func (l limiter) allow(ctx context.Context, ip, address string) error {
	keys := make([]string, 0, 2)
	args := []string{strconv.FormatInt(l.window.Milliseconds(), 10)}
	if ip != "" {
		keys, args = append(keys, l.prefix+"ip:"+ip), append(args, strconv.FormatInt(l.perIP, 10))
	}
	if address != "" {
		keys, args = append(keys, l.prefix+"addr:"+strings.ToLower(address)), append(args, strconv.FormatInt(l.perAdr, 10))
	}
	if len(keys) == 0 {
		return nil
	}
	wait, err := l.script.Exec(ctx, l.rdb, keys, args).AsInt64()
	if err != nil {
		return fmt.Errorf("rate limit: %w", err)
	}
	if wait <= 0 {
		return nil
	}
	return rateLimited(time.Duration(wait) * time.Millisecond)
}

func rateLimited(wait time.Duration) error {
	secs := int64((wait + time.Second - 1) / time.Second)
	cerr := connect.NewError(connect.CodeResourceExhausted,
		fmt.Errorf("%w: retry in %ds", ErrRateLimited, secs))
	if d, err := connect.NewErrorDetail(&errdetails.RetryInfo{RetryDelay: durationpb.New(wait)}); err == nil {
		cerr.AddDetail(d)
	}
	cerr.Meta().Set("Retry-After", strconv.FormatInt(secs, 10))
	return cerr
}

// clientIP is the caller's IP: the last entry of the configured proxy
// header when set and present, else the TCP peer.
func (l limiter) clientIP(peer connect.Peer, h http.Header) string {
	if l.header != "" {
		if v := h.Values(l.header); len(v) > 0 {
			parts := strings.Split(v[len(v)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(peer.Addr)
	if err != nil {
		return peer.Addr
	}
	return host
}
