package auth

import (
	"sync"
	"time"
)

// maxLedgerIPs bounds the ledger. An IP it has no room for is counted in
// Redis before any work, as if it were unknown: room only ever saves a
// round trip, it never admits anything.
const maxLedgerIPs = 1 << 16

// ipLedger is what this replica knows of each client IP's count in the
// current Redis window, so that a sign-in from an IP it knows needs no
// Redis round trip before the work: the IP is counted after recovery, in
// the same round trip as the address and the nonce.
//
// An IP this replica knows is admitted while the highest count Redis
// reported for its window (seen) plus the calls admitted here and not
// yet answered for (pending) is under the limit: on one replica, that is
// never more calls with work done than the limit, however many arrive at
// once. Once seen plus pending reaches the limit, the IP is refused here
// until its window ends, before any work and without asking Redis. An IP
// this replica does not know (first call in the window, or no room) is
// counted in Redis first, as before. With several replicas, an IP's calls
// on one replica are counted by the others only through Redis, so across
// N replicas the calls with work done in one window are bounded by the
// limit plus what each replica admitted between two of Redis's answers.
type ipLedger struct {
	limit  int64
	window time.Duration
	max    int

	mu sync.Mutex
	m  map[string]*ipEntry
	// nextSweep spaces out sweeps of a full ledger, so that a flood of
	// new IPs cannot make every call walk it.
	nextSweep time.Time
}

type ipEntry struct {
	reset   time.Time // when the IP's Redis window ends, by this replica's clock
	seen    int64     // the highest count Redis answered within that window
	pending int64     // calls admitted here whose count has not been answered
}

func newIPLedger(limit int64, window time.Duration) *ipLedger {
	return &ipLedger{limit: limit, window: window, max: maxLedgerIPs, m: map[string]*ipEntry{}}
}

// ipVerdict is the ledger's answer before a call's work.
type ipVerdict int

const (
	// ipUnknown: count the IP in Redis before any work.
	ipUnknown ipVerdict = iota
	// ipAdmitted: do the work, then count the IP (ipLedger.counted).
	ipAdmitted
	// ipRefused: over the limit until the returned time.
	ipRefused
)

// enter decides a call from ip at now. ipAdmitted holds a place that
// counted must give back, whatever becomes of the call.
func (l *ipLedger) enter(ip string, now time.Time) (ipVerdict, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.m[ip]
	switch {
	case e == nil || !now.Before(e.reset):
		return ipUnknown, time.Time{}
	case e.seen+e.pending >= l.limit:
		return ipRefused, e.reset
	}
	e.pending++
	return ipAdmitted, time.Time{}
}

// refused reports whether ip is known to be over its limit at now, and
// until when; it admits nothing.
func (l *ipLedger) refused(ip string, now time.Time) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e := l.m[ip]; e != nil && now.Before(e.reset) && e.seen >= l.limit {
		return true, e.reset
	}
	return false, time.Time{}
}

// counted records Redis's answer for one call from ip: the IP's count n
// and the time ttl left in its window, as of now. admitted says the call
// held a place from enter, which it gives back. ttl <= 0 (no answer)
// only gives the place back.
func (l *ipLedger) counted(ip string, admitted bool, n int64, ttl time.Duration, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.m[ip]
	if e != nil && admitted && e.pending > 0 {
		e.pending--
	}
	if ttl > 0 {
		e = l.learn(e, ip, n, now.Add(ttl), now)
	}
	if e != nil && e.pending == 0 && !now.Before(e.reset) {
		delete(l.m, ip)
	}
}

func (l *ipLedger) learn(e *ipEntry, ip string, n int64, reset, now time.Time) *ipEntry {
	if e == nil {
		if len(l.m) >= l.max && !l.sweep(now) {
			return nil
		}
		e = &ipEntry{}
		l.m[ip] = e
	}
	// Within one window the count only grows, but answers can arrive out
	// of order; a window ends only after a whole window, so a reset more
	// than half a window later than the known one is a new window.
	if reset.After(e.reset.Add(l.window / 2)) {
		e.reset, e.seen = reset, n
	} else {
		e.seen = max(e.seen, n)
	}
	return e
}

// sweep drops the IPs whose window ended and that hold no place, and
// reports whether that made room.
func (l *ipLedger) sweep(now time.Time) bool {
	if now.Before(l.nextSweep) {
		return false
	}
	l.nextSweep = now.Add(time.Second)
	for ip, e := range l.m {
		if e.pending == 0 && !now.Before(e.reset) {
			delete(l.m, ip)
		}
	}
	return len(l.m) < l.max
}
