-- name: GetPlaybackVideo :one
-- What playback needs of a video: who owns it, who may see it, whether it
-- is ready, and where its HLS ladder lives; its title and download, for
-- download.mp4.
SELECT id, owner_address, status, visibility, hls_prefix, playable, title, downloadable, download_object
FROM videos
WHERE id = @id;
