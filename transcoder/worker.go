package transcoder

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"connectrpc.com/connect"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
	"github.com/streamgate/streamgate/gen/streamgate/transcode/v1/transcodev1connect"
	"github.com/streamgate/streamgate/internal/redact"
	"github.com/streamgate/streamgate/internal/tracing"
	"github.com/streamgate/streamgate/media"
)

// errLeaseLost is the cause of a job whose lease the server took back.
var errLeaseLost = errors.New("lease lost: the server handed the job to another worker")

// Worker claims and runs transcode jobs.
type Worker struct {
	cfg    Config
	client transcodev1connect.TranscodeServiceClient
	enc    Encoder
	// storage is HTTPClient for presigned object-storage URLs, traced.
	storage *http.Client
	tracer  trace.Tracer
}

// New returns a worker for cfg, which must be complete (start from
// DefaultConfig).
func New(cfg Config) (*Worker, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	interceptors := []connect.Interceptor{bearer(cfg.Token)}
	storage := cfg.HTTPClient
	if cfg.Tracing.Enabled() {
		// ClaimJob is a long poll: a job's trace is the upload's (RunJob).
		traced, err := cfg.Tracing.ClientInterceptor(transcodev1connect.TranscodeServiceClaimJobProcedure)
		if err != nil {
			return nil, err
		}
		interceptors = append([]connect.Interceptor{traced}, interceptors...)
		c := *cfg.HTTPClient
		c.Transport = tracing.Transport(c.Transport, "s3")
		storage = &c
	}
	client := transcodev1connect.NewTranscodeServiceClient(cfg.HTTPClient, cfg.ServerURL,
		connect.WithInterceptors(interceptors...))
	return &Worker{cfg: cfg, client: client, storage: storage, tracer: cfg.Tracing.Tracer(), enc: Encoder{
		FFmpeg: cfg.FFmpeg, FFprobe: cfg.FFprobe, Profile: cfg.Profile, MaxWall: cfg.MaxWall, Poll: cfg.EarlyPoll,
	}}, nil
}

// Run claims jobs until ctx ends. Then it claims no more, lets running
// jobs finish for up to DrainTimeout, and hands back (FailJob,
// retryable) those still running after that.
func (w *Worker) Run(ctx context.Context) error {
	jobCtx, stopJobs := context.WithCancelCause(context.WithoutCancel(ctx))
	defer stopJobs(nil)
	idle := make(chan struct{})
	go func() {
		select {
		case <-idle:
			return
		case <-ctx.Done():
		}
		w.cfg.Log.Info("stopping: no new jobs; running jobs may finish", "drain_timeout", w.cfg.DrainTimeout)
		select {
		case <-idle:
		case <-time.After(w.cfg.DrainTimeout):
			stopJobs(errStopped)
		}
	}()
	var wg sync.WaitGroup
	for range w.cfg.Concurrency {
		wg.Go(func() { w.loop(ctx, jobCtx) })
	}
	wg.Wait()
	close(idle)
	return nil
}

func (w *Worker) loop(ctx, jobCtx context.Context) {
	delay := time.Second
	for ctx.Err() == nil {
		res, err := w.client.ClaimJob(ctx, connect.NewRequest(&transcodev1.ClaimJobRequest{
			WorkerId: w.cfg.WorkerID, Wait: durationpbOf(w.cfg.ClaimWait),
		}))
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			w.cfg.Log.Warn("claim failed", "err", err, "retry_in", delay)
			select {
			case <-ctx.Done():
			case <-time.After(delay):
			}
			delay = min(delay*2, 30*time.Second)
			continue
		}
		delay = time.Second
		if job := res.Msg.GetJob(); job != nil {
			w.RunJob(jobCtx, job)
		}
	}
}

// RunJob runs one claimed job to completion or failure, heartbeating
// meanwhile; a lost lease stops it at once, without a word to the server.
func (w *Worker) RunJob(ctx context.Context, job *transcodev1.Job) {
	log := w.cfg.Log.With("job", job.GetId(), "video", job.GetVideoId(), "attempt", job.GetAttempt())
	ctx, span := w.startJob(ctx, job)
	var err error
	defer func() { tracing.End(span, err) }()
	if sc := span.SpanContext(); sc.IsValid() {
		log = log.With("trace_id", sc.TraceID().String(), "span_id", sc.SpanID().String())
	}
	log.Info("job claimed")
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var progress atomic.Uint64
	setProgress := func(f float64) { progress.Store(math.Float64bits(f)) }
	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		w.heartbeat(ctx, cancel, job, &progress)
	}()
	var done *transcodev1.CompleteJobRequest
	done, err = w.process(ctx, job, setProgress)
	if err == nil {
		setProgress(1)
		_, err = w.client.CompleteJob(ctx, connect.NewRequest(done))
	}
	cause := context.Cause(ctx)
	cancel(nil)
	<-hbDone
	switch {
	case err == nil:
		log.Info("job completed")
	case errors.Is(cause, errLeaseLost) || connect.CodeOf(err) == connect.CodeAborted:
		log.Warn("job abandoned", "err", errLeaseLost)
	default:
		if errors.Is(cause, errStopped) {
			err = errStopped
		}
		w.fail(ctx, job, err, log)
	}
}

