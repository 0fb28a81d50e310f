package playback_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/server/playback"
	"github.com/streamgate/streamgate/server/tokens"
)

// BenchmarkIssueBound measures what the session claim costs Authorize's
// token signing: a token without it and one with it alternate within one
// loop, so the machine's load swings hit both alike.
//
//	go test -run '^$' -bench IssueBound -benchtime 20000x ./server/playback/
func BenchmarkIssueBound(b *testing.B) {
	ks, err := tokens.Ephemeral()
	if err != nil {
		b.Fatal(err)
	}
	svc, err := playback.New(playback.DefaultConfig(), playback.Deps{Signer: ks})
	if err != nil {
		b.Fatal(err)
	}
	id, session, addr := uuid.New(), uuid.New(), "0x620AA3Db6DF3610cbd637f472d80618F98022423"
	var plain, bound time.Duration
	for i := range b.N {
		withSession, sid := i%2 == 1, uuid.Nil
		if withSession {
			sid = session
		}
		start := time.Now()
		if _, err := svc.IssueForBench(id, addr, sid); err != nil {
			b.Fatal(err)
		}
		if withSession {
			bound += time.Since(start)
		} else {
			plain += time.Since(start)
		}
	}
	half := float64(b.N / 2)
	b.ReportMetric(float64(plain.Nanoseconds())/half, "unbound-ns/op")
	b.ReportMetric(float64(bound.Nanoseconds())/half, "bound-ns/op")
	b.ReportMetric(float64(bound)/float64(plain), "ratio")
}
