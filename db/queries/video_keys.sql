-- name: InsertVideoKey :exec
-- The first writer wins; a racing Ensure reads the winner's key back.
INSERT INTO video_keys (video_id, sealed) VALUES (@video_id, @sealed)
ON CONFLICT (video_id) DO NOTHING;

-- name: GetVideoKey :one
SELECT sealed FROM video_keys WHERE video_id = @video_id;

-- name: GetVideoKeyForSession :one
-- A video's key for a playback token bound to a session, with whether the
-- session is still live, in one round trip: revocation ends key fetches
-- at once, on every replica, for the price of one more index probe.
SELECT k.sealed,
       EXISTS (SELECT 1 FROM sessions s WHERE s.id = @session_id AND s.revoked_at IS NULL)::boolean AS live
FROM video_keys k WHERE k.video_id = @video_id;
