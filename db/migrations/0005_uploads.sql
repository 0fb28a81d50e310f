-- +goose Up
CREATE TYPE upload_state AS ENUM ('open', 'verifying', 'completed', 'aborted', 'expired', 'failed');

-- A resumable upload of a video's original into an S3 multipart upload.
-- The object key is server-generated: originals/{video_id}/{id}.
CREATE TABLE uploads (
    id             uuid         PRIMARY KEY,
    video_id       uuid         NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    owner_address  text         NOT NULL,
    object_key     text         NOT NULL,
    s3_upload_id   text         NOT NULL,
    size_bytes     bigint       NOT NULL CHECK (size_bytes > 0),
    -- The declared whole-file SHA-256, lowercase hex.
    sha256         text         NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content_type   text         NOT NULL DEFAULT '',
    part_size      bigint       NOT NULL CHECK (part_size > 0),
    part_count     integer      NOT NULL CHECK (part_count BETWEEN 1 AND 10000),
    state          upload_state NOT NULL DEFAULT 'open',
    failure_reason text         NOT NULL DEFAULT '',
    expires_at     timestamptz  NOT NULL,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    updated_at     timestamptz  NOT NULL DEFAULT now()
);

-- At most one live upload per video.
CREATE UNIQUE INDEX uploads_one_live ON uploads (video_id) WHERE state IN ('open', 'verifying');
CREATE INDEX uploads_expiry ON uploads (expires_at) WHERE state IN ('open', 'verifying');

-- Every change to a video (status, progress, metadata; from any writer,
-- including the transcode queue) wakes the servers' watchers.
-- +goose StatementBegin
CREATE FUNCTION notify_video_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('video_changed', COALESCE(NEW.id, OLD.id)::text);
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER videos_changed AFTER UPDATE OR DELETE ON videos
FOR EACH ROW EXECUTE FUNCTION notify_video_changed();

CREATE INDEX object_deletions_due ON object_deletions (not_before);

-- +goose Down
DROP INDEX object_deletions_due;
DROP TRIGGER videos_changed ON videos;
DROP FUNCTION notify_video_changed;
DROP TABLE uploads;
DROP TYPE upload_state;
