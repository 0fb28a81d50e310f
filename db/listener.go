package db

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

var plainChannel = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Subscriber receives one channel's notifications. Both methods run on
// the listener's goroutine and must not block.
type Subscriber interface {
	// Notify is called with the payload of each notification.
	Notify(payload string)
	// Resync is called after every (re)connection has issued its LISTENs:
	// notifications sent while no connection listened were lost, so the
	// subscriber re-reads whatever it watches.
	Resync()
}

// Listener holds the process's one connection in LISTEN and fans its
// notifications out to subscribers by channel. The connection is its own,
// not a pooled one (LISTEN state must not leak into other queries); when
// it fails, Run reconnects with exponential backoff and every subscriber
// resyncs.
type Listener struct {
	pool *pgxpool.Pool
	log  *slog.Logger
	// MinBackoff and MaxBackoff bound the wait between reconnections.
	MinBackoff, MaxBackoff time.Duration

	mu   sync.Mutex
	subs map[string][]Subscriber
	// listening is the channels the current connection listens on, and
	// interrupt ends its wait so that a new channel is listened on too.
	listening map[string]bool
	interrupt context.CancelFunc
}

// NewListener returns a listener that connects with pool's settings; Run
// starts it.
func NewListener(pool *pgxpool.Pool, log *slog.Logger) *Listener {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Listener{pool: pool, log: log, MinBackoff: 100 * time.Millisecond, MaxBackoff: 10 * time.Second,
		subs: map[string][]Subscriber{}}
}

// Listener returns a new listener on the store's pool.
func (s *Store) Listener(log *slog.Logger) *Listener { return NewListener(s.pool, log) }

// Subscribe delivers channel's notifications to sub from now on, before
// or while Run runs. The channel name is a plain lowercase identifier
// (it is written into the LISTEN statement as it is); Subscribe panics on
// anything else, which is a programming error.
func (l *Listener) Subscribe(channel string, sub Subscriber) {
	if !plainChannel.MatchString(channel) {
		panic(fmt.Sprintf("db: channel %q is not a plain identifier", channel))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.subs[channel] = append(l.subs[channel], sub)
	if l.interrupt != nil && !l.listening[channel] {
		l.interrupt()
	}
}

// Run listens until ctx ends, reconnecting after every failure.
func (l *Listener) Run(ctx context.Context) error {
	delay := l.MinBackoff
	for ctx.Err() == nil {
		listened, err := l.session(ctx)
		if ctx.Err() != nil {
			break
		}
		if listened {
			delay = l.MinBackoff
		}
		if err == nil {
			continue // a new channel: listen again at once
		}
		l.log.Warn("postgres listener lost its connection; reconnecting", "err", err, "in", delay)
		select {
		case <-ctx.Done():
		case <-time.After(delay):
		}
		delay = min(delay*2, l.MaxBackoff)
	}
	return nil
}

// session connects, listens on every subscribed channel, resyncs the
// subscribers and delivers notifications until the connection fails
// (an error) or a new channel is subscribed (nil). listened says whether
// it got as far as listening.
func (l *Listener) session(ctx context.Context) (listened bool, err error) {
	conn, err := pgx.ConnectConfig(ctx, l.pool.Config().ConnConfig.Copy())
	if err != nil {
		return false, mapError(err)
	}
	defer conn.Close(context.Background())
	wctx, interrupt := context.WithCancel(ctx)
	defer interrupt()
	channels := l.start(interrupt)
	defer l.stop()
	for _, ch := range channels {
		if _, err := conn.Exec(ctx, "LISTEN "+ch); err != nil {
			return false, mapError(fmt.Errorf("listen %s: %w", ch, err))
		}
	}
	l.each(func(s Subscriber) { s.Resync() })
	for {
		n, err := conn.WaitForNotification(wctx)
		if err != nil {
			if ctx.Err() == nil && wctx.Err() != nil {
				return true, nil
			}
			return true, mapError(err)
		}
		l.mu.Lock()
		subs := slices.Clone(l.subs[n.Channel])
		l.mu.Unlock()
		for _, s := range subs {
			s.Notify(n.Payload)
		}
	}
}

// start records the channels a new connection listens on and how to
// interrupt it.
func (l *Listener) start(interrupt context.CancelFunc) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.listening = map[string]bool{}
	var channels []string
	for ch := range l.subs {
		l.listening[ch] = true
		channels = append(channels, ch)
	}
	l.interrupt = interrupt
	return channels
}

func (l *Listener) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.listening, l.interrupt = nil, nil
}

func (l *Listener) each(fn func(Subscriber)) {
	l.mu.Lock()
	var all []Subscriber
	for _, subs := range l.subs {
		all = append(all, subs...)
	}
	l.mu.Unlock()
	for _, s := range all {
		fn(s)
	}
}
