-- +goose Up
-- An upload declares either the whole file's SHA-256 or the SHA-256 of its
-- parts' SHA-256 digests (S3's composite checksum), never both.
ALTER TABLE uploads
    ADD COLUMN parts_sha256 text NOT NULL DEFAULT '' CHECK (parts_sha256 ~ '^([0-9a-f]{64})?$'),
    DROP CONSTRAINT uploads_sha256_check,
    ADD CONSTRAINT uploads_sha256_check CHECK (sha256 ~ '^([0-9a-f]{64})?$'),
    ADD CONSTRAINT uploads_one_checksum CHECK ((sha256 = '') <> (parts_sha256 = ''));

-- +goose Down
-- Refused while any upload declared only its parts' checksum: deleting
-- those rows would strand their parts and objects in the bucket, out of
-- the sweeper's sight, and completed ones would answer NotFound.
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM uploads WHERE sha256 = '') THEN
        RAISE EXCEPTION 'uploads that declared parts_sha256 exist: undoing this migration would lose them';
    END IF;
END $$;
-- +goose StatementEnd
ALTER TABLE uploads
    DROP CONSTRAINT uploads_one_checksum,
    DROP CONSTRAINT uploads_sha256_check,
    ADD CONSTRAINT uploads_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    DROP COLUMN parts_sha256;
