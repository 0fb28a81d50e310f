package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/transcoder"
)

// BenchmarkTimeToFirstPlay times, for a 60 s 1080p upload with the
// default ladder, the enqueue that ends CompleteUpload to the video's
// first playable moment (every rung's first segment published) and to
// ready, and reports their ratio (target: at most 0.15). Run with
// -benchtime=1x: each iteration is a whole encode.
func BenchmarkTimeToFirstPlay(b *testing.B) {
	src := filepath.Join(b.TempDir(), "src.mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=60",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=60", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18",
		"-c:a", "aac", "-shortest", src)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("make source: %v: %s", err, out)
	}
	e := newBenchEnv(b)
	var first, ready time.Duration
	for b.Loop() {
		start := time.Now()
		id, _ := e.video(src, "mov", 1)
		p, r := e.timeline(id, start)
		first, ready = first+p, ready+r
	}
	n := float64(b.N)
	b.ReportMetric(first.Seconds()/n, "s-to-playable")
	b.ReportMetric(ready.Seconds()/n, "s-to-ready")
	b.ReportMetric(first.Seconds()/ready.Seconds(), "playable/ready")
}

// newBenchEnv serves the whole pipeline with a worker at its default
// settings (the default ladder and early publishing).
func newBenchEnv(b *testing.B) *env {
	e := newPlayEnv(b, nil)
	d := transcoder.DefaultConfig()
	e.workerWith(func(c *transcoder.Config) { c.WorkerID, c.Profile, c.EarlyPoll = "bench", d.Profile, d.EarlyPoll })
	return e
}

// timeline polls the row every 10 ms and returns when the video was first
// playable and when it was ready, both since start.
func (e *env) timeline(id uuid.UUID, start time.Time) (playable, ready time.Duration) {
	for {
		var status string
		var p bool
		if err := e.pool.QueryRow(context.Background(), `SELECT status::text, playable FROM videos WHERE id = $1`, id).Scan(&status, &p); err != nil {
			panic(err)
		}
		if p && playable == 0 {
			playable = time.Since(start)
		}
		switch status {
		case "ready":
			return playable, time.Since(start)
		case "failed":
			panic(fmt.Sprintf("video %s failed", id))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
