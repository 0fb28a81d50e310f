-- +goose Up
-- Wake long-polling ClaimJob calls: every job that becomes claimable
-- (enqueued, or handed back to the queue) notifies 'transcode_jobs'.
-- Jobs delayed by backoff are found by the claimers' periodic re-poll.
-- +goose StatementBegin
CREATE FUNCTION transcode_jobs_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('transcode_jobs', NEW.id::text);
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER transcode_jobs_notify_insert
AFTER INSERT ON transcode_jobs
FOR EACH ROW WHEN (NEW.state = 'queued')
EXECUTE FUNCTION transcode_jobs_notify();

CREATE TRIGGER transcode_jobs_notify_requeue
AFTER UPDATE OF state ON transcode_jobs
FOR EACH ROW WHEN (NEW.state = 'queued' AND OLD.state IS DISTINCT FROM 'queued')
EXECUTE FUNCTION transcode_jobs_notify();

-- One AES-128 content key per video for HLS segment encryption, sealed
-- at rest with AES-256-GCM under the server's master key (server/hlskey).
-- sealed = 12-byte nonce || ciphertext || 16-byte tag; the video id is
-- the additional data, so a sealed key cannot be moved to another video.
CREATE TABLE video_keys (
    video_id   uuid        PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
    sealed     bytea       NOT NULL CHECK (length(sealed) = 44),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE video_keys;
DROP TRIGGER transcode_jobs_notify_requeue ON transcode_jobs;
DROP TRIGGER transcode_jobs_notify_insert ON transcode_jobs;
DROP FUNCTION transcode_jobs_notify;
