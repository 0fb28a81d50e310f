-- name: EnqueueObjectDeletion :exec
INSERT INTO object_deletions (prefix) VALUES (@prefix)
ON CONFLICT (prefix) DO UPDATE SET not_before = LEAST(object_deletions.not_before, now());

-- name: ClaimObjectDeletions :many
-- Pushes not_before forward while a sweeper works on a batch, so that a
-- second server skips it and a crashed sweeper's batch comes back later.
UPDATE object_deletions SET not_before = now() + sqlc.arg(lease_seconds)::float8 * interval '1 second', attempts = attempts + 1
WHERE prefix IN (
    SELECT prefix FROM object_deletions WHERE not_before <= now()
    ORDER BY not_before LIMIT @lim FOR UPDATE SKIP LOCKED
)
RETURNING *;

-- name: DoneObjectDeletion :exec
DELETE FROM object_deletions WHERE prefix = @prefix;

-- name: RetryObjectDeletion :exec
UPDATE object_deletions SET last_error = @last_error, not_before = now() + sqlc.arg(backoff_seconds)::float8 * interval '1 second'
WHERE prefix = @prefix;

-- name: CountObjectDeletions :one
SELECT count(*) FROM object_deletions;
