package gate

import (
	"errors"
	"sync"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

// flights collapses concurrent evaluations of one key into one, like
// golang.org/x/sync/singleflight, with two differences that singleflight
// cannot give together: the caller that leads a flight runs it on its own
// goroutine (no hand-off on an uncached check's path), and every caller
// that waits on it can give up when its own context ends.
type flights struct {
	mu sync.Mutex
	m  map[string]*flightCall
}

// flightCall is one evaluation in progress; done closes when it lands.
// done is made by the first caller that joins to wait (under flights.mu):
// a flight nobody waits on, as most are, makes no channel.
type flightCall struct {
	done chan struct{}
	ev   *gatev1.Evaluation
	err  error
}

// errLeaderLeft lands a flight whose leading caller went away before the
// chain answered: the callers waiting on it start another.
var errLeaderLeft = errors.New("the check leading this chain read was cancelled")

// join returns key's flight in progress, or a new one that the caller
// leads (lead true) and must land.
func (f *flights) join(key string) (c *flightCall, lead bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c, ok := f.m[key]; ok {
		if c.done == nil {
			c.done = make(chan struct{})
		}
		return c, false
	}
	if f.m == nil {
		f.m = make(map[string]*flightCall)
	}
	c = &flightCall{}
	f.m[key] = c
	return c, true
}

// land retires the flight, so that later callers start their own, and
// hands its result to the callers waiting on it.
func (f *flights) land(key string, c *flightCall, ev *gatev1.Evaluation, err error) {
	f.mu.Lock()
	if f.m[key] == c {
		delete(f.m, key)
	}
	// Under the lock: a caller that joined before the delete made done
	// (and reads ev and err once it closes); none can join after.
	c.ev, c.err = ev, err
	done := c.done
	f.mu.Unlock()
	if done != nil {
		close(done)
	}
}
