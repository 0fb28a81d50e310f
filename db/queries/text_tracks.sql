-- name: GetTextTrackByName :one
-- The track a new upload of the same language and name replaces.
SELECT * FROM text_tracks
WHERE video_id = @video_id AND language = @language AND name = @name
FOR UPDATE;

-- name: CountTextTracks :one
SELECT count(*) FROM text_tracks WHERE video_id = @video_id;

-- name: ClearDefaultTextTrack :exec
-- A new default track takes over from the old one.
UPDATE text_tracks SET is_default = false, updated_at = now()
WHERE video_id = @video_id AND is_default;

-- name: InsertTextTrack :one
INSERT INTO text_tracks (id, video_id, language, name, kind, is_default, forced, cue_count, duration_ms, object_key)
VALUES (@id, @video_id, @language, @name, @kind, @is_default, @forced, @cue_count, @duration_ms, @object_key)
RETURNING *;

-- name: ReplaceTextTrack :one
UPDATE text_tracks SET
    kind        = @kind,
    is_default  = @is_default,
    forced      = @forced,
    cue_count   = @cue_count,
    duration_ms = @duration_ms,
    object_key  = @object_key,
    updated_at  = now()
WHERE id = @id
RETURNING *;

-- name: ListTextTracks :many
SELECT * FROM text_tracks WHERE video_id = @video_id ORDER BY language, name, id;

-- name: DeleteTextTrack :one
DELETE FROM text_tracks WHERE id = @id AND video_id = @video_id
RETURNING object_key;

-- name: GetPosterVideo :one
-- What /poster/{id}.jpg needs: whether the owner allows it, and where the
-- poster is.
SELECT id, status, visibility, hls_prefix, public_poster FROM videos WHERE id = @id;
