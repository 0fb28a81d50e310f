-- +goose Up
-- Caption and subtitle tracks. The WebVTT itself is an object in storage
-- (object_key, a new key per upload, so a replaced track is never served
-- stale from a cache); the row is what the master playlist lists.
CREATE TABLE text_tracks (
    id          uuid        PRIMARY KEY,
    video_id    uuid        NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    language    text        NOT NULL CHECK (length(language) BETWEEN 2 AND 35),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    kind        text        NOT NULL CHECK (kind IN ('subtitles', 'captions')),
    is_default  boolean     NOT NULL DEFAULT false,
    forced      boolean     NOT NULL DEFAULT false,
    cue_count   integer     NOT NULL CHECK (cue_count > 0),
    duration_ms bigint      NOT NULL CHECK (duration_ms > 0),
    object_key  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (video_id, language, name)
);

-- At most one default track per video, as HLS allows one DEFAULT=YES per group.
CREATE UNIQUE INDEX text_tracks_one_default ON text_tracks (video_id) WHERE is_default;

-- The owner's consent to show the poster to anyone (/poster/{id}.jpg).
ALTER TABLE videos ADD COLUMN public_poster boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE videos DROP COLUMN public_poster;
DROP TABLE text_tracks;
