package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// Prober runs ffprobe.
type Prober struct {
	// Path is the ffprobe binary; empty means "ffprobe" on PATH.
	Path string
	// Timeout bounds one probe; zero means one minute.
	Timeout time.Duration
	Limits  Limits
}

// maxOutput caps what ffprobe may print: thousands of streams must not
// become a memory problem.
const maxOutput = 4 << 20

// Probe inspects the local file at path and returns its Info, or an error
// wrapping ErrRejected that says why the file is not an acceptable video.
// Other errors mean ffprobe itself could not run.
func (p Prober) Probe(ctx context.Context, path string) (Info, error) {
	timeout := p.Timeout
	if timeout == 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	bin := p.Path
	if bin == "" {
		bin = "ffprobe"
	}
	// The file: prefix and the protocol whitelist keep ffprobe on this one
	// local file, whatever the bytes claim (HLS, concat, http references).
	cmd := exec.CommandContext(ctx, bin, "-v", "error", "-hide_banner",
		"-protocol_whitelist", "file", "-print_format", "json",
		"-show_format", "-show_streams", "file:"+path)
	var stdout, stderr capped
	stdout.max, stderr.max = maxOutput, 4096
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	switch {
	case ctx.Err() != nil:
		return Info{}, fmt.Errorf("%w: probing took longer than %s", ErrRejected, timeout)
	case stdout.over:
		return Info{}, fmt.Errorf("%w: the file describes too many streams", ErrRejected)
	case err != nil:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return Info{}, fmt.Errorf("%w: ffprobe cannot read it as media (%s)", ErrRejected, firstLine(stderr.String()))
		}
		return Info{}, fmt.Errorf("run ffprobe: %w", err)
	}
	return Parse(stdout.Bytes(), p.Limits.WithDefaults())
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return "no detail"
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// capped is a buffer that stops growing at max and remembers it overflowed.
type capped struct {
	bytes.Buffer
	max  int
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	if c.Len()+len(p) > c.max {
		c.over = true
		return 0, io.ErrShortWrite
	}
	return c.Buffer.Write(p)
}
