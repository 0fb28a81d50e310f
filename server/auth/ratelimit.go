package auth

import (
	"context"
	"crypto/sha1" //nolint:gosec // Redis names scripts by SHA-1 (EVALSHA); nothing here relies on it resisting collisions
	"encoding/hex"
	"errors"
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
// fixed windows in Redis. The ledger remembers each IP's count on this
// replica, so that a sign-in from an IP it knows is counted after the
// work, in the one round trip that also counts the address and consumes
// the nonce, and an IP known to be over its limit is refused before
// anything, without asking Redis (ipLedger).
type limiter struct {
	rdb    rueidis.Client
	prefix string
	script *rueidis.Lua
	sha    string
	header string
	ips    *ipLedger
	// The script's arguments, formatted once.
	window, perIP, perAdr string
}

// limitScript counts one call against a rate key and, when the limit is
// not exceeded and a nonce key is given, consumes the nonce, atomically
// (GETDEL: of two sign-ins racing with one nonce, exactly one gets it).
// Both keys carry the same Redis Cluster hash tag (the address), so the
// script runs on one node of a cluster.
//
// KEYS[1] is the rate key, KEYS[2] (optional) the nonce key. ARGV[1] is
// the window in milliseconds, ARGV[2] the limit, ARGV[3] the nonce's
// expected binding. It returns {wait, nonce, count, ttl}: wait is the
// milliseconds until the exceeded key resets (0 when it is not
// exceeded), nonce is 1 when the nonce was live and bound as expected,
// count is the key's count with this call, ttl the milliseconds left in
// its window.
const limitScript = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
ttl = math.max(ttl, 1)
if n > tonumber(ARGV[2]) then
  return {ttl, 0, n, ttl}
end
if #KEYS < 2 then
  return {0, 0, n, ttl}
end
if redis.call('GETDEL', KEYS[2]) == ARGV[3] then
  return {0, 1, n, ttl}
end
return {0, 0, n, ttl}`

// settleTimeout bounds counting an IP after its call failed, on a
// context its caller can no longer cancel: a client that hangs up after
// the work must not escape the count.
const settleTimeout = 5 * time.Second

func newLimiter(rdb rueidis.Client, cfg Config) limiter {
	sum := sha1.Sum([]byte(limitScript)) //nolint:gosec // see the import
	return limiter{
		rdb: rdb, prefix: cfg.RedisPrefix + "auth:rate:",
		script: rueidis.NewLuaScript(limitScript), sha: hex.EncodeToString(sum[:]),
		header: cfg.ClientIPHeader, ips: newIPLedger(cfg.RatePerIP, cfg.RateWindow),
		window: strconv.FormatInt(cfg.RateWindow.Milliseconds(), 10),
		perIP:  strconv.FormatInt(cfg.RatePerIP, 10), perAdr: strconv.FormatInt(cfg.RatePerAddress, 10),
	}
}

// count is the script's answer.
type count struct {
	wait, ttl time.Duration
	n         int64
	consumed  bool
}

func (c count) refusal() error {
	if c.wait > 0 {
		return rpcerr.RetryAfter(ErrRateLimited, c.wait)
	}
	return nil
}

func readCount(res rueidis.RedisResult) (count, error) {
	v, err := res.AsIntSlice()
	if err != nil {
		return count{}, fmt.Errorf("rate limit: %w", err)
	}
	if len(v) != 4 {
		return count{}, fmt.Errorf("rate limit: the script answered %d values, want 4", len(v))
	}
	ms := time.Millisecond
	return count{wait: time.Duration(v[0]) * ms, consumed: v[1] == 1, n: v[2], ttl: time.Duration(v[3]) * ms}, nil
}

func (l limiter) ipKey(ip string) string { return l.prefix + "ip:" + ip }

// allowIP counts one call from ip before its work and returns a
// ResourceExhausted error, with a RetryInfo detail and a Retry-After
// header, when its limit is exceeded, or already known to be.
func (l limiter) allowIP(ctx context.Context, ip string) error {
	if over, until := l.ips.refused(ip, time.Now()); over {
		return rpcerr.RetryAfter(ErrRateLimited, time.Until(until))
	}
	c, err := readCount(l.script.Exec(ctx, l.rdb, []string{l.ipKey(ip)}, []string{l.window, l.perIP, ""}))
	if err != nil {
		return err
	}
	l.ips.counted(ip, false, c.n, c.ttl, time.Now())
	return c.refusal()
}

// ipPass is a sign-in's standing with its client IP's limit, from
// enterIP on: owed when the ledger admitted it uncounted, so that
// allowAndConsume or settle must count it.
type ipPass struct {
	ip   string
	owed bool
}

// enterIP lets a sign-in from ip start its work: at once when the ledger
// knows the IP is under its limit (the pass is then owed), after a
// count in Redis when it does not know the IP, never when it knows the
// IP is over.
func (l limiter) enterIP(ctx context.Context, ip string) (ipPass, error) {
	now := time.Now()
	switch v, until := l.ips.enter(ip, now); v {
	case ipRefused:
		return ipPass{}, rpcerr.RetryAfter(ErrRateLimited, until.Sub(now))
	case ipAdmitted:
		return ipPass{ip: ip, owed: true}, nil
	}
	return ipPass{ip: ip}, l.allowIP(ctx, ip)
}

// settle counts a sign-in that failed before allowAndConsume, when its
// pass is owed, and returns what to answer: the rate limit when that
// count exceeded it, cause otherwise.
func (l limiter) settle(ctx context.Context, p ipPass, cause error) error {
	if !p.owed {
		return cause
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	c, err := readCount(l.script.Exec(ctx, l.rdb, []string{l.ipKey(p.ip)}, []string{l.window, l.perIP, ""}))
	l.ips.counted(p.ip, true, c.n, c.ttl, time.Now())
	if err == nil && c.wait > 0 {
		return c.refusal()
	}
	return cause
}

// allowAndConsume counts one sign-in for the address whose hash tag is
// tag (addrTag), then, within its limit, consumes the nonce key (which
// must carry the same tag, nonces.key), which must hold binding: ErrNonce otherwise. When p
// is owed, the IP is counted in the same round trip (a pipeline of two
// scripts, as the IP's key lives in another Redis Cluster slot), and its
// limit refuses the sign-in too.
func (l limiter) allowAndConsume(ctx context.Context, p ipPass, tag, nonceKey, binding string) error {
	addr := []string{l.prefix + "addr:" + tag, nonceKey}
	var c count
	var err error
	if !p.owed {
		c, err = readCount(l.script.Exec(ctx, l.rdb, addr, []string{l.window, l.perAdr, binding}))
	} else {
		c, err = l.countBoth(ctx, p, addr, binding)
	}
	switch {
	case err != nil:
		return err
	case c.wait > 0:
		return c.refusal()
	case !c.consumed:
		return ErrNonce
	}
	return nil
}

// countBoth runs the IP's count and the address's script in one round
// trip and returns the address's answer, or the IP's refusal.
func (l limiter) countBoth(ctx context.Context, p ipPass, addr []string, binding string) (count, error) {
	res := l.evalMulti(ctx, [][]string{{l.ipKey(p.ip)}, addr}, [][]string{{l.window, l.perIP, ""}, {l.window, l.perAdr, binding}})
	ip, ipErr := readCount(res[0])
	if ipErr != nil {
		// The count may not have run (the caller left, Redis failed):
		// count again where the caller cannot cancel it. Counting twice
		// only errs towards refusing.
		return count{}, errors.Join(ipErr, l.settle(ctx, p, nil))
	}
	l.ips.counted(p.ip, true, ip.n, ip.ttl, time.Now())
	if ip.wait > 0 {
		return count{}, ip.refusal()
	}
	return readCount(res[1])
}

// evalMulti runs limitScript once per keys and args, in one pipeline,
// by its SHA-1; a node that lost its scripts (NOSCRIPT, after a restart)
// gets the script itself.
func (l limiter) evalMulti(ctx context.Context, keys, args [][]string) []rueidis.RedisResult {
	cmds := make(rueidis.Commands, len(keys))
	for i := range keys {
		cmds[i] = l.rdb.B().Evalsha().Sha1(l.sha).Numkeys(int64(len(keys[i]))).Key(keys[i]...).Arg(args[i]...).Build()
	}
	res := l.rdb.DoMulti(ctx, cmds...)
	for i := range res {
		if e, ok := rueidis.IsRedisErr(res[i].Error()); ok && e.IsNoScript() {
			res[i] = l.script.Exec(ctx, l.rdb, keys[i], args[i])
		}
	}
	return res
}

// clientIP is the caller's IP: the last entry of the configured proxy
// header when set and present, else the TCP peer.
func (l limiter) clientIP(peer connect.Peer, h http.Header) string {
	return clientip.Of(l.header, peer, h)
}
