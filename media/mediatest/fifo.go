//go:build unix

// Package mediatest holds test helpers that show what ffprobe opened.
package mediatest

import (
	"errors"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Trap makes a FIFO at path and reports whether any process opened it for
// reading while the test ran. It looks every millisecond with a
// non-blocking open for writing, which succeeds only while a reader has the
// FIFO open or waits in open, and fails with ENXIO otherwise. A reader
// stays blocked in open until a writer comes, and the only writer is the
// trap, so no reader can come and go unseen: "not opened" is certain, not
// a matter of timing. When the trap sees a reader it closes at once, and
// the reader reads end-of-file.
func Trap(t testing.TB, path string) (opened func() bool) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	var seen atomic.Bool
	done, stopped := make(chan struct{}), make(chan struct{})
	look := func() {
		fd, err := syscall.Open(path, syscall.O_WRONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		switch {
		case err == nil:
			seen.Store(true)
			syscall.Close(fd)
		case !errors.Is(err, syscall.ENXIO):
			t.Errorf("watch FIFO %s: %v", path, err)
		}
	}
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				look()
			}
		}
	}()
	t.Cleanup(func() {
		close(done)
		<-stopped
	})
	return func() bool {
		look()
		return seen.Load()
	}
}
