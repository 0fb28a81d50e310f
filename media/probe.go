package media

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/streamgate/streamgate/internal/tracing"
)

// Prober runs ffprobe on local files. One ffprobe run reads the one file
// named, as "file:" only (-protocol_whitelist file), with a plain media
// demuxer only (-format_whitelist, from Containers), so a playlist or list
// in disguise cannot make it open other files; its output is capped, its
// time bounded, and what it prints about the file never reaches an error.
type Prober struct {
	// Path is the ffprobe binary; empty means "ffprobe" on PATH.
	Path string
	// Timeout bounds one probe; zero means one minute.
	Timeout time.Duration
	// Limits are what Probe accepts; zero fields take DefaultLimits'.
	Limits Limits
}

// maxOutput caps what ffprobe may print: thousands of streams must not
// become a memory problem.
const maxOutput = 4 << 20

var (
	errTimeout  = errors.New("probe timed out")
	errTooLarge = errors.New("probe output too large")
)

// Probe inspects the local file at path, an upload, and returns its Info,
// or an error wrapping ErrRejected that says why the file is not an
// acceptable video. Only the demuxers of p.Limits.Formats may open it.
// Other errors mean ffprobe could not run, or ctx ended.
func (p Prober) Probe(ctx context.Context, path string) (Info, error) {
	l := p.Limits.WithDefaults()
	if err := l.Validate(); err != nil {
		return Info{}, fmt.Errorf("probe limits: %w", err)
	}
	out, err := p.run(ctx, path, whitelist(l.Formats), "")
	if err != nil {
		return Info{}, err
	}
	return Parse(out, l)
}

// Inspect reads a file an earlier Probe accepted (the transcoder's source)
// without holding it to Limits, which are the server's to set: it needs a
// video stream with dimensions and a duration, nothing more. format is the
// Info.Format that Probe found; when set, ffprobe is forced to its demuxer
// and may open no other, and a format outside Containers is refused.
func (p Prober) Inspect(ctx context.Context, path, format string) (Info, error) {
	allow, force := SafeDemuxers(), ""
	// Older jobs carry ffprobe's whole format_name ("mov,mp4,...").
	if name, _, _ := strings.Cut(format, ","); name != "" {
		d, ok := Demuxer(name)
		if !ok {
			return Info{}, fmt.Errorf("%w: container %q is not accepted", ErrRejected, format)
		}
		allow, force = d, d
	}
	out, err := p.run(ctx, path, allow, force)
	if err != nil {
		return Info{}, err
	}
	return parse(out)
}

// run runs ffprobe on path with the demuxers allow (a -format_whitelist),
// forcing force when set, and returns its JSON.
func (p Prober) run(ctx context.Context, path, allow, force string) (_ []byte, err error) {
	ctx, span := tracing.Start(ctx, "ffprobe", trace.SpanKindInternal, attribute.String("media.demuxers", allow))
	defer func() { tracing.End(span, err) }()
	timeout := cmp.Or(p.Timeout, time.Minute)
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, errTimeout)
	defer cancel()
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	args := []string{"-v", "error", "-hide_banner", "-protocol_whitelist", "file", "-format_whitelist", allow}
	if force != "" {
		args = append(args, "-f", force)
	}
	// The file: prefix keeps a path from being read as a URL or option.
	args = append(args, "-print_format", "json", "-show_format", "-show_streams", "file:"+path)
	cmd := exec.CommandContext(ctx, cmp.Or(p.Path, "ffprobe"), args...)
	cmd.WaitDelay = 5 * time.Second
	stdout := capped{max: maxOutput, full: func() { stop(errTooLarge) }}
	stderr := capped{max: 4096}
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, errTooLarge):
		return nil, fmt.Errorf("%w: the file describes too many streams", ErrRejected)
	case errors.Is(cause, errTimeout):
		return nil, fmt.Errorf("%w: %w: probing took longer than %s", ErrRejected, ErrUnreadable, timeout)
	case ctx.Err() != nil:
		return nil, fmt.Errorf("probe: %w", cause)
	case err != nil:
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return nil, fmt.Errorf("run ffprobe: %w", err)
		}
		if strings.Contains(stderr.String(), "not on whitelist") {
			return nil, fmt.Errorf("%w: its container is not accepted", ErrRejected)
		}
		return nil, fmt.Errorf("%w: %w (%s)", ErrRejected, ErrUnreadable, reason(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// reason puts ffprobe's complaint in words fit for the uploader. ffprobe's
// own text is not: it names local paths, the server's and any other file
// a demuxer tried to open.
func reason(stderr string) string {
	switch {
	case strings.Contains(stderr, "moov atom not found"):
		return "its MP4 index is missing: an unfinished or cut file?"
	case strings.Contains(stderr, "Invalid data found"):
		return "its data is not a media container"
	}
	return "no detail"
}

// capped is a buffer that keeps at most max bytes and drops the rest; full,
// if set, is called once when it overflows. It must not embed bytes.Buffer:
// the promoted ReadFrom would let io.Copy (os/exec's) bypass Write and its
// cap.
type capped struct {
	buf  bytes.Buffer
	max  int
	full func()
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	if c.over || c.buf.Len()+len(p) > c.max {
		if !c.over && c.full != nil {
			c.full()
		}
		c.over = true
		return len(p), nil
	}
	return c.buf.Write(p)
}

func (c *capped) Bytes() []byte  { return c.buf.Bytes() }
func (c *capped) String() string { return c.buf.String() }
