-- name: EnqueueTranscodeJob :one
-- Called in the transaction that marks a video uploaded.
INSERT INTO transcode_jobs (id, video_id, max_attempts, trace_parent)
VALUES (@id, @video_id, @max_attempts, @trace_parent)
RETURNING *;

-- name: ClaimTranscodeJob :one
-- Takes the oldest runnable job under a new lease. SKIP LOCKED lets many
-- claimers run at once without waiting on, or taking, each other's row.
UPDATE transcode_jobs
SET state            = 'running',
    attempt          = attempt + 1,
    lease_token      = @lease_token,
    lease_expires_at = now() + sqlc.arg(lease_seconds)::float8 * interval '1 second',
    worker_id        = @worker_id,
    progress         = 0,
    updated_at       = now()
WHERE id = (
    SELECT n.id FROM transcode_jobs n
    WHERE n.state = 'queued' AND n.run_after <= now()
    ORDER BY n.run_after, n.created_at
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
RETURNING *;

-- name: GetTranscodeJob :one
SELECT * FROM transcode_jobs WHERE id = @id;

-- name: LockLeasedTranscodeJob :one
-- Every worker write starts here: the row only comes back to the holder
-- of the current lease.
SELECT * FROM transcode_jobs
WHERE id = @id AND lease_token = @lease_token AND state = 'running'
FOR UPDATE;

-- name: HeartbeatTranscodeJob :one
UPDATE transcode_jobs
SET lease_expires_at = now() + sqlc.arg(lease_seconds)::float8 * interval '1 second',
    progress         = @progress,
    updated_at       = now()
WHERE id = @id AND lease_token = @lease_token AND state = 'running'
RETURNING *;

-- name: CompleteTranscodeJob :one
UPDATE transcode_jobs
SET state = 'succeeded', lease_token = NULL, lease_expires_at = NULL,
    progress = 1, last_error = '', updated_at = now()
WHERE id = @id AND lease_token = @lease_token AND state = 'running'
RETURNING *;

-- name: RetryTranscodeJob :one
-- Back to the queue after exponential backoff with jitter: the delay is
-- base * 2^(attempt-1), capped, then scaled by a random factor in [0.5, 1).
UPDATE transcode_jobs
SET state = 'queued', lease_token = NULL, lease_expires_at = NULL,
    last_error = @last_error,
    run_after  = now() + interval '1 second' *
        least(sqlc.arg(backoff_cap)::float8, sqlc.arg(backoff_base)::float8 * power(2, attempt - 1)) * (0.5 + random() / 2),
    updated_at = now()
WHERE id = @id AND lease_token = @lease_token AND state = 'running'
RETURNING *;

-- name: KillTranscodeJob :one
UPDATE transcode_jobs
SET state = 'dead', lease_token = NULL, lease_expires_at = NULL,
    last_error = @last_error, updated_at = now()
WHERE id = @id AND lease_token = @lease_token AND state = 'running'
RETURNING *;

-- name: RescueExpiredTranscodeJobs :many
-- Returns jobs whose worker stopped heartbeating to the queue (with
-- backoff), or kills them when no attempt is left. The attempt that
-- expired is the returned row's attempt.
UPDATE transcode_jobs
SET state = CASE WHEN attempt >= max_attempts THEN 'dead'::job_state ELSE 'queued'::job_state END,
    lease_token = NULL, lease_expires_at = NULL,
    last_error = 'lease expired: worker ' || worker_id || ' stopped heartbeating',
    run_after  = now() + interval '1 second' *
        least(sqlc.arg(backoff_cap)::float8, sqlc.arg(backoff_base)::float8 * power(2, attempt - 1)) * (0.5 + random() / 2),
    updated_at = now()
WHERE id IN (
    SELECT e.id FROM transcode_jobs e
    WHERE e.state = 'running' AND e.lease_expires_at < now()
    ORDER BY e.lease_expires_at
    LIMIT @max_jobs
    FOR UPDATE SKIP LOCKED
)
RETURNING *;

-- name: TranscodeGetVideoSource :one
SELECT id, source_key, source_format, size_bytes, duration_ms, width, height, audio_codec, downloadable
FROM videos WHERE id = @id;

-- name: TranscodeMarkVideoProcessing :exec
UPDATE videos
SET status = 'processing', progress = 0, failure_reason = '', updated_at = now()
WHERE id = @id;

-- name: TranscodeSetVideoProgress :exec
UPDATE videos
SET progress = @progress, updated_at = now()
WHERE id = @id AND status = 'processing' AND progress <> @progress;

-- name: TranscodeLockVideoPrefix :one
SELECT hls_prefix FROM videos WHERE id = @id FOR UPDATE;

-- name: TranscodePublishVideo :exec
-- Publishing is this one row update: until it commits, nothing points at
-- the attempt's objects.
UPDATE videos
SET status = 'ready', progress = 1, failure_reason = '', playable = true,
    hls_prefix = @hls_prefix, renditions = @renditions, download_object = @download_object, updated_at = now()
WHERE id = @id;

-- name: TranscodePublishEarly :execrows
-- Makes a processing video playable from an attempt that is still
-- encoding. It never replaces another attempt's published ladder: no row
-- when the video points elsewhere or is no longer processing.
UPDATE videos
SET playable = true, hls_prefix = @hls_prefix, renditions = @renditions, updated_at = now()
WHERE id = @id AND status = 'processing' AND hls_prefix IN ('', @hls_prefix::text);

-- name: TranscodeUnpublishEarly :execrows
-- Takes back what an attempt that will never complete published early;
-- a ready video, or one pointing at another attempt, is left alone.
UPDATE videos
SET playable = false, hls_prefix = '', renditions = '[]', updated_at = now()
WHERE id = @id AND hls_prefix = @hls_prefix::text AND status <> 'ready';

-- name: TranscodeFailVideo :exec
UPDATE videos
SET status = 'failed', failure_reason = @failure_reason, progress = 0, updated_at = now()
WHERE id = @id;

-- name: TranscodeQueueDeletion :exec
-- Objects of attempts that were never published, or were replaced.
INSERT INTO object_deletions (prefix) VALUES (@prefix)
ON CONFLICT (prefix) DO NOTHING;
