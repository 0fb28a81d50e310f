package lifecycle_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/streamgate/streamgate/server/lifecycle"
)

// Close cancels every loop and returns only once each has returned.
func TestCloseWaitsForEveryLoop(t *testing.T) {
	t.Parallel()
	g := lifecycle.New(nil)
	var running, ended atomic.Int32
	for range 3 {
		g.Add("loop", func(ctx context.Context) error {
			running.Add(1)
			<-ctx.Done()
			time.Sleep(20 * time.Millisecond)
			ended.Add(1)
			return nil
		})
	}
	g.Start()
	for running.Load() < 3 {
		time.Sleep(time.Millisecond)
	}
	g.Close()
	if n := ended.Load(); n != 3 {
		t.Fatalf("%d loops ended before Close returned, want 3", n)
	}
}

// Every runs at once, then on every tick, and stops with its context.
func TestEvery(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var rounds atomic.Int32
	done := make(chan error, 1)
	go func() {
		done <- lifecycle.Every(ctx, 5*time.Millisecond, func(context.Context) {
			if rounds.Add(1) == 3 {
				cancel()
			}
		})
	}()
	select {
	case err := <-done:
		if err != nil || rounds.Load() != 3 {
			t.Fatalf("Every: %v after %d rounds", err, rounds.Load())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Every did not stop with its context")
	}
}
