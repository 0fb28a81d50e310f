package gate

import (
	"errors"
	"sync"
	"testing"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

// TestFlightWaiters: callers that join a flight get its leader's answer
// (the channel they wait on is made by the first of them); a flight with
// no waiter lands without one; a landed key starts a new flight.
func TestFlightWaiters(t *testing.T) {
	var f flights
	c, lead := f.join("k")
	if !lead || c.done != nil {
		t.Fatalf("first join: lead %v, done %v; want a leader and no channel", lead, c.done)
	}
	const waiters = 8
	var joined, wg sync.WaitGroup
	got := make([]*gatev1.Evaluation, waiters)
	errs := make([]error, waiters)
	joined.Add(waiters)
	for i := range waiters {
		wg.Go(func() {
			w, lead := f.join("k")
			joined.Done()
			if lead {
				errs[i] = errors.New("a second leader")
				return
			}
			<-w.done
			got[i], errs[i] = w.ev, w.err
		})
	}
	joined.Wait()
	ev := &gatev1.Evaluation{Outcome: held}
	f.land("k", c, ev, nil)
	wg.Wait()
	for i := range waiters {
		if errs[i] != nil || got[i] != ev {
			t.Fatalf("waiter %d: %v, %v; want the leader's answer", i, got[i], errs[i])
		}
	}
	// Landed: the next caller leads a new flight, which lands with no
	// waiter and no channel.
	c2, lead := f.join("k")
	if !lead || c2 == c {
		t.Fatal("a landed flight was joined")
	}
	f.land("k", c2, ev, errLeaderLeft)
	if c2.done != nil || !errors.Is(c2.err, errLeaderLeft) {
		t.Fatalf("lone flight: done %v, err %v", c2.done, c2.err)
	}
	if len(f.m) != 0 {
		t.Fatalf("%d flights left", len(f.m))
	}
}
