// Package redistrace traces a rueidis client for internal/tracing: a
// client span per command or pipeline made inside a recording span. It is
// apart from tracing so that the worker, which has no Redis, does not link
// rueidis. (rueidis's own rueidisotel is not a module this build can get.)
package redistrace

import (
	"context"
	"time"

	"github.com/redis/rueidis"
	"go.opentelemetry.io/otel/attribute"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/streamgate/streamgate/internal/tracing"
)

// Wrap wraps c so that each command (Do, DoCache) or pipeline (DoMulti,
// DoMultiCache) made under a recording span gets a client span named
// after the command, except reads the client-side cache answered. Keys and arguments are not recorded: keys name
// wallets and sessions. Everything else passes through to c.
func Wrap(c rueidis.Client) rueidis.Client { return redisClient{c} }

type redisClient struct{ rueidis.Client }

var redisSystem = semconv.DBSystemNameRedis

func startRedis(ctx context.Context, name string, batch int) (context.Context, trace.Span) {
	return tracing.Start(ctx, name, trace.SpanKindClient, redisAttrs(name, batch)...)
}

func startRedisAt(ctx context.Context, name string, batch int, start time.Time) (context.Context, trace.Span) {
	return tracing.StartAt(ctx, name, trace.SpanKindClient, start, redisAttrs(name, batch)...)
}

func redisAttrs(name string, batch int) []attribute.KeyValue {
	attrs := []attribute.KeyValue{redisSystem, semconv.DBOperationName(name)}
	if batch > 1 {
		attrs = append(attrs, semconv.DBOperationBatchSize(batch))
	}
	return attrs
}

func commandName(cmd []string) string {
	if len(cmd) == 0 {
		return "redis"
	}
	return cmd[0]
}

func (c redisClient) Do(ctx context.Context, cmd rueidis.Completed) rueidis.RedisResult {
	if !trace.SpanFromContext(ctx).IsRecording() {
		return c.Client.Do(ctx, cmd)
	}
	ctx, span := startRedis(ctx, commandName(cmd.Commands()), 1)
	res := c.Client.Do(ctx, cmd)
	endRedis(span, res)
	return res
}

// DoCache makes a span only for a read that went to Redis: one the
// client-side cache answered is a map lookup in this process, and a span
// for it (its attributes, its export) would cost a cached gate check more
// than the read itself.
func (c redisClient) DoCache(ctx context.Context, cmd rueidis.Cacheable, ttl time.Duration) rueidis.RedisResult {
	if !trace.SpanFromContext(ctx).IsRecording() {
		return c.Client.DoCache(ctx, cmd, ttl)
	}
	name, start := commandName(cmd.Commands()), time.Now() // rueidis recycles cmd
	res := c.Client.DoCache(ctx, cmd, ttl)
	if res.IsCacheHit() {
		return res
	}
	_, span := startRedisAt(ctx, name, 1, start)
	endRedis(span, res)
	return res
}

func (c redisClient) DoMulti(ctx context.Context, multi ...rueidis.Completed) []rueidis.RedisResult {
	if !trace.SpanFromContext(ctx).IsRecording() || len(multi) == 0 {
		return c.Client.DoMulti(ctx, multi...)
	}
	ctx, span := startRedis(ctx, pipelineName(len(multi), commandName(multi[0].Commands())), len(multi))
	res := c.Client.DoMulti(ctx, multi...)
	endRedisMulti(span, res)
	return res
}

// DoMultiCache, like DoCache, makes a span only when some read went to
// Redis.
func (c redisClient) DoMultiCache(ctx context.Context, multi ...rueidis.CacheableTTL) []rueidis.RedisResult {
	if !trace.SpanFromContext(ctx).IsRecording() || len(multi) == 0 {
		return c.Client.DoMultiCache(ctx, multi...)
	}
	name, start := pipelineName(len(multi), commandName(multi[0].Cmd.Commands())), time.Now() // rueidis recycles the commands
	res := c.Client.DoMultiCache(ctx, multi...)
	if allCacheHits(res) {
		return res
	}
	_, span := startRedisAt(ctx, name, len(multi), start)
	endRedisMulti(span, res)
	return res
}

func allCacheHits(res []rueidis.RedisResult) bool {
	for _, r := range res {
		if !r.IsCacheHit() {
			return false
		}
	}
	return true
}

func pipelineName(n int, first string) string {
	if n == 1 {
		return first
	}
	return "PIPELINE " + first
}

// endRedis ends span; a nil reply is an answer, not an error.
func endRedis(span trace.Span, res rueidis.RedisResult) {
	err := res.Error()
	if rueidis.IsRedisNil(err) {
		err = nil
	}
	tracing.End(span, err)
}

func endRedisMulti(span trace.Span, res []rueidis.RedisResult) {
	for _, r := range res {
		if err := r.Error(); err != nil && !rueidis.IsRedisNil(err) {
			tracing.End(span, err)
			return
		}
	}
	tracing.End(span, nil)
}
