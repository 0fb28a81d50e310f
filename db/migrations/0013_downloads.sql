-- +goose Up
-- Downloads: the owner's switch, and the MP4 the published attempt holds
-- (relative to hls_prefix, '' when it has none). /play serves it only
-- while both are set, so turning downloads off stops them at once.
ALTER TABLE videos
	ADD COLUMN downloadable boolean NOT NULL DEFAULT false,
	ADD COLUMN download_object text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE videos DROP COLUMN download_object, DROP COLUMN downloadable;
