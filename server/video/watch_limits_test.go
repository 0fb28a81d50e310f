package video_test

import (
	"context"
	"fmt"
	"testing"

	"connectrpc.com/connect"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/server/video"
)

// fromIP sets the proxy header the service is told to trust, so one test
// process can call from many client addresses.
func fromIP(ip string) connect.ClientOption {
	return connect.WithInterceptors(headerInterceptor{"X-Forwarded-For", ip})
}

type headerInterceptor struct{ name, value string }

func (h headerInterceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc { return next }
func (h headerInterceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return func(ctx context.Context, spec connect.Spec) connect.StreamingClientConn {
		conn := next(ctx, spec)
		conn.RequestHeader().Set(h.name, h.value)
		return conn
	}
}
func (h headerInterceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}

// watchFrom opens a stream as anonymous from ip and returns it once its
// first message arrived, or the error that ended it.
func (e *env) watchFrom(ctx context.Context, ip, id string) (*connect.ServerStreamForClient[videov1.WatchVideoResponse], error) {
	client := videov1connect.NewVideoServiceClient(e.http, e.url, fromIP(ip))
	stream, err := client.WatchVideo(ctx, connect.NewRequest(&videov1.WatchVideoRequest{Id: id}))
	if err != nil {
		return nil, err
	}
	if !stream.Receive() {
		err := stream.Err()
		stream.Close()
		if err == nil {
			err = fmt.Errorf("stream ended without a message")
		}
		return nil, err
	}
	return stream, nil
}

func TestWatchCapsPerIPAndPerVideo(t *testing.T) {
	t.Parallel()
	cfg := video.DefaultConfig()
	cfg.WatchMaxPerIP, cfg.WatchMaxPerVideo, cfg.ClientIPHeader = 2, 3, "X-Forwarded-For"
	e := newEnvWith(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := e.client(alice)
	v1 := create(t, a, "one", videov1.Visibility_VISIBILITY_PUBLIC)
	v2 := create(t, a, "two", videov1.Visibility_VISIBILITY_PUBLIC)
	open := func(ip, id string) *connect.ServerStreamForClient[videov1.WatchVideoResponse] {
		t.Helper()
		s, err := e.watchFrom(ctx, ip, id)
		if err != nil {
			t.Fatalf("watch %s from %s: %v", id, ip, err)
		}
		return s
	}
	// Per address: two streams, whichever videos.
	first := open("198.51.100.1", v1.Id)
	open("198.51.100.1", v2.Id)
	_, err := e.watchFrom(ctx, "198.51.100.1", v2.Id)
	wantCode(t, err, connect.CodeResourceExhausted)
	t.Logf("refusal: %v", err)
	// Closing one frees its place.
	first.Close()
	for {
		s, err := e.watchFrom(ctx, "198.51.100.1", v1.Id)
		if err == nil {
			defer s.Close()
			break
		}
		wantCode(t, err, connect.CodeResourceExhausted) // the close is not seen yet
	}
	// Per video: v1 has one watcher; two more addresses fill it.
	open("198.51.100.2", v1.Id)
	open("198.51.100.3", v1.Id)
	_, err = e.watchFrom(ctx, "198.51.100.4", v1.Id)
	wantCode(t, err, connect.CodeResourceExhausted)
	// Another video is not affected.
	open("198.51.100.4", v2.Id)
}

// Many watchers of one video cost one read per change, not one per
// watcher: the pool's acquisitions while N streams follow a few changes
// do not grow with N. (Before, each change woke every stream into its own
// two queries: 2*N per change.)
func TestWatchersShareOneReadPerChange(t *testing.T) {
	t.Parallel()
	const watchers, changes = 60, 5
	cfg := video.DefaultConfig()
	cfg.WatchMaxPerIP = watchers
	e := newEnvWith(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	v := create(t, e.client(alice), "popular", videov1.Visibility_VISIBILITY_PUBLIC)
	before := e.pool.Stat().AcquireCount()
	streams := make([]*connect.ServerStreamForClient[videov1.WatchVideoResponse], watchers)
	for i := range streams {
		s, err := e.watchFrom(ctx, "", v.Id)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		streams[i] = s
	}
	opened := e.pool.Stat().AcquireCount() - before
	t.Logf("%d streams opened with %d pool acquisitions", watchers, opened)
	if opened >= watchers {
		t.Errorf("opening %d streams took %d pool acquisitions; want them to share reads", watchers, opened)
	}
	before = e.pool.Stat().AcquireCount()
	for i := range changes {
		title := fmt.Sprintf("step %d", i)
		if _, err := e.pool.Exec(ctx, "UPDATE videos SET title = $2 WHERE id = $1", v.Id, title); err != nil {
			t.Fatal(err)
		}
		for _, s := range streams {
			for s.Msg().Video.Title != title {
				if !s.Receive() {
					t.Fatalf("stream ended: %v", s.Err())
				}
			}
		}
	}
	used := e.pool.Stat().AcquireCount() - before
	t.Logf("%d changes seen by %d streams with %d pool acquisitions (%d of them the updates)", changes, watchers, used, changes)
	// Each change: the update itself, and the feed's read (two queries),
	// perhaps twice when a notification coalesces with the read.
	if limit := int64(changes * 5); used > limit {
		t.Errorf("%d pool acquisitions for %d changes, want at most %d", used, changes, limit)
	}
}

// The shared read carries no caller: each watcher applies its own
// visibility to it. When the owner makes a video private, a stranger's
// stream ends NotFound while the owner's goes on.
func TestSharedWatchKeepsEachCallersVisibility(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := e.client(alice)
	v := create(t, a, "going private", videov1.Visibility_VISIBILITY_UNLISTED)
	open := func(who string) *connect.ServerStreamForClient[videov1.WatchVideoResponse] {
		t.Helper()
		s, err := e.client(who).WatchVideo(ctx, connect.NewRequest(&videov1.WatchVideoRequest{Id: v.Id}))
		if err != nil {
			t.Fatal(err)
		}
		if !s.Receive() {
			t.Fatal(s.Err())
		}
		return s
	}
	owner, stranger := open(alice), open(bob)
	defer owner.Close()
	defer stranger.Close()
	if _, err := e.pool.Exec(ctx, "UPDATE videos SET visibility = 'private' WHERE id = $1", v.Id); err != nil {
		t.Fatal(err)
	}
	for stranger.Receive() {
		if stranger.Msg().Video.Visibility == videov1.Visibility_VISIBILITY_PRIVATE {
			t.Fatal("a stranger was sent the video after it became private")
		}
	}
	wantCode(t, stranger.Err(), connect.CodeNotFound)
	for owner.Msg().Video.Visibility != videov1.Visibility_VISIBILITY_PRIVATE {
		if !owner.Receive() {
			t.Fatalf("the owner's stream ended: %v", owner.Err())
		}
	}
}
