-- name: EnqueueTranscodeJob :one
-- Called in the transaction that marks a video uploaded.
INSERT INTO transcode_jobs (id, video_id, max_attempts)
VALUES (@id, @video_id, @max_attempts)
RETURNING *;
