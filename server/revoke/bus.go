package revoke

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/redis/rueidis"
)

// Local is the part of the gate checker a replica's subscription
// drives; *gate.Checker is one.
type Local interface {
	ForgetLocal(keys []string)
	ForgetAllLocal()
}

// Bus broadcasts dropped answer keys to every replica over one Redis
// channel and applies what it hears to this replica's checker.
type Bus struct {
	redis   rueidis.Client
	channel string
	local   Local
	log     *slog.Logger
}

// NewBus returns the broadcast for cfg's channel.
func NewBus(cfg Config, redis rueidis.Client, local Local, log *slog.Logger) *Bus {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Bus{redis: redis, channel: cfg.channel(), local: local, log: log}
}

// maxKeysPerMessage keeps one message small.
const maxKeysPerMessage = 512

// Publish tells every replica to drop these keys from memory.
func (b *Bus) Publish(ctx context.Context, keys []string) error {
	for len(keys) > 0 {
		n := min(len(keys), maxKeysPerMessage)
		msg := strings.Join(keys[:n], "\n")
		if err := b.redis.Do(ctx, b.redis.B().Publish().Channel(b.channel).Message(msg).Build()).Error(); err != nil {
			return fmt.Errorf("publish dropped answers: %w", err)
		}
		keys = keys[n:]
	}
	return nil
}

// Run listens until ctx ends. Whenever the subscription starts again
// after a break, this replica forgets every answer it remembers: it may
// have missed a broadcast meanwhile.
func (b *Bus) Run(ctx context.Context) error {
	backoff := 100 * time.Millisecond
	for {
		started := time.Now()
		sctx := rueidis.WithOnSubscriptionHook(ctx, func(s rueidis.PubSubSubscription) {
			if s.Kind == "subscribe" {
				b.local.ForgetAllLocal()
			}
		})
		err := b.redis.Receive(sctx, b.redis.B().Subscribe().Channel(b.channel).Build(), func(m rueidis.PubSubMessage) {
			b.local.ForgetLocal(strings.Split(m.Message, "\n"))
		})
		b.local.ForgetAllLocal()
		if ctx.Err() != nil {
			return nil
		}
		if time.Since(started) > time.Minute {
			backoff = 100 * time.Millisecond
		}
		b.log.Warn("revoke: broadcast subscription broke; cached answers in this process dropped, resubscribing", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}
