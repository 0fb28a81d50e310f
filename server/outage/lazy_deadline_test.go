package outage

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

type testKey struct{}

// requestCtx is a context like net/http's request context: values and a
// cancel of its own.
func requestCtx(t *testing.T) (context.Context, context.CancelCauseFunc) {
	ctx, cancel := context.WithCancelCause(context.WithValue(context.Background(), testKey{}, "v"))
	t.Cleanup(func() { cancel(nil) })
	return ctx, cancel
}

// observed is everything a caller can see of a context's end.
type observed struct {
	err, cause error
	done       bool
}

func observe(ctx context.Context) observed {
	o := observed{err: ctx.Err(), cause: context.Cause(ctx)}
	select {
	case <-ctx.Done():
		o.done = true
	default:
	}
	return o
}

// TestLazyDeadlineLikeTimer: in each way a request's context can end (or
// not), a lazyDeadline shows the same Err, Cause and Done as the
// WithDeadlineCause it stands for, whether or not anyone called Done
// before the end.
func TestLazyDeadlineLikeTimer(t *testing.T) {
	t.Parallel()
	parentCause := errors.New("client went away")
	cases := []struct {
		name string
		in   time.Duration // the deadline from now
		end  func(cancelParent context.CancelCauseFunc, release func())
		wait time.Duration // before observing
	}{
		{"live", time.Hour, func(context.CancelCauseFunc, func()) {}, 0},
		{"deadline passed", 20 * time.Millisecond, func(context.CancelCauseFunc, func()) {}, 60 * time.Millisecond},
		{"parent canceled", time.Hour, func(c context.CancelCauseFunc, _ func()) { c(parentCause) }, 0},
		{"released", time.Hour, func(_ context.CancelCauseFunc, r func()) { r() }, 0},
		{"deadline, then parent", 20 * time.Millisecond, func(c context.CancelCauseFunc, _ func()) {
			time.Sleep(60 * time.Millisecond)
			c(parentCause)
		}, 0},
	}
	for _, tc := range cases {
		for _, doneFirst := range []bool{false, true} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				p1, cancel1 := requestCtx(t)
				p2, cancel2 := requestCtx(t)
				dl := time.Now().Add(tc.in)
				want, wantCancel := context.WithDeadlineCause(p1, dl, errServerDeadline)
				got, release := withLazyDeadline(p2, dl)
				if doneFirst {
					_ = want.Done()
					_ = got.Done()
				}
				var wg sync.WaitGroup
				wg.Go(func() { tc.end(cancel1, wantCancel) })
				wg.Go(func() { tc.end(cancel2, release) })
				wg.Wait()
				time.Sleep(tc.wait)
				// A Done channel closes when its timer's goroutine runs: wait
				// for it when the context has ended.
				for _, ctx := range []context.Context{want, got} {
					if ctx.Err() != nil {
						<-ctx.Done()
					}
				}
				if w, g := observe(want), observe(got); w != g {
					t.Errorf("doneFirst=%v: lazy shows %+v, WithDeadlineCause %+v", doneFirst, g, w)
				}
				if d, ok := got.Deadline(); !ok || !d.Equal(dl) {
					t.Errorf("Deadline() = %v, %v; want %v", d, ok, dl)
				}
				if v := got.Value(testKey{}); v != "v" {
					t.Errorf("Value = %v, want the parent's", v)
				}
				wantCancel()
				release()
			})
		}
	}
}

// TestLazyDeadlineDone: a call waiting on Done is woken at the deadline,
// and one waiting when the client goes away is woken then, each with its
// cause.
func TestLazyDeadlineDone(t *testing.T) {
	t.Parallel()
	t.Run("deadline", func(t *testing.T) {
		t.Parallel()
		p, _ := requestCtx(t)
		start := time.Now()
		ctx, release := withLazyDeadline(p, start.Add(50*time.Millisecond))
		defer release()
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("Done not closed at the deadline")
		}
		if waited := time.Since(start); waited < 50*time.Millisecond {
			t.Fatalf("Done closed after %v, before the deadline", waited)
		}
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) || !errors.Is(context.Cause(ctx), errServerDeadline) {
			t.Fatalf("err %v cause %v", ctx.Err(), context.Cause(ctx))
		}
	})
	t.Run("parent", func(t *testing.T) {
		t.Parallel()
		p, cancel := requestCtx(t)
		ctx, release := withLazyDeadline(p, time.Now().Add(time.Hour))
		defer release()
		gone := errors.New("gone")
		time.AfterFunc(20*time.Millisecond, func() { cancel(gone) })
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("Done not closed when the parent ended")
		}
		if !errors.Is(ctx.Err(), context.Canceled) || !errors.Is(context.Cause(ctx), gone) {
			t.Fatalf("err %v cause %v", ctx.Err(), context.Cause(ctx))
		}
	})
}

// TestLazyDeadlineDerived: contexts made under it (a dependency call's
// own timeout, context.AfterFunc) end at its deadline with its cause, and
// with the parent.
func TestLazyDeadlineDerived(t *testing.T) {
	t.Parallel()
	p, cancel := requestCtx(t)
	ctx, release := withLazyDeadline(p, time.Now().Add(40*time.Millisecond))
	defer release()
	child, stop := context.WithTimeout(ctx, time.Hour)
	defer stop()
	if d, _ := child.Deadline(); d.After(time.Now().Add(time.Second)) {
		t.Fatalf("child deadline %v: not the server's", d)
	}
	ran := make(chan struct{})
	context.AfterFunc(ctx, func() { close(ran) })
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("child not ended at the deadline")
	}
	if !errors.Is(context.Cause(child), errServerDeadline) {
		t.Fatalf("child cause %v, want the server's deadline", context.Cause(child))
	}
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("AfterFunc did not run at the deadline")
	}

	ctx2, release2 := withLazyDeadline(p, time.Now().Add(time.Hour))
	defer release2()
	child2, stop2 := context.WithCancel(ctx2)
	defer stop2()
	cancel(errors.New("gone"))
	<-child2.Done()
	if context.Cause(child2).Error() != "gone" {
		t.Fatalf("child cause %v, want the parent's", context.Cause(child2))
	}
}

// TestLazyDeadlineRace is for the race detector: Done, Err, Value and
// Cause from many goroutines while the request ends.
func TestLazyDeadlineRace(t *testing.T) {
	t.Parallel()
	for range 50 {
		p, cancel := requestCtx(t)
		ctx, release := withLazyDeadline(p, time.Now().Add(time.Millisecond))
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				switch i % 4 {
				case 0:
					<-ctx.Done()
				case 1:
					for ctx.Err() == nil {
						time.Sleep(100 * time.Microsecond)
					}
				case 2:
					_ = ctx.Value(testKey{})
					_ = context.Cause(ctx)
				case 3:
					c, stop := context.WithCancel(ctx)
					<-c.Done()
					stop()
				}
			})
		}
		wg.Go(release)
		wg.Go(func() { cancel(nil) })
		wg.Wait()
		if ctx.Err() == nil {
			t.Fatal("ended context with nil Err")
		}
		select {
		case <-ctx.Done():
		default:
			t.Fatal("Err set but Done open")
		}
	}
}
