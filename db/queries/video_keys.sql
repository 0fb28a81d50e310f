-- name: InsertVideoKey :exec
-- The first writer wins; a racing Ensure reads the winner's key back.
INSERT INTO video_keys (video_id, sealed) VALUES (@video_id, @sealed)
ON CONFLICT (video_id) DO NOTHING;

-- name: GetVideoKey :one
SELECT sealed FROM video_keys WHERE video_id = @video_id;
