-- +goose Up
-- array_to_string is only STABLE; tags are plain text, so joining them is
-- immutable in fact, which the generated search column needs.
-- +goose StatementBegin
CREATE FUNCTION tags_text(tags text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT array_to_string(tags, ' ') $$;
-- +goose StatementEnd

CREATE TYPE video_status AS ENUM ('waiting_upload', 'uploaded', 'processing', 'ready', 'failed');
CREATE TYPE video_visibility AS ENUM ('public', 'unlisted', 'private');

-- The catalog. Everything else (uploads, jobs, rules, keys) hangs off it.
CREATE TABLE videos (
    id              uuid             PRIMARY KEY,
    owner_address   text             NOT NULL CHECK (owner_address ~ '^0x[0-9a-fA-F]{40}$'),
    title           text             NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description     text             NOT NULL DEFAULT '',
    tags            text[]           NOT NULL DEFAULT '{}',
    visibility      video_visibility NOT NULL,
    status          video_status     NOT NULL DEFAULT 'waiting_upload',
    failure_reason  text             NOT NULL DEFAULT '',
    progress        double precision NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    size_bytes      bigint           NOT NULL DEFAULT 0,
    duration_ms     bigint           NOT NULL DEFAULT 0,
    width           integer          NOT NULL DEFAULT 0,
    height          integer          NOT NULL DEFAULT 0,
    video_codec     text             NOT NULL DEFAULT '',
    audio_codec     text             NOT NULL DEFAULT '',
    source_format   text             NOT NULL DEFAULT '',
    -- Object key of the original, set by a completed upload.
    source_key      text             NOT NULL DEFAULT '',
    -- Object key prefix of the published HLS ladder, set on ready.
    hls_prefix      text             NOT NULL DEFAULT '',
    renditions      jsonb            NOT NULL DEFAULT '[]',
    created_at      timestamptz      NOT NULL DEFAULT now(),
    updated_at      timestamptz      NOT NULL DEFAULT now(),
    search          tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') ||
        setweight(to_tsvector('simple', tags_text(tags)), 'B') ||
        setweight(to_tsvector('simple', description), 'C')
    ) STORED
);

CREATE INDEX videos_owner_created ON videos (owner_address, created_at DESC, id DESC);
CREATE INDEX videos_created ON videos (created_at DESC, id DESC);
CREATE INDEX videos_tags ON videos USING gin (tags);
CREATE INDEX videos_search ON videos USING gin (search);

-- Object keys whose deletion is pending: deletes of videos enqueue their
-- prefixes here and a sweeper removes them from storage, surely.
CREATE TABLE object_deletions (
    prefix      text        PRIMARY KEY,
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text        NOT NULL DEFAULT '',
    not_before  timestamptz NOT NULL DEFAULT now(),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE object_deletions;
DROP TABLE videos;
DROP TYPE video_visibility;
DROP TYPE video_status;
DROP FUNCTION tags_text;
