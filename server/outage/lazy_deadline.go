package outage

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// lazyDeadline is a request's context with the server's deadline, the
// same to every caller as context.WithDeadlineCause(parent, deadline,
// errServerDeadline), but it makes that timer context only when someone
// needs it: the first Done (a select on the context, a derived
// cancelable context, context.AfterFunc, a dependency call watching it),
// or an Err after the deadline passed or the parent ended. A request
// answered from memory (a cached Authorize, a /play segment or playlist
// from the object cache) never waits on its context, so it skips the
// timer, the cancel context and their registration in net/http's request
// context: about 2 µs of a cached Authorize's CPU on the benchmark
// server. Deadline answers from the stored time, Err from the parent's
// and the clock; both are exact, so the laziness shows only in the one
// case timed explains (the parent's end and the deadline both passed
// before anything looked).
type lazyDeadline struct {
	parent   context.Context
	deadline time.Time
	timer    atomic.Pointer[timedCtx] // nil until needed

	mu       sync.Mutex  // orders making timer with release
	released atomic.Bool // set under mu
}

type timedCtx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// withLazyDeadline returns parent bounded at deadline and its release,
// which must be called when the request ends (as a CancelFunc would).
func withLazyDeadline(parent context.Context, deadline time.Time) (*lazyDeadline, func()) {
	c := &lazyDeadline{parent: parent, deadline: deadline}
	return c, c.release
}

// timed is the real timer context, made at the first call.
func (c *lazyDeadline) timed() *timedCtx {
	if t := c.timer.Load(); t != nil {
		return t
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if t := c.timer.Load(); t != nil {
		return t
	}
	parent := c.parent
	if !time.Now().Before(c.deadline) {
		// Made after the deadline: it is born past it, even if the parent
		// has ended too. Which came first is unknown when nothing looked
		// at the context before both (a real timer would name the parent
		// if it ended first); such a call is past the server's deadline
		// either way, so it is answered as one.
		parent = context.WithoutCancel(parent)
	}
	ctx, cancel := context.WithDeadlineCause(parent, c.deadline, errServerDeadline)
	if c.released.Load() {
		cancel() // used after its request ended: canceled, as before
	}
	t := &timedCtx{ctx: ctx, cancel: cancel}
	c.timer.Store(t)
	return t
}

// release ends the context as a CancelFunc does: a timer context made
// before is canceled, and one made later (by a goroutine that outlived
// the request) is born canceled.
func (c *lazyDeadline) release() {
	c.mu.Lock()
	c.released.Store(true)
	t := c.timer.Load()
	c.mu.Unlock()
	if t != nil {
		t.cancel()
	}
}

// Deadline is the server's deadline; the interceptor only uses a
// lazyDeadline when the parent's own deadline is later or absent.
func (c *lazyDeadline) Deadline() (time.Time, bool) { return c.deadline, true }

// Done makes the timer context: whoever waits on the context needs its
// channel closed at the deadline.
func (c *lazyDeadline) Done() <-chan struct{} { return c.timed().ctx.Done() }

// Err is nil while the parent lives, the deadline is ahead and the
// request has not ended; otherwise it is the timer context's, made now
// if need be (it is then born ended, with the same error and cause as a
// timer that fired or a parent that ended).
func (c *lazyDeadline) Err() error {
	if t := c.timer.Load(); t != nil {
		return t.ctx.Err()
	}
	if c.parent.Err() == nil && time.Now().Before(c.deadline) && !c.released.Load() {
		return nil
	}
	return c.timed().ctx.Err()
}

// Value is the parent's, through the timer context once there is one:
// context.Cause finds the timer context's cause there (Cause calls Err
// first, which makes it once the context has ended).
func (c *lazyDeadline) Value(key any) any {
	if t := c.timer.Load(); t != nil {
		return t.ctx.Value(key)
	}
	return c.parent.Value(key)
}

func (c *lazyDeadline) String() string {
	return "outage.lazyDeadline(" + c.deadline.String() + ")"
}
