//go:build linux

package upload

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/streamgate/streamgate/media"
)

// probeService is a Service with only what probeFile uses.
func probeService(t *testing.T, budget time.Duration) *Service {
	t.Helper()
	cfg := DefaultConfig()
	cfg.TempDir = t.TempDir()
	return &Service{
		cfg: cfg, deps: Deps{Log: slog.New(slog.DiscardHandler)},
		prober:      media.Prober{Path: cfg.FFprobe, Timeout: cfg.ProbeTimeout, Limits: cfg.Limits},
		earlyProbes: make(chan struct{}, 2), earlyBudget: budget,
	}
}

// testClip is a real two-second H.264/AAC MP4.
func testClip(t *testing.T) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "clip.mp4")
	cmd := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
		"-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=2",
		"-f", "lavfi", "-i", "sine=duration=2",
		"-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v: %s", err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// waitForOpen returns once another process's open of p's file waits on
// its lease (the kernel is breaking it: F_GETLEASE answers F_RDLCK).
func waitForOpen(t *testing.T, p *probeFile) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		kind, _, errno := syscall.Syscall(syscall.SYS_FCNTL, p.f.Fd(), syscall.F_GETLEASE, 0)
		if errno != 0 {
			t.Fatal(errno)
		}
		if kind == syscall.F_RDLCK {
			return
		}
		if kind != syscall.F_WRLCK {
			t.Fatalf("the copy holds lease %d, want a write lease", kind)
		}
		if time.Now().After(deadline) {
			t.Fatal("ffprobe never opened the copy")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// ffprobe started on an empty copy waits in open(2) until the copy is
// complete, then reads all of it: its own verdict is the one taken.
func TestEarlyProbeOpensTheCompleteFile(t *testing.T) {
	t.Parallel()
	clip := testClip(t)
	for name, c := range map[string]struct {
		file   []byte
		reject bool
	}{"clip": {clip, false}, "not a video": {[]byte("#EXTM3U\n#EXT-X-ENDLIST\n"), true}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := probeService(t, time.Minute)
			p, err := s.newProbeFile("early-*")
			if err != nil {
				t.Fatal(err)
			}
			defer p.close()
			if !p.leased {
				t.Fatal("no lease on the copy: the probe cannot start early here")
			}
			p.start(context.Background())
			waitForOpen(t, p)
			// ffprobe is waiting: it has read nothing, so what it
			// reports can only come from the bytes written now.
			if _, err := p.f.Write(c.file); err != nil {
				t.Fatal(err)
			}
			p.ready()
			info, err := p.probe(context.Background())
			switch {
			case c.reject && !errors.Is(err, media.ErrRejected):
				t.Fatalf("probe of %q: %v, want a rejection", name, err)
			case !c.reject && (err != nil || info.VideoCodec != "h264" || info.Width != 160):
				t.Fatalf("probe: %+v, %v", info, err)
			}
			if !p.early.released || p.early.err != err {
				t.Fatalf("the verdict is not the early probe's: released %v, early %v, got %v", p.early.released, p.early.err, err)
			}
		})
	}
}

// An early probe whose copy is not complete within its budget is killed,
// its verdict is not taken, and the complete copy is probed again.
func TestEarlyProbeGivesUp(t *testing.T) {
	t.Parallel()
	s := probeService(t, 300*time.Millisecond)
	p, err := s.newProbeFile("early-*")
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	p.start(context.Background())
	select {
	case <-p.early.done:
	case <-time.After(time.Minute):
		t.Fatal("the early probe outlived its budget")
	}
	if _, err := p.f.Write(testClip(t)); err != nil {
		t.Fatal(err)
	}
	p.ready()
	info, err := p.probe(context.Background())
	if err != nil || info.VideoCodec != "h264" {
		t.Fatalf("probe after the early one gave up: %+v, %v", info, err)
	}
	if !p.early.expired || p.early.released || p.early.err == nil {
		t.Fatalf("early probe: expired %v, released %v, err %v", p.early.expired, p.early.released, p.early.err)
	}
	if len(s.earlyProbes) != 0 {
		t.Fatal("the early probe kept its slot")
	}
}

// A copy dropped before it is complete (a stream cut, a failed read)
// stops its waiting ffprobe and is deleted, at once.
func TestEarlyProbeStoppedWithItsCopy(t *testing.T) {
	t.Parallel()
	s := probeService(t, time.Minute)
	p, err := s.newProbeFile("early-*")
	if err != nil {
		t.Fatal(err)
	}
	p.start(context.Background())
	waitForOpen(t, p)
	start := time.Now()
	p.close()
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("close took %s", d)
	}
	if !errors.Is(p.early.err, context.Canceled) {
		t.Fatalf("the waiting ffprobe ended with %v, want it stopped", p.early.err)
	}
	if _, err := os.Stat(p.name()); !os.IsNotExist(err) {
		t.Fatalf("the copy is still there: %v", err)
	}
	// Only one early probe at a time per slot: a full set starts none.
	s.earlyProbes <- struct{}{}
	s.earlyProbes <- struct{}{}
	q, err := s.newProbeFile("early-*")
	if err != nil {
		t.Fatal(err)
	}
	defer q.close()
	q.start(context.Background())
	if q.early != nil {
		t.Fatal("an early probe started without a free slot")
	}
}

// Only a run as long as ffprobe's timeout may have timed out: any other
// rejection of an early probe is the file's.
func TestEarlyProbeTimedOut(t *testing.T) {
	t.Parallel()
	s := probeService(t, time.Minute)
	p := &probeFile{s: s}
	unreadable := fmt.Errorf("%w: %w: probing took longer than %s", media.ErrRejected, media.ErrUnreadable, s.prober.Timeout)
	for _, c := range []struct {
		err  error
		took time.Duration
		want bool
	}{
		{unreadable, s.prober.Timeout, true},
		{unreadable, s.prober.Timeout - time.Millisecond, false},
		{fmt.Errorf("%w: its container is not accepted", media.ErrRejected), 2 * s.prober.Timeout, false},
		{nil, 2 * s.prober.Timeout, false},
	} {
		if got := p.timedOut(&earlyProbe{err: c.err, took: c.took}); got != c.want {
			t.Errorf("%v after %s: timed out %v, want %v", c.err, c.took, got, c.want)
		}
	}
}
