// Package lifecycle runs a server's background work. Every loop has one
// shape, a func(ctx) error that works until ctx ends; a Group starts the
// loops the server registered and Close cancels them and waits, so no
// loop outlives the server that started it.
package lifecycle

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Loop is background work that runs until ctx ends. It returns nil then;
// an error means it stopped on its own and is logged.
type Loop func(ctx context.Context) error

// Group owns a set of loops.
type Group struct {
	log    *slog.Logger
	mu     sync.Mutex
	loops  []named
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type named struct {
	name string
	run  Loop
}

// New returns an empty group that logs to log.
func New(log *slog.Logger) *Group {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Group{log: log}
}

// Add registers a loop, started by Start; name appears in the logs.
func (g *Group) Add(name string, run Loop) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.loops = append(g.loops, named{name, run})
}

// Start runs every registered loop in its own goroutine.
func (g *Group) Start() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cancel != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	g.cancel = cancel
	for _, l := range g.loops {
		g.wg.Go(func() {
			if err := l.run(ctx); err != nil && ctx.Err() == nil {
				g.log.Error("background loop stopped", "loop", l.name, "err", err)
			}
		})
	}
}

// Close cancels every loop and waits for them to return.
func (g *Group) Close() {
	g.mu.Lock()
	cancel := g.cancel
	g.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	g.wg.Wait()
}

// Every calls fn now and then every interval until ctx ends; it is the
// body of the periodic loops (sweepers, the rescuer). fn reports its own
// failures: one bad round does not stop the loop.
func Every(ctx context.Context, interval time.Duration, fn func(ctx context.Context)) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		fn(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
