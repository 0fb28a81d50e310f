-- name: GetPlaybackVideo :one
-- What playback needs of a video: who owns it, who may see it, whether it
-- is ready, and where its HLS ladder lives.
SELECT id, owner_address, status, visibility, hls_prefix, playable
FROM videos
WHERE id = @id;
