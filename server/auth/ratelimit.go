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
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
)

// limiter counts calls per client IP, and sign-ins per wallet address, in
// fixed windows in Redis. Both counters move in one script, one round trip.
type limiter struct {
	rdb    rueidis.Client
	prefix string
	window time.Duration
	perIP  int64
	perAdr int64
	script *rueidis.Lua
	header string
}

// limitScript counts one call against each rate key and, when no limit
// is exceeded and a nonce key is given, consumes the nonce, in one round
// trip and atomically (GETDEL: of two sign-ins racing with one nonce,
// exactly one gets it).
//
// KEYS[1] is the nonce key or "" for none; KEYS[2..] are rate keys.
// ARGV[1] is the window in milliseconds, ARGV[2] the nonce's expected
// binding, ARGV[2+i] the limit of KEYS[1+i]. It returns {wait, nonce}:
// wait is the milliseconds until every exceeded key resets (0 when none
// is), nonce is 1 when the nonce was live and bound as expected.
const limitScript = `
local wait = 0
for i = 2, #KEYS do
  local n = redis.call('INCR', KEYS[i])
  local ttl = redis.call('PTTL', KEYS[i])
  if n == 1 or ttl < 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  if n > tonumber(ARGV[i + 1]) and ttl > wait then
    wait = ttl
  end
end
if wait > 0 or KEYS[1] == "" then
  return {wait, 0}
end
if redis.call('GETDEL', KEYS[1]) == ARGV[2] then
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

// allow counts one call from ip for address (either may be empty) and
// returns a ResourceExhausted error, with a RetryInfo detail and a
// Retry-After header, when a limit is exceeded.
func (l limiter) allow(ctx context.Context, ip, address string) error {
	_, err := l.run(ctx, ip, address, "", "")
	return err
}

// allowAndConsume is allow, then, within limits, the atomic consumption
// of the nonce key, which must hold binding: ErrNonce otherwise.
func (l limiter) allowAndConsume(ctx context.Context, ip, address, nonceKey, binding string) error {
	ok, err := l.run(ctx, ip, address, nonceKey, binding)
	if err == nil && !ok {
		err = ErrNonce
	}
	return err
}

func (l limiter) run(ctx context.Context, ip, address, nonceKey, binding string) (bool, error) {
	keys := []string{nonceKey}
	args := []string{strconv.FormatInt(l.window.Milliseconds(), 10), binding}
	if ip != "" {
		keys, args = append(keys, l.prefix+"ip:"+ip), append(args, strconv.FormatInt(l.perIP, 10))
	}
	if address != "" {
		keys, args = append(keys, l.prefix+"addr:"+strings.ToLower(address)), append(args, strconv.FormatInt(l.perAdr, 10))
	}
	res, err := l.script.Exec(ctx, l.rdb, keys, args).AsIntSlice()
	if err != nil || len(res) != 2 {
		return false, fmt.Errorf("rate limit: %w", err)
	}
	if res[0] > 0 {
		return false, rateLimitError{wait: time.Duration(res[0]) * time.Millisecond}
	}
	return res[1] == 1, nil
}

// rateLimitError is ErrRateLimited with the wait, which the client gets
// as a RetryInfo detail and a Retry-After header (rpcerr attaches both).
type rateLimitError struct{ wait time.Duration }

func (e rateLimitError) Error() string {
	return fmt.Sprintf("%s: retry in %ds", ErrRateLimited, e.secs())
}

func (e rateLimitError) Unwrap() error { return ErrRateLimited }

// secs is the wait in whole seconds, rounded up.
func (e rateLimitError) secs() int64 { return int64((e.wait + time.Second - 1) / time.Second) }

// ErrorDetails implements rpcerr.Detailer.
func (e rateLimitError) ErrorDetails() []proto.Message {
	return []proto.Message{&errdetails.RetryInfo{RetryDelay: durationpb.New(e.wait)}}
}

// ErrorMeta implements rpcerr.MetaCarrier.
func (e rateLimitError) ErrorMeta() http.Header {
	return http.Header{"Retry-After": {strconv.FormatInt(e.secs(), 10)}}
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
