-- name: CreateVideo :one
INSERT INTO videos (id, owner_address, title, description, tags, visibility, downloadable)
VALUES (@id, @owner_address, @title, @description, @tags, @visibility, @downloadable)
RETURNING *;

-- name: GetVideo :one
SELECT * FROM videos WHERE id = @id;

-- name: GetVideoForUpdate :one
SELECT * FROM videos WHERE id = @id FOR UPDATE;

-- name: ListVideos :many
-- Newest first, after the (created_at, id) cursor. Public videos, plus the
-- viewer's own when include_own is set (listing one's own catalog).
SELECT * FROM videos v
WHERE (v.visibility = 'public' OR (@include_own::bool AND v.owner_address = @viewer::text))
  AND (sqlc.narg(owner)::text IS NULL OR lower(v.owner_address) = lower(sqlc.narg(owner)::text))
  AND (sqlc.narg(status)::video_status IS NULL OR v.status = sqlc.narg(status)::video_status)
  AND (sqlc.narg(tag)::text IS NULL OR v.tags @> ARRAY[sqlc.narg(tag)::text])
  AND (sqlc.narg(after_created)::timestamptz IS NULL
       OR (v.created_at, v.id) < (sqlc.narg(after_created)::timestamptz, sqlc.narg(after_id)::uuid))
ORDER BY v.created_at DESC, v.id DESC
LIMIT @lim;

-- name: SearchVideos :many
-- Public videos ranked by full-text match; title weighs most, then tags,
-- then description.
SELECT sqlc.embed(v), ts_rank(v.search, q)::real AS rank
FROM videos v, websearch_to_tsquery('simple', @query::text) q
WHERE v.visibility = 'public' AND v.search @@ q
ORDER BY rank DESC, v.created_at DESC, v.id DESC
LIMIT @lim OFFSET @off;

-- name: UpdateVideoMeta :one
UPDATE videos SET
    title       = COALESCE(sqlc.narg(title)::text, title),
    description = COALESCE(sqlc.narg(description)::text, description),
    tags        = COALESCE(sqlc.narg(tags)::text[], tags),
    visibility  = COALESCE(sqlc.narg(visibility)::video_visibility, visibility),
    public_poster = COALESCE(sqlc.narg(public_poster)::bool, public_poster),
    downloadable = COALESCE(sqlc.narg(downloadable)::boolean, downloadable),
    updated_at  = now()
WHERE id = @id
RETURNING *;

-- name: DeleteVideo :execrows
DELETE FROM videos WHERE id = @id;

-- name: ResetVideoForUpload :exec
-- A video whose upload was refused may take a new one.
UPDATE videos SET status = 'waiting_upload', failure_reason = '', updated_at = now()
WHERE id = @id AND status = 'failed' AND source_key = '';

-- name: FailVideoUpload :execrows
UPDATE videos SET status = 'failed', failure_reason = @reason, updated_at = now()
WHERE id = @id AND status = 'waiting_upload';

-- name: MarkVideoUploaded :execrows
UPDATE videos SET
    status        = 'uploaded',
    failure_reason = '',
    source_key    = @source_key,
    size_bytes    = @size_bytes,
    duration_ms   = @duration_ms,
    width         = @width,
    height        = @height,
    video_codec   = @video_codec,
    audio_codec   = @audio_codec,
    source_format = @source_format,
    updated_at    = now()
WHERE id = @id AND status = 'waiting_upload';

-- name: GatedVideos :many
-- Which of these videos have an access rule (gate's table).
SELECT video_id FROM access_rules WHERE video_id = ANY(@ids::uuid[]);
