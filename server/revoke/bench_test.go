package revoke_test

import (
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkRevocationLatency measures, on two replicas, the time from a
// transfer being mined until the seller's Renew is refused everywhere:
// with the chain watcher (poll interval 250ms, one-hour positive TTL),
// and with today's cache TTL alone (--gate-positive-ttl 5s, the answer
// cached just before). Each iteration starts both stacks; run it with
// -benchtime=1x and several -count. The watched figure includes the
// key fetch too, which the TTL-only setup never gates.
func BenchmarkRevocationLatency(b *testing.B) {
	const ttl = 5 * time.Second
	for range b.N {
		// The order alternates from one run (-count) to the next.
		var watched, ttlOnly time.Duration
		measure := []func(){
			func() { watched = worst(revocationStack(b, true).transferAndWaitFor(b, 30*time.Second, true)) },
			func() { ttlOnly = worst(revocationStackTTL(b, false, ttl).transferAndWaitFor(b, 3*ttl, false)) },
		}
		if benchRuns.Add(1)%2 == 0 {
			measure[0], measure[1] = measure[1], measure[0]
		}
		measure[0]()
		measure[1]()
		b.ReportMetric(float64(watched.Milliseconds()), "watched-ms")
		b.ReportMetric(float64(ttlOnly.Milliseconds()), "ttl-only-ms")
		b.ReportMetric(float64(ttlOnly)/float64(watched), "ttl-only/watched")
	}
}

var benchRuns atomic.Int64

func worst(lat map[string]time.Duration) time.Duration {
	var w time.Duration
	for _, d := range lat {
		w = max(w, d)
	}
	return w
}
