package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/transcoder"
)

// BenchmarkTimeToFirstPlay times, for a 60 s 1080p upload with the
// default ladder, the enqueue that ends CompleteUpload to the video's
// first playable moment (every rung's first segment published) and to
// ready, in the same iteration, and reports their ratio (target: at most
// 0.15): over the run and the worst iteration. Each iteration's timeline
// (the worker's steps, from its log) is logged. Run with -benchtime=Nx:
// each iteration is a whole encode.
func BenchmarkTimeToFirstPlay(b *testing.B) {
	src := filepath.Join(b.TempDir(), "src.mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=60",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=60", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18",
		"-c:a", "aac", "-shortest", src)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("make source: %v: %s", err, out)
	}
	steps := &stepLog{}
	e := newBenchEnv(b, steps)
	var first, ready time.Duration
	worst := 0.0
	i := 0
	for b.Loop() {
		i++
		id, job := e.video(src, "mov", 1)
		start := time.Now() // enqueued: the end of CompleteUpload
		p, r := e.timeline(id, start)
		first, ready = first+p, ready+r
		worst = max(worst, p.Seconds()/r.Seconds())
		b.Logf("iteration %d: playable %.1f s, ready %.1f s, playable/ready %.3f; load %s; worker: %s",
			i, p.Seconds(), r.Seconds(), p.Seconds()/r.Seconds(), loadavg(), steps.since(job.String(), start))
	}
	b.ReportMetric(first.Seconds()/float64(b.N), "s-to-playable")
	b.ReportMetric(ready.Seconds()/float64(b.N), "s-to-ready")
	b.ReportMetric(first.Seconds()/ready.Seconds(), "playable/ready")
	b.ReportMetric(worst, "worst-playable/ready")
}

// newBenchEnv serves the whole pipeline with a worker at its default
// settings (the default ladder and early publishing), logging its steps
// into steps.
func newBenchEnv(b *testing.B, steps *stepLog) *env {
	e := newPlayEnv(b, nil)
	d := transcoder.DefaultConfig()
	e.workerWith(func(c *transcoder.Config) {
		c.WorkerID, c.Profile, c.EarlyPoll = "bench", d.Profile, d.EarlyPoll
		c.Log = slog.New(steps)
	})
	return e
}

// stepLog is a slog handler keeping when each message was logged, per
// job.
type stepLog struct {
	mu    sync.Mutex
	steps []step
}

type step struct {
	at       time.Time
	job, msg string
}

func (l *stepLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *stepLog) WithAttrs(as []slog.Attr) slog.Handler {
	for _, a := range as {
		if a.Key == "job" {
			return &jobLog{l: l, job: a.Value.String()}
		}
	}
	return l
}
func (l *stepLog) WithGroup(string) slog.Handler { return l }
func (l *stepLog) Handle(_ context.Context, r slog.Record) error {
	job := ""
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "job" {
			job = a.Value.String()
		}
		return true
	})
	l.add(step{at: r.Time, job: job, msg: r.Message})
	return nil
}

func (l *stepLog) add(s step) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.steps = append(l.steps, s)
}

// since is job's steps as "message +seconds" from start.
func (l *stepLog) since(job string, start time.Time) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var parts []string
	for _, s := range l.steps {
		if s.job == job {
			parts = append(parts, fmt.Sprintf("%q +%.2f s", s.msg, s.at.Sub(start).Seconds()))
		}
	}
	return strings.Join(parts, ", ")
}

// jobLog is stepLog for a logger that names its job once (RunJob's).
type jobLog struct {
	l   *stepLog
	job string
}

func (j *jobLog) Enabled(context.Context, slog.Level) bool { return true }
func (j *jobLog) WithAttrs([]slog.Attr) slog.Handler       { return j }
func (j *jobLog) WithGroup(string) slog.Handler            { return j }
func (j *jobLog) Handle(_ context.Context, r slog.Record) error {
	j.l.add(step{at: r.Time, job: j.job, msg: r.Message})
	return nil
}

// loadavg is the 1-minute load average.
func loadavg() string {
	out, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(out))[0]
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
