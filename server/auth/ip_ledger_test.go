package auth

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// On one replica, an IP the ledger knows gets no more calls admitted in
// a window than its limit leaves, however many arrive at once, and is
// refused once its count, counted or pending, reaches the limit.
func TestIPLedgerBoundsConcurrentCalls(t *testing.T) {
	t.Parallel()
	l := newIPLedger(10, time.Minute)
	now := time.Now()
	if v, _ := l.enter("192.0.2.1", now); v != ipUnknown {
		t.Fatalf("an IP never counted: verdict %d, want unknown (count in Redis first)", v)
	}
	l.counted("192.0.2.1", false, 3, time.Minute, now) // Redis said 3 calls so far
	var admitted, refused atomic.Int64
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			switch v, until := l.enter("192.0.2.1", now); v {
			case ipAdmitted:
				admitted.Add(1)
			case ipRefused:
				if !until.After(now) {
					t.Errorf("refused until %v, not after now", until)
				}
				refused.Add(1)
			default:
				t.Errorf("verdict %d for a known IP", v)
			}
		})
	}
	wg.Wait()
	if admitted.Load() != 7 || refused.Load() != 93 {
		t.Fatalf("%d admitted, %d refused; want 7 (10 - 3) and 93", admitted.Load(), refused.Load())
	}
	// The admitted calls are counted (in any order); the IP stays refused.
	for n := int64(10); n > 3; n-- {
		l.counted("192.0.2.1", true, n, time.Minute-time.Second, now)
	}
	if v, _ := l.enter("192.0.2.1", now); v != ipRefused {
		t.Fatalf("an IP at its limit: verdict %d, want refused", v)
	}
	if over, _ := l.refused("192.0.2.1", now); !over {
		t.Fatal("refused does not report an IP at its limit")
	}
	// Its window ends: unknown again, counted in Redis first.
	later := now.Add(time.Minute)
	if v, _ := l.enter("192.0.2.1", later); v != ipUnknown {
		t.Fatalf("after the window: verdict %d, want unknown", v)
	}
	// A new window's answer replaces the old count.
	l.counted("192.0.2.1", false, 1, time.Minute, later)
	if v, _ := l.enter("192.0.2.1", later); v != ipAdmitted {
		t.Fatalf("in a new window with 1 call: verdict %d, want admitted", v)
	}
}

// A call that gave its place back without an answer (Redis failed) frees
// it, and an IP whose window ended and that holds no place is dropped.
func TestIPLedgerForgets(t *testing.T) {
	t.Parallel()
	l := newIPLedger(2, time.Minute)
	now := time.Now()
	l.counted("192.0.2.2", false, 1, time.Minute, now)
	if v, _ := l.enter("192.0.2.2", now); v != ipAdmitted {
		t.Fatalf("verdict %d, want admitted", v)
	}
	if v, _ := l.enter("192.0.2.2", now); v != ipRefused {
		t.Fatalf("1 counted + 1 pending of 2: verdict %d, want refused", v)
	}
	l.counted("192.0.2.2", true, 0, 0, now) // no answer
	if v, _ := l.enter("192.0.2.2", now); v != ipAdmitted {
		t.Fatalf("after a place came back: verdict %d, want admitted", v)
	}
	l.counted("192.0.2.2", true, 2, time.Second, now.Add(time.Minute))
	if len(l.m) != 0 {
		t.Fatalf("%d IPs kept after their window", len(l.m))
	}
}

// A full ledger remembers no new IP (they are counted in Redis first,
// which only costs a round trip) until a sweep makes room, and sweeps at
// most once a second.
func TestIPLedgerFull(t *testing.T) {
	t.Parallel()
	l := newIPLedger(5, time.Minute)
	l.max = 2
	now := time.Now()
	l.counted("192.0.2.1", false, 1, time.Second, now)
	l.counted("192.0.2.2", false, 1, time.Minute, now)
	l.counted("192.0.2.3", false, 1, time.Minute, now)
	if v, _ := l.enter("192.0.2.3", now); v != ipUnknown {
		t.Fatalf("an IP the full ledger had no room for: verdict %d, want unknown", v)
	}
	// 2 s on, the first IP's window ended: a sweep makes room.
	later := now.Add(2 * time.Second)
	l.counted("192.0.2.3", false, 2, time.Minute, later)
	if v, _ := l.enter("192.0.2.3", later); v != ipAdmitted {
		t.Fatalf("after a sweep: verdict %d, want admitted", v)
	}
}
