-- +goose Up
-- The W3C traceparent of the request that queued the job (empty when
-- tracing is off): the worker that claims the job continues that trace,
-- so an upload and its transcode are one trace.
ALTER TABLE transcode_jobs
    ADD COLUMN trace_parent text NOT NULL DEFAULT '' CHECK (length(trace_parent) <= 128);

-- +goose Down
ALTER TABLE transcode_jobs DROP COLUMN trace_parent;
