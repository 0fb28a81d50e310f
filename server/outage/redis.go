package outage

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"time"

	"github.com/redis/rueidis"
)

// ErrRedisUnavailable wraps every Redis failure that is not Redis's own
// answer (a reply error, a nil): a refused, lost or silent connection.
// The server's error table maps it to Unavailable.
var ErrRedisUnavailable = errors.New("redis unavailable")

// RedisOption bounds a Redis client: dialing and every reply wait at
// Config.Redis (rueidis closes a connection whose replies or keep-alive
// PINGs stall that long, failing what it carried), and no silent
// retrying of read-only commands until the caller's deadline: callers
// fall back or fail at once instead.
func (c Config) RedisOption(opt rueidis.ClientOption) rueidis.ClientOption {
	opt.Dialer = net.Dialer{Timeout: c.Redis, KeepAlive: opt.Dialer.KeepAlive}
	opt.ConnWriteTimeout = c.Redis
	opt.DisableRetry = true
	return opt
}

// Redis is a rueidis.Client that remembers a failure: for
// Config.RedisRecheck after one, calls fail at once with
// ErrRedisUnavailable instead of each waiting for a dead server; the
// first call after that tries Redis again, so recovery needs nothing.
// Pub/sub and dedicated connections pass through.
type Redis struct {
	rueidis.Client
	timeout   time.Duration
	recheck   time.Duration
	downUntil atomic.Int64 // unix nanoseconds
}

// NewRedis wraps client: every call waits at most Config.Redis (rueidis
// itself notices a silent connection only after a few of its timeouts).
func NewRedis(client rueidis.Client, cfg Config) *Redis {
	return &Redis{Client: client, timeout: cfg.Redis, recheck: cfg.RedisRecheck}
}

// bound gives ctx the per-call timeout unless its own deadline is sooner.
func (r *Redis) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if d, ok := ctx.Deadline(); ok && time.Until(d) <= r.timeout {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, r.timeout, errRedisTimeout)
}

// boundCached is bound for reads that the client-side cache mostly
// answers from memory (the gate's cached checks): a context that has a
// deadline (every request's has) is left alone, since a new timer per
// call would cost those checks a fifth of their time. On a silent
// connection such a read waits for rueidis to notice, one keep-alive
// (1 s) plus --redis-timeout, or for its deadline.
func (r *Redis) boundCached(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, r.timeout, errRedisTimeout)
}

var errRedisTimeout = errors.New("redis call timed out")

// Do implements rueidis.Client.
func (r *Redis) Do(ctx context.Context, cmd rueidis.Completed) rueidis.RedisResult {
	if err := r.down(); err != nil {
		return rueidis.NewErrorResult(err)
	}
	ctx, cancel := r.bound(ctx)
	defer cancel()
	return r.seen(ctx, r.Client.Do(ctx, cmd))
}

// DoCache implements rueidis.Client.
func (r *Redis) DoCache(ctx context.Context, cmd rueidis.Cacheable, ttl time.Duration) rueidis.RedisResult {
	if err := r.down(); err != nil {
		return rueidis.NewErrorResult(err)
	}
	ctx, cancel := r.boundCached(ctx)
	defer cancel()
	return r.seen(ctx, r.Client.DoCache(ctx, cmd, ttl))
}

// DoMulti implements rueidis.Client.
func (r *Redis) DoMulti(ctx context.Context, cmds ...rueidis.Completed) []rueidis.RedisResult {
	if err := r.down(); err != nil {
		return failAll(len(cmds), err)
	}
	ctx, cancel := r.bound(ctx)
	defer cancel()
	res := r.Client.DoMulti(ctx, cmds...)
	for i := range res {
		res[i] = r.seen(ctx, res[i])
	}
	return res
}

// DoMultiCache implements rueidis.Client.
func (r *Redis) DoMultiCache(ctx context.Context, multi ...rueidis.CacheableTTL) []rueidis.RedisResult {
	if err := r.down(); err != nil {
		return failAll(len(multi), err)
	}
	ctx, cancel := r.boundCached(ctx)
	defer cancel()
	res := r.Client.DoMultiCache(ctx, multi...)
	for i := range res {
		res[i] = r.seen(ctx, res[i])
	}
	return res
}

func failAll(n int, err error) []rueidis.RedisResult {
	res := make([]rueidis.RedisResult, n)
	for i := range res {
		res[i] = rueidis.NewErrorResult(err)
	}
	return res
}

// down returns an error while a recent failure says Redis is down.
func (r *Redis) down() error {
	until := r.downUntil.Load()
	if until == 0 || time.Now().UnixNano() >= until {
		return nil
	}
	return ErrRedisUnavailable
}

// seen passes res on, marking Redis down and wrapping the error when it
// failed for a reason other than its own answer or the caller leaving.
func (r *Redis) seen(ctx context.Context, res rueidis.RedisResult) rueidis.RedisResult {
	err := res.Error()
	if err == nil || rueidis.IsRedisNil(err) {
		return res
	}
	if _, ok := rueidis.IsRedisErr(err); ok {
		return res
	}
	if cause := context.Cause(ctx); ctx.Err() == nil || errors.Is(cause, errServerDeadline) || errors.Is(cause, errRedisTimeout) {
		r.downUntil.Store(time.Now().Add(r.recheck).UnixNano())
	}
	return rueidis.NewErrorResult(&redisError{cause: err})
}

// redisError is ErrRedisUnavailable with the client's error kept for
// logs and errors.As; its message is the sentinel's only, because it
// may reach a client and the cause names hosts and ports.
type redisError struct{ cause error }

func (e *redisError) Error() string   { return ErrRedisUnavailable.Error() }
func (e *redisError) Unwrap() []error { return []error{ErrRedisUnavailable, e.cause} }
