package testenv

import (
	"context"
	"testing"
)

// Run runs a background loop (the shape server/lifecycle runs) until the
// test ends, then cancels it and waits for it to return.
func Run(t testing.TB, loop func(context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := loop(ctx); err != nil && ctx.Err() == nil {
			t.Errorf("background loop stopped: %v", err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}
