package transcode_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"

	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
	"github.com/streamgate/streamgate/server/transcode"
)

// BenchmarkQueueThroughput runs no-op jobs claim -> complete through the
// RPC API with 1, 4 and 8 concurrent workers and reports jobs per
// second; the single worker is the baseline the others are compared to.
// The outputs each job names are put in place before the clock starts,
// so what is measured is the queue: claim, lease, fencing, publish.
func BenchmarkQueueThroughput(b *testing.B) {
	var base float64
	for _, workers := range []int{1, 4, 8} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			rate := queueRun(b, workers)
			if workers == 1 {
				base = rate
			}
			b.ReportMetric(rate, "jobs/s")
			if base > 0 {
				b.ReportMetric(rate/base, "x-vs-1-worker")
			}
		})
	}
}

func queueRun(b *testing.B, workers int) float64 {
	e := newEnv(b, func(c *transcode.Config) { c.PollInterval = 20 * time.Millisecond })
	ctx := context.Background()
	jobs := max(b.N, 50)
	for range jobs {
		videoID, jobID := e.video(5)
		prefix := transcode.AttemptPrefix(videoID, jobID, 1)
		for p, body := range outputFiles {
			if _, err := e.s3.PutObject(ctx, e.bucket, prefix+p, strings.NewReader(body), int64(len(body)), minio.PutObjectOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				res, err := e.client.ClaimJob(ctx, connect.NewRequest(&transcodev1.ClaimJobRequest{WorkerId: fmt.Sprint("w", w)}))
				if err != nil {
					b.Error(err)
					return
				}
				j := res.Msg.GetJob()
				if j == nil {
					return
				}
				if _, err := e.client.CompleteJob(ctx, connect.NewRequest(completeReq(j))); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return float64(jobs) / time.Since(start).Seconds()
}