// startJob starts the job's span, continuing the trace of the upload
// that queued it.
func (w *Worker) startJob(ctx context.Context, job *transcodev1.Job) (context.Context, trace.Span) {
	if !w.cfg.Tracing.Enabled() {
		return ctx, trace.SpanFromContext(ctx)
	}
	return w.tracer.Start(tracing.WithTraceParent(ctx, job.GetTraceparent()), "transcode job",
		trace.WithSpanKind(trace.SpanKindConsumer), trace.WithAttributes(
			attribute.String("streamgate.job.id", job.GetId()), attribute.String("streamgate.video.id", job.GetVideoId()),
			attribute.Int("streamgate.job.attempt", int(job.GetAttempt()))))
}

// fail reports the failure, in ctx's trace but not bound to its end.
func (w *Worker) fail(ctx context.Context, job *transcodev1.Job, err error, log interface{ Warn(string, ...any) }) {
	// The message becomes the video's public failure reason: no URL in it
	// may keep its query (a presigned GET of the original is a download
	// link for an hour).
	msg := redact.URLs(err.Error())
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	res, ferr := w.client.FailJob(ctx, connect.NewRequest(&transcodev1.FailJobRequest{
		JobId: job.GetId(), LeaseToken: job.GetLeaseToken(), Error: msg, Retryable: retryable(err),
	}))
	if ferr != nil {
		log.Warn("job failed; reporting it failed too (the lease will expire)", "err", msg, "report_err", ferr)
		return
	}
	log.Warn("job failed", "err", msg, "dead", res.Msg.GetDead())
}

// retryable says whether another attempt may succeed. A source media
// refuses (no video stream, a container outside media.Containers) never
// will; one ffprobe could not read may: the upload's probe read the same
// bytes, so a busy machine or a bad download is the likelier cause.
func retryable(err error) bool {
	return !errors.Is(err, media.ErrRejected) || errors.Is(err, media.ErrUnreadable)
}

// process downloads, encodes and uploads, and returns the completion.
func (w *Worker) process(ctx context.Context, job *transcodev1.Job, progress func(float64)) (*transcodev1.CompleteJobRequest, error) {
	if err := os.MkdirAll(w.cfg.WorkDir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(w.cfg.WorkDir, "job-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		return nil, err
	}
	src := Source{Path: filepath.Join(tmp, "source"), Format: job.GetSource().GetFormat()}
	if err := w.download(ctx, job.GetSource(), src.Path); err != nil {
		return nil, err
	}
	// The steps before the first playable segment, for the timeline of a
	// job (BenchmarkTimeToFirstPlay reads them).
	w.cfg.Log.Debug("source downloaded", "job", job.GetId(), "bytes", job.GetSource().GetSizeBytes())
	enc := job.GetEncryption()
	ej, probe, err := w.enc.Prepare(ctx, src, Key{Key: enc.GetKey(), IV: enc.GetIv(), URI: enc.GetKeyUri()}, tmp)
	if err != nil {
		return nil, err
	}
	w.cfg.Log.Debug("source probed; encoding", "job", job.GetId())
	pub := w.newPublisher(job, out, ej, probe.FPS)
	res, err := pub.during(ctx, func(ctx context.Context) (Result, error) {
		return w.enc.Run(ctx, ej, probe, out, func(f float64) { progress(0.9 * f) })
	})
	if err != nil {
		return nil, err
	}
	done := completion(job, res)
	if job.GetDownloadable() {
		if _, err := w.enc.Download(ctx, res, Key{Key: enc.GetKey(), IV: enc.GetIv()}, tmp, out); err != nil {
			return nil, err
		}
		done.Download = Download
	}
	if err := pub.finish(ctx); err != nil {
		return nil, err
	}
	return done, nil
}

func completion(job *transcodev1.Job, res Result) *transcodev1.CompleteJobRequest {
	req := &transcodev1.CompleteJobRequest{JobId: job.GetId(), LeaseToken: job.GetLeaseToken(), MasterPlaylist: MasterPlaylist}
	if res.Stills {
		req.Poster, req.Storyboard = Poster, StoryboardVTT
	}
	for _, v := range res.Variants {
		req.Renditions = append(req.Renditions, renditionOutput(v))
	}
	return req
}

func renditionOutput(v Variant) *transcodev1.RenditionOutput {
	return &transcodev1.RenditionOutput{
		Name: v.Name, Width: uint32(v.Width), Height: uint32(v.Height),
		Bandwidth: v.Peak, Codecs: v.Codecs, Playlist: v.Name + "/index.m3u8",
	}
}

// heartbeat extends the lease at a third of its length and reports
// progress, until ctx ends; it cancels the job when the lease is lost.
func (w *Worker) heartbeat(ctx context.Context, cancel context.CancelCauseFunc, job *transcodev1.Job, progress *atomic.Uint64) {
	expiry := job.GetLeaseExpireTime().AsTime()
	every := min(max(time.Until(expiry)/3, 100*time.Millisecond), 10*time.Second)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		res, err := w.client.Heartbeat(ctx, connect.NewRequest(&transcodev1.HeartbeatRequest{
			JobId: job.GetId(), LeaseToken: job.GetLeaseToken(), Progress: math.Float64frombits(progress.Load()),
		}))
		switch code := connect.CodeOf(err); {
		case err == nil:
			expiry = res.Msg.GetLeaseExpireTime().AsTime()
		case ctx.Err() != nil:
			return
		case code == connect.CodeAborted || code == connect.CodeNotFound || time.Now().After(expiry):
			cancel(fmt.Errorf("%w (%v)", errLeaseLost, err))
			return
		default:
			w.cfg.Log.Warn("heartbeat failed; retrying", "job", job.GetId(), "err", err)
		}
	}
}
