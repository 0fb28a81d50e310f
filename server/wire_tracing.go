package server

import (
	"github.com/streamgate/streamgate/gen/streamgate/transcode/v1/transcodev1connect"
	"github.com/streamgate/streamgate/internal/tracing"
	"github.com/streamgate/streamgate/internal/tracing/redistrace"
	"github.com/streamgate/streamgate/server/reqlog"
)

// playRoute traces /play requests; the playback token in the path is a
// working credential, so spans carry the path as reqlog redacts it.
var playRoute = tracing.Route{Prefix: "/play/", Name: "/play/{token}/{file...}", Redact: reqlog.Redact}

// wireTracing builds the RPC tracing interceptors and traces Redis. Only
// TranscodeService continues a caller's trace (workers carry the job's);
// public callers' trace context becomes a link. ClaimJob, a long poll per
// worker, is not traced: a job's trace starts from the upload that queued
// it (the job's traceparent).
func (m *mounter) wireTracing() error {
	if !m.deps.Tracing.Enabled() {
		return nil
	}
	var err error
	if m.traced, err = m.deps.Tracing.ServerInterceptor(false); err != nil {
		return err
	}
	m.tracedTrusted, err = m.deps.Tracing.ServerInterceptor(true, transcodev1connect.TranscodeServiceClaimJobProcedure)
	if err != nil {
		return err
	}
	if m.deps.Redis != nil {
		m.deps.Redis = redistrace.Wrap(m.deps.Redis)
	}
	return nil
}
