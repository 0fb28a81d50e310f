package upload

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/streamgate/streamgate/internal/tracing"
	"github.com/streamgate/streamgate/media"
)

// A probe's time is mostly ffprobe starting (loading its libraries), not
// reading an upload's index. So ffprobe is started on an upload's local
// copy before the copy is complete, and starts up while the last bytes
// arrive, S3 joins the parts and the hash is checked, instead of after
// them. It still opens one complete regular file, as file: with the same
// -protocol_whitelist and -format_whitelist as ever: the copy carries a
// write lease (fcntl F_SETLEASE), under which the kernel holds any other
// process's open(2) of it until the server lifts the lease, once the last
// byte is written (probeFile.ready).
//
// The kernel lifts a lease on its own lease-break-time (45 s by default)
// after an open starts waiting. An early probe whose file is not complete
// within half of that, or of --probe-timeout, from its start is killed,
// and its verdict is taken only when the server lifted the lease itself
// before then; otherwise, and when ffprobe ran out of time (its clock
// counts the wait), the copy is probed again the usual way, with the
// whole --probe-timeout.

// probeFile is a temporary local copy of an upload, which is hashed and
// probed.
type probeFile struct {
	s *Service
	f *os.File

	mu     sync.Mutex
	leased bool        // other processes' opens wait for ready
	early  *earlyProbe // nil until start
}

// earlyProbe is one ffprobe run started before its file was complete.
type earlyProbe struct {
	cancel context.CancelFunc
	timer  *time.Timer
	done   chan struct{}
	info   media.Info
	err    error
	began  time.Time
	took   time.Duration // from before ffprobe started to its end
	// traced: the run has its span in the trace of the call that started
	// it; otherwise (a spare, see prepareProbe) the completion that takes
	// its verdict records it in its own (probe).
	traced bool
	// Under probeFile.mu: ready came in time (the verdict may be taken),
	// or the budget ran out first (the probe is killed).
	released, expired bool
}

// newProbeFile creates an empty copy in the temporary directory and, where
// the system allows, takes the lease that lets a probe start early.
func (s *Service) newProbeFile(pattern string) (*probeFile, error) {
	f, err := os.CreateTemp(s.cfg.TempDir, pattern)
	if err != nil {
		return nil, fmt.Errorf("temporary file: %w", err)
	}
	p := &probeFile{s: s, f: f}
	p.leased = s.earlyBudget > 0 && holdOpens(f) == nil
	return p, nil
}

// start starts ffprobe on the file now, if it is still held (ready was not
// called) and an early probe's slot is free; ffprobe opens the file once
// ready lets it. It tells whether ffprobe runs (or ran) on the file early.
func (p *probeFile) start(ctx context.Context) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.leased || p.early != nil {
		return p.early != nil
	}
	select {
	case p.s.earlyProbes <- struct{}{}:
	default:
		return false
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	e := &earlyProbe{cancel: cancel, done: make(chan struct{}), began: time.Now(), traced: trace.SpanFromContext(ctx).IsRecording()}
	p.early = e
	e.timer = time.AfterFunc(p.s.earlyBudget, p.expire)
	go func() {
		defer close(e.done)
		defer func() { <-p.s.earlyProbes }()
		e.info, e.err = p.s.prober.Probe(ctx, p.f.Name())
		e.took = time.Since(e.began)
	}()
	return true
}

// expire kills an early probe whose file is not complete in time.
func (p *probeFile) expire() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e := p.early; e != nil && !e.released {
		e.expired = true
		e.cancel()
	}
}

// ready says the copy is complete and final: ffprobe may open it.
func (p *probeFile) ready() {
	p.mu.Lock()
	if e := p.early; e != nil && !e.expired {
		e.released = true
		e.timer.Stop()
	}
	leased := p.leased
	p.leased = false
	p.mu.Unlock()
	if leased {
		if err := releaseOpens(p.f); err != nil {
			// The copy is complete, so a probe waiting on it still reads
			// the whole file, once the kernel breaks the lease.
			p.s.deps.Log.Warn("lift the lease on an upload's copy", "err", err)
		}
	}
}

// probe returns what ffprobe finds in the copy, which ready must have
// declared complete: the early probe's verdict when it may be taken,
// otherwise a probe run now.
func (p *probeFile) probe(ctx context.Context) (media.Info, error) {
	p.mu.Lock()
	e := p.early
	p.mu.Unlock()
	if e != nil {
		select {
		case <-e.done:
		case <-ctx.Done():
			return media.Info{}, fmt.Errorf("probe: %w", ctx.Err())
		}
		if !e.traced {
			_, span := tracing.StartAt(ctx, "ffprobe", trace.SpanKindInternal, e.began,
				attribute.Bool("streamgate.probe.started_ahead", true))
			tracing.EndAt(span, e.err, e.began.Add(e.took))
		}
		p.mu.Lock()
		taken := e.released
		p.mu.Unlock()
		if taken && (e.err == nil || errors.Is(e.err, media.ErrRejected) && !p.timedOut(e)) {
			return e.info, e.err
		}
	}
	return p.s.prober.Probe(ctx, p.f.Name())
}

// timedOut tells whether an early probe's rejection may be its timeout,
// which counts the wait for the file: only a run as long as the timeout
// can be (ffprobe's clock starts after e's).
func (p *probeFile) timedOut(e *earlyProbe) bool {
	return errors.Is(e.err, media.ErrUnreadable) && e.took >= cmp.Or(p.s.prober.Timeout, time.Minute)
}

// name is the copy's path.
func (p *probeFile) name() string { return p.f.Name() }

// close stops an early probe that is still running and deletes the copy.
func (p *probeFile) close() {
	p.mu.Lock()
	e := p.early
	p.mu.Unlock()
	if e != nil {
		e.timer.Stop()
		e.cancel()
		<-e.done
	}
	p.f.Close()
	os.Remove(p.f.Name())
}
