-- +goose Up
-- A video is playable once /play can serve its ladder: a worker that
-- publishes the first segments of every rung (EVENT playlists) before the
-- encode ends makes it playable while it is still processing; ready
-- videos are always playable. A failed attempt clears it again.
ALTER TABLE videos ADD COLUMN playable boolean NOT NULL DEFAULT false;
UPDATE videos SET playable = true WHERE status = 'ready' AND hls_prefix <> '';

-- +goose Down
ALTER TABLE videos DROP COLUMN playable;
