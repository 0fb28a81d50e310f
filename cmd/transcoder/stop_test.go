package main

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/transcoder"
)

// TestGracefulStop stops workers mid-encode: one with time to drain
// finishes its job; one without hands its job back for another attempt.
func TestGracefulStop(t *testing.T) {
	t.Parallel()
	// The worker that hands back gets a clip long enough that its encode
	// is still running when its first segment is written. (Not the first
	// progress report: ffmpeg holds its reports back until every output,
	// the storyboard's sheet too, has a frame, which can be at the end.)
	for _, tc := range []struct {
		name  string
		drain time.Duration
		secs  int
	}{{"finishes within the drain timeout", time.Hour, 6}, {"hands back after the drain timeout", time.Millisecond, 30}} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(c *transcode.Config) { c.Lease, c.BackoffBase, c.BackoffMax = 3*time.Second, time.Hour, time.Hour })
			videoID, jobID := e.video(clip(t, tc.secs, "640x360"), "mov", 5)
			cfg := transcoder.DefaultConfig()
			work := t.TempDir()
			cfg.ServerURL, cfg.Token, cfg.WorkerID, cfg.WorkDir, cfg.ClaimWait = e.url, token, "stopping", work, time.Second
			cfg.DrainTimeout, cfg.Profile = tc.drain, testProfile("veryslow")
			w, err := transcoder.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ctx, stop := context.WithCancel(context.Background())
			done := make(chan error)
			go func() { done <- w.Run(ctx) }()
			for !encoding(work) {
				if e.videoRow(videoID).Status == "ready" {
					t.Fatal("the encode finished before the stop; make the clip longer")
				}
				time.Sleep(20 * time.Millisecond)
			}
			stop()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			j, v := e.job(jobID), e.videoRow(videoID)
			if tc.drain == time.Hour {
				if j.State != dbq.JobStateSucceeded || v.Status != "ready" {
					t.Fatalf("job %+v video %+v", j, v)
				}
				return
			}
			if j.State != dbq.JobStateQueued || j.Attempt != 1 || j.LastError != "worker stopping" || v.HLSPrefix != "" {
				t.Fatalf("job %+v video %+v", j, v)
			}
		})
	}
}

// encoding reports whether a worker's ffmpeg has written a segment under
// its work dir: its encode is under way.
func encoding(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".ts") {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}
