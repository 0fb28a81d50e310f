package transcoder

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/streamgate/streamgate/internal/tracing"
)

// Run is one finished ffmpeg process.
type Run struct {
	// CPU is user plus system time of ffmpeg.
	CPU time.Duration
}

// RunFFmpeg runs ffmpeg with args in dir, contained (own process group,
// killed with the worker) and limited to maxWall, calling progress with
// the encoded position as ffmpeg reports it on stdout.
func RunFFmpeg(ctx context.Context, bin string, args []string, dir string, maxWall time.Duration, progress func(time.Duration)) (_ Run, err error) {
	ctx, span := tracing.Start(ctx, "ffmpeg", trace.SpanKindInternal)
	defer func() { tracing.End(span, err) }()
	ctx, cancel := context.WithTimeoutCause(ctx, maxWall, fmt.Errorf("ffmpeg ran past the wall-clock limit of %s", maxWall))
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	contain(cmd)
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return Run{}, err
	}
	// The parent-death signal fires when the thread that started the
	// child exits; keep this goroutine on one thread until ffmpeg ends.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := cmd.Start(); err != nil {
		return Run{}, fmt.Errorf("start ffmpeg: %w", err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		if progress == nil {
			progress = func(time.Duration) {}
		}
		ReadProgress(stdout, progress)
	})
	wg.Wait()
	err = cmd.Wait()
	var run Run
	if cmd.ProcessState != nil {
		run.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err != nil {
		if cause := context.Cause(ctx); cause != nil {
			return run, cause
		}
		return run, fmt.Errorf("ffmpeg: %v: %s", err, strings.TrimSpace(tail(stderr.String(), 1000)))
	}
	return run, nil
}

// errStopped is the cause of a job stopped by the worker itself.
var errStopped = errors.New("worker stopping")

// tail is the last n bytes of s: ffmpeg's last words say what went wrong.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
