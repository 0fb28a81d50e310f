package video_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/internal/testenv"
)

// watch opens a WatchVideo stream of id, closed when the test ends, and
// returns its next message each call (failing the test if it ends).
func watch(ctx context.Context, t *testing.T, client videov1connect.VideoServiceClient, id string) func() *videov1.Video {
	t.Helper()
	stream, err := client.WatchVideo(ctx, connect.NewRequest(&videov1.WatchVideoRequest{Id: id}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = stream.Close() })
	return func() *videov1.Video {
		t.Helper()
		if !stream.Receive() {
			t.Fatalf("stream ended: %v", stream.Err())
		}
		return stream.Msg().Video
	}
}

func TestWatchPushesEveryChange(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.client(alice)
	v := create(t, a, "watched", videov1.Visibility_VISIBILITY_UNLISTED)
	for name, opts := range map[string][]connect.ClientOption{
		"connect": nil, "grpc": {connect.WithGRPC()}, "grpc-web": {connect.WithGRPCWeb()}, "connect-web over HTTP/1.1": nil,
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			client := e.client(bob, opts...)
			if strings.Contains(name, "HTTP/1.1") {
				// What a browser without HTTP/2 does with Connect-Web.
				client = videov1connect.NewVideoServiceClient(testenv.HTTP1Client(), e.url, connect.WithInterceptors(testenv.Bearer(bob)))
			}
			next := watch(ctx, t, client, v.Id)
			first := next()
			if first.Id != v.Id {
				t.Fatalf("first message %v", first)
			}
			// Another writer (the transcode queue) moves the video along
			// directly in the database; the watcher sees each step.
			steps := []struct {
				sql    string
				status videov1.Status
				prog   float64
			}{
				{"UPDATE videos SET status = 'processing', progress = 0.25 WHERE id = $1", videov1.Status_STATUS_PROCESSING, 0.25},
				{"UPDATE videos SET progress = 0.5 WHERE id = $1", videov1.Status_STATUS_PROCESSING, 0.5},
				{"UPDATE videos SET status = 'ready', progress = 1 WHERE id = $1", videov1.Status_STATUS_READY, 1},
			}
			for _, s := range steps {
				if _, err := e.pool.Exec(ctx, s.sql, v.Id); err != nil {
					t.Fatal(err)
				}
				// Notifications may coalesce; read until this step shows.
				for {
					got := next()
					if got.Status == s.status && got.Progress == s.prog {
						break
					}
				}
			}
			if _, err := e.pool.Exec(ctx, "UPDATE videos SET status = 'waiting_upload', progress = 0 WHERE id = $1", v.Id); err != nil {
				t.Fatal(err)
			}
			for next().Status != videov1.Status_STATUS_WAITING_UPLOAD {
			}
		})
	}
}

// A rule set or cleared wakes the video's watchers as a change to the
// video does: gated follows it, whoever wrote the rule. (A rule replaced
// by another leaves the message as it was, and nothing is sent.)
func TestWatchFollowsTheRule(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := create(t, e.client(alice), "gated later", videov1.Visibility_VISIBILITY_PUBLIC)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	next := watch(ctx, t, e.client(bob), v.Id)
	if first := next(); first.Gated {
		t.Fatalf("first message %v", first)
	}
	for _, s := range []struct {
		sql   string
		gated bool
	}{
		{"INSERT INTO access_rules (video_id, rule, rule_hash) VALUES ($1, '{}', repeat('a', 64))", true},
		{"DELETE FROM access_rules WHERE video_id = $1", false},
	} {
		if _, err := e.pool.Exec(ctx, s.sql, v.Id); err != nil {
			t.Fatal(err)
		}
		// The update is the next message: nothing else changes meanwhile.
		if got := next(); got.Gated != s.gated {
			t.Fatalf("after %q: gated %v", s.sql, got.Gated)
		}
	}
}

func TestWatchEndsOnDelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	a := e.client(alice)
	v := create(t, a, "short-lived", videov1.Visibility_VISIBILITY_PUBLIC)
	stream, err := e.client("").WatchVideo(ctx, connect.NewRequest(&videov1.WatchVideoRequest{Id: v.Id}))
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	if !stream.Receive() {
		t.Fatal(stream.Err())
	}
	if _, err := a.DeleteVideo(ctx, connect.NewRequest(&videov1.DeleteVideoRequest{Id: v.Id})); err != nil {
		t.Fatal(err)
	}
	for stream.Receive() {
	}
	wantCode(t, stream.Err(), connect.CodeNotFound)
}

func TestWatchRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	priv := create(t, e.client(alice), "secret", videov1.Visibility_VISIBILITY_PRIVATE)
	for name, tc := range map[string]struct {
		who, id string
		code    connect.Code
	}{
		"bad id":            {bob, "nope", connect.CodeInvalidArgument},
		"missing":           {bob, "00000000-0000-4000-8000-000000000000", connect.CodeNotFound},
		"someone's private": {bob, priv.Id, connect.CodeNotFound},
	} {
		stream, err := e.client(tc.who).WatchVideo(ctx, connect.NewRequest(&videov1.WatchVideoRequest{Id: tc.id}))
		if err == nil {
			for stream.Receive() {
			}
			err = stream.Err()
			stream.Close()
		}
		if connect.CodeOf(err) != tc.code {
			t.Errorf("%s: got %v, want %v", name, err, tc.code)
		}
	}
}

// The listener's connection dies (a PostgreSQL restart, a proxy timeout):
// it reconnects, and watchers see the changes made meanwhile.
func TestWatchSurvivesListenerLoss(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	v := create(t, e.client(alice), "resilient", videov1.Visibility_VISIBILITY_PUBLIC)
	stream, err := e.client("").WatchVideo(ctx, connect.NewRequest(&videov1.WatchVideoRequest{Id: v.Id}))
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	if !stream.Receive() {
		t.Fatal(stream.Err())
	}
	var killed int
	for killed == 0 {
		// The listener may not be listening yet; wait for it to exist.
		err := e.pool.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = current_database() AND query = 'LISTEN video_changed'`).Scan(&killed)
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.pool.Exec(ctx, "UPDATE videos SET status = 'failed', failure_reason = 'boom' WHERE id = $1", v.Id); err != nil {
		t.Fatal(err)
	}
	for stream.Receive() {
		if got := stream.Msg().Video; got.Status == videov1.Status_STATUS_FAILED && got.FailureReason == "boom" {
			return
		}
	}
	t.Fatalf("stream ended: %v", stream.Err())
}
