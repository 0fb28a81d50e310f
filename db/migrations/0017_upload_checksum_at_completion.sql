-- +goose Up
-- An upload may declare no checksum when it is created: its client hashes
-- each part as it sends it and declares the parts' composite SHA-256 when
-- it completes the upload. Never both, and never neither once a
-- completion has claimed the upload (the claim records the declaration).
ALTER TABLE uploads
    DROP CONSTRAINT uploads_one_checksum,
    ADD CONSTRAINT uploads_one_checksum CHECK (sha256 = '' OR parts_sha256 = ''),
    ADD CONSTRAINT uploads_checksum_to_verify CHECK (
        state IN ('open', 'aborted', 'expired') OR sha256 <> '' OR parts_sha256 <> '');

-- +goose Down
-- Refused while an upload without a checksum is on record: the older
-- schema cannot hold it, and deleting it would strand its parts in the
-- bucket, out of the sweeper's sight.
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM uploads WHERE sha256 = '' AND parts_sha256 = '') THEN
        RAISE EXCEPTION 'uploads that declared no checksum yet exist: undoing this migration would lose them';
    END IF;
END $$;
-- +goose StatementEnd
ALTER TABLE uploads
    DROP CONSTRAINT uploads_checksum_to_verify,
    DROP CONSTRAINT uploads_one_checksum,
    ADD CONSTRAINT uploads_one_checksum CHECK ((sha256 = '') <> (parts_sha256 = ''));
