-- name: CreateUpload :one
INSERT INTO uploads (id, video_id, owner_address, object_key, s3_upload_id, size_bytes, sha256,
                     parts_sha256, content_type, part_size, part_count, expires_at)
VALUES (@id, @video_id, @owner_address, @object_key, @s3_upload_id, @size_bytes, @sha256,
        @parts_sha256, @content_type, @part_size, @part_count, @expires_at)
RETURNING *;

-- name: GetUpload :one
SELECT * FROM uploads WHERE id = @id;

-- name: LiveUploadOfVideo :one
SELECT * FROM uploads WHERE video_id = @video_id AND state IN ('open', 'verifying');

-- name: ClaimUploadForVerify :one
-- Only one completion runs at a time; a verification that died (its
-- server crashed) is taken over once it is stale. An upload that declared
-- no checksum takes @parts_sha256 as its declaration; one that declared
-- one keeps it (the caller checked that they agree).
UPDATE uploads SET state = 'verifying', updated_at = now(),
    parts_sha256 = CASE WHEN sha256 = '' AND parts_sha256 = '' THEN @parts_sha256::text ELSE parts_sha256 END
WHERE id = @id AND (state = 'open' OR (state = 'verifying' AND updated_at < @stale_before))
RETURNING *;

-- name: ReopenUpload :exec
UPDATE uploads SET state = 'open', updated_at = now() WHERE id = @id AND state = 'verifying';

-- name: FinishUpload :execrows
UPDATE uploads SET state = @state, failure_reason = @reason, updated_at = now()
WHERE id = @id AND state IN ('open', 'verifying');

-- name: TouchUpload :exec
UPDATE uploads SET updated_at = now() WHERE id = @id;

-- name: DueExpiredUploads :many
-- Open uploads past their expiry; a verifying one only once its
-- verification is stale (a live one finishes on its own).
SELECT * FROM uploads
WHERE expires_at < now() AND (state = 'open' OR (state = 'verifying' AND updated_at < @stale_before))
ORDER BY expires_at
LIMIT @lim;

-- name: ExpireUpload :execrows
-- Ends an upload the sweeper found due, only if it is still due: a
-- completion that took over a stale verification meanwhile wins.
UPDATE uploads SET state = 'expired', failure_reason = @reason, updated_at = now()
WHERE id = @id AND expires_at < now()
  AND (state = 'open' OR (state = 'verifying' AND updated_at < @stale_before));
