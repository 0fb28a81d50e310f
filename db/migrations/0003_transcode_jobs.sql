-- +goose Up
CREATE TYPE job_state AS ENUM ('queued', 'running', 'succeeded', 'dead');

-- The transcode queue. A completed upload enqueues a job; workers claim
-- it with FOR UPDATE SKIP LOCKED under a lease; every worker write is
-- fenced by lease_token.
CREATE TABLE transcode_jobs (
    id               uuid             PRIMARY KEY,
    video_id         uuid             NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    state            job_state        NOT NULL DEFAULT 'queued',
    attempt          integer          NOT NULL DEFAULT 0,
    max_attempts     integer          NOT NULL DEFAULT 5,
    run_after        timestamptz      NOT NULL DEFAULT now(),
    lease_token      uuid,
    lease_expires_at timestamptz,
    worker_id        text             NOT NULL DEFAULT '',
    progress         double precision NOT NULL DEFAULT 0,
    last_error       text             NOT NULL DEFAULT '',
    created_at       timestamptz      NOT NULL DEFAULT now(),
    updated_at       timestamptz      NOT NULL DEFAULT now()
);

-- At most one live job per video.
CREATE UNIQUE INDEX transcode_jobs_one_live ON transcode_jobs (video_id) WHERE state IN ('queued', 'running');
CREATE INDEX transcode_jobs_ready ON transcode_jobs (run_after) WHERE state = 'queued';
CREATE INDEX transcode_jobs_leases ON transcode_jobs (lease_expires_at) WHERE state = 'running';

-- +goose Down
DROP TABLE transcode_jobs;
DROP TYPE job_state;
