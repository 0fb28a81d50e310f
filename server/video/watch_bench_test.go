package video_test

import (
	"context"
	"fmt"
	"testing"

	"connectrpc.com/connect"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/server/video"
)

// BenchmarkWatchFanout changes a video while N anonymous streams watch
// it, and waits until every stream has been sent the change. One watcher
// is the baseline: the pool acquisitions (acq/change, the update itself
// included) and the time per change should not grow with N.
func BenchmarkWatchFanout(b *testing.B) {
	for _, n := range []int{1, 200} {
		b.Run(fmt.Sprintf("watchers=%d", n), func(b *testing.B) {
			cfg := video.DefaultConfig()
			cfg.WatchMaxPerIP = n
			e := newEnvWith(b, cfg)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			res, err := e.client(alice).CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
				Title: "bench", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
			}))
			if err != nil {
				b.Fatal(err)
			}
			id := res.Msg.Video.Id
			streams := make([]*connect.ServerStreamForClient[videov1.WatchVideoResponse], n)
			for i := range streams {
				if streams[i], err = e.watchFrom(ctx, "", id); err != nil {
					b.Fatal(err)
				}
				defer streams[i].Close()
			}
			before := e.pool.Stat().AcquireCount()
			i := 0
			for b.Loop() {
				i++
				title := fmt.Sprintf("change %d", i)
				if _, err := e.pool.Exec(ctx, "UPDATE videos SET title = $2 WHERE id = $1", id, title); err != nil {
					b.Fatal(err)
				}
				for _, s := range streams {
					for s.Msg().Video.Title != title {
						if !s.Receive() {
							b.Fatalf("stream ended: %v", s.Err())
						}
					}
				}
			}
			b.ReportMetric(float64(e.pool.Stat().AcquireCount()-before)/float64(i), "acq/change")
		})
	}
}
